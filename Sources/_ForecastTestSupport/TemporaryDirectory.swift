import Foundation

/// A fresh directory under the system's temporary directory, removed by ``remove()``.
public struct TemporaryDirectory: Sendable {
    public let path: String

    public init() throws {
        let base = NSTemporaryDirectory()
        path = (base as NSString).appendingPathComponent("forecast-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// The path of `name` inside this directory.
    public func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    /// Writes `contents` as UTF-8 to `name` in this directory and returns its path.
    @discardableResult
    public func write(_ contents: String, to name: String) throws -> String {
        let p = file(name)
        try contents.write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }

    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Root of the package checkout (the folder that holds Package.swift), found from this source file.
public let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    while url.path != "/" {
        url.deleteLastPathComponent()
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
            return url.path
        }
    }
    return FileManager.default.currentDirectoryPath
}()

/// Path of a shipped data set in `Datasets/`.
public func datasetPath(_ name: String) -> String {
    (packageRoot as NSString).appendingPathComponent("Datasets/\(name)")
}
