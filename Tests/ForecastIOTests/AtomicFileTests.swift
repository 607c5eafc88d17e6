import ForecastIO
import Foundation
import Testing
import _ForecastTestSupport

private struct Interrupted: Error {}

/// Names in `dir` other than `keep`: what a failed write must not leave behind.
private func leftovers(_ dir: TemporaryDirectory, except keep: Set<String> = []) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { !keep.contains($0) }
}

@Test func atomicWriteCreatesTheFileWithEverythingWritten() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let target = dir.file("out.csv")
    try AtomicFile.write(to: target) { file in
        try file.write("a,b\n")
        try file.write(Array("1,2\n".utf8))
    }
    #expect(try String(contentsOfFile: target, encoding: .utf8) == "a,b\n1,2\n")
    #expect(try leftovers(dir) == ["out.csv"])
}

@Test func throwingMidWriteLeavesNeitherTemporaryFileNorTarget() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let target = dir.file("out.csv")
    #expect(throws: Interrupted.self) {
        try AtomicFile.write(to: target) { file in
            try file.write(String(repeating: "x", count: 3 << 20))   // past one flush
            throw Interrupted()
        }
    }
    #expect(try leftovers(dir).isEmpty)
}

@Test func throwingMidWriteKeepsTheOldTarget() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let target = try dir.write("old contents\n", to: "out.csv")
    #expect(throws: Interrupted.self) {
        try AtomicFile.write(to: target) { file in
            try file.write("new")
            throw Interrupted()
        }
    }
    #expect(try String(contentsOfFile: target, encoding: .utf8) == "old contents\n")
    #expect(try leftovers(dir) == ["out.csv"])
}

@Test func writeDataReplacesTheTarget() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let target = try dir.write("old", to: "f.bin")
    try AtomicFile.write(data: [1, 2, 3], to: target)
    #expect(FileManager.default.contents(atPath: target) == Data([1, 2, 3]))
}

@Test func temporaryPathIsRenamedIntoPlaceOrRemoved() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let target = dir.file("model.h5")
    var seen = ""
    try AtomicFile.withTemporaryPath(for: target) { temporary in
        seen = temporary
        #expect((temporary as NSString).deletingLastPathComponent == dir.path)
        try "written by path".write(toFile: temporary, atomically: false, encoding: .utf8)
    }
    #expect(try String(contentsOfFile: target, encoding: .utf8) == "written by path")
    #expect(!FileManager.default.fileExists(atPath: seen))

    let failed = dir.file("failed.h5")
    #expect(throws: Interrupted.self) {
        try AtomicFile.withTemporaryPath(for: failed) { temporary in
            try "partial".write(toFile: temporary, atomically: false, encoding: .utf8)
            throw Interrupted()
        }
    }
    #expect(try leftovers(dir) == ["model.h5"])
}

@Test func missingDirectoryIsAnErrorNamingThePath() {
    let target = "/nonexistent-forecast-dir/out.csv"
    #expect(throws: AtomicFileError.cannotCreate(path: target, reason: "No such file or directory")) {
        try AtomicFile.write(text: "x", to: target)
    }
    let message = AtomicFileError.cannotCreate(path: target, reason: "No such file or directory").description
    #expect(message == "/nonexistent-forecast-dir/out.csv: cannot create a temporary file beside it: "
        + "No such file or directory; check that the directory exists and is writable")
}
