#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file so that it appears whole or not at all.
///
/// Output goes to a temporary file in the target's directory (`.<name>.tmp-<pid>-<random>`),
/// which is flushed to disk and renamed over the target only when writing succeeded. On any thrown
/// error the temporary file is removed and the target is left as it was (absent, or its old
/// contents). The rename is atomic because both names are in the same directory.
///
/// ```swift
/// try AtomicFile.write(to: "out/forecast.csv") { file in
///     try file.write("time,value\n")
///     try file.write("2013-01-01T00:00:00Z,1.5\n")
/// }
/// try AtomicFile.withTemporaryPath(for: "out/model.h5") { temporary in
///     try writeHDF5(to: temporary)          // any library that writes by path
/// }
/// ```
public enum AtomicFile {
    /// Writes the file at `path` through `body`, then renames it into place.
    /// - Throws: whatever `body` throws (after removing the temporary file), or
    ///   ``AtomicFileError`` naming the path when creating, writing or renaming fails.
    public static func write(to path: String, _ body: (AtomicFileWriter) throws -> Void) throws {
        let (temporary, fd) = try createTemporary(for: path)
        let writer = AtomicFileWriter(fd: fd, path: temporary, targetPath: path)
        do {
            try body(writer)
            try writer.flush()
            if fsync(fd) != 0 { throw AtomicFileError.writeFailed(path: path, reason: errorText()) }
            writer.closeDescriptor()
            try commit(temporary, to: path)
        } catch {
            writer.closeDescriptor()
            unlink(temporary)
            throw error
        }
    }

    /// Writes `bytes` to `path` atomically.
    /// - Throws: ``AtomicFileError`` naming the path.
    public static func write(data bytes: [UInt8], to path: String) throws {
        try write(to: path) { try $0.write(bytes) }
    }

    /// Writes the UTF-8 of `text` to `path` atomically.
    /// - Throws: ``AtomicFileError`` naming the path.
    public static func write(text: String, to path: String) throws {
        try write(to: path) { try $0.write(text) }
    }

    /// Hands `body` the path of a fresh, empty temporary file next to `target` for a library that
    /// writes by path (HDF5), then renames it over `target`.
    ///
    /// `body` may replace or truncate the file (`H5Fcreate` with `H5F_ACC_TRUNC`) but must close
    /// it before returning. On a throw the temporary file is removed and `target` is untouched.
    /// - Throws: whatever `body` throws, or ``AtomicFileError`` naming the path.
    public static func withTemporaryPath(for target: String, _ body: (String) throws -> Void) throws {
        let (temporary, fd) = try createTemporary(for: target)
        close(fd)
        do {
            try body(temporary)
            guard access(temporary, F_OK) == 0 else {
                throw AtomicFileError.temporaryFileVanished(path: target, temporaryPath: temporary)
            }
            try commit(temporary, to: target)
        } catch {
            unlink(temporary)
            throw error
        }
    }

    // MARK: Steps

    /// Creates `.<name>.tmp-<pid>-<random>` beside `target` with `O_EXCL`, mode 0644 (less umask).
    private static func createTemporary(for target: String) throws -> (String, Int32) {
        let slash = target.lastIndex(of: "/")
        let directory = slash.map { String(target[...$0]) } ?? ""
        let name = slash.map { String(target[target.index(after: $0)...]) } ?? target
        guard !name.isEmpty else {
            throw AtomicFileError.cannotCreate(path: target, reason: "the path names a directory, not a file")
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<16 {
            let suffix = String(generator.next() & 0xFFFF_FFFF, radix: 36)
            let temporary = "\(directory).\(name).tmp-\(getpid())-\(suffix)"
            let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if fd >= 0 { return (temporary, fd) }
            if errno != EEXIST { throw AtomicFileError.cannotCreate(path: target, reason: errorText()) }
        }
        throw AtomicFileError.cannotCreate(path: target, reason: "no free temporary name in the directory")
    }

    private static func commit(_ temporary: String, to target: String) throws {
        guard rename(temporary, target) == 0 else {
            throw AtomicFileError.renameFailed(path: target, reason: errorText())
        }
    }
}

/// The `strerror` text of the current `errno`.
func errorText() -> String { String(cString: strerror(errno)) }

/// Buffered writer into the temporary file of ``AtomicFile/write(to:_:)``; flushes every 1 MiB.
public final class AtomicFileWriter {
    private var fd: Int32
    /// The temporary file being written.
    public let temporaryPath: String
    /// The file that appears when writing succeeds.
    public let targetPath: String
    private var buffer: [UInt8] = []
    private static let flushSize = 1 << 20

    init(fd: Int32, path: String, targetPath: String) {
        self.fd = fd
        self.temporaryPath = path
        self.targetPath = targetPath
        buffer.reserveCapacity(Self.flushSize + 4096)
    }

    deinit { closeDescriptor() }

    /// Appends `bytes`.
    /// - Throws: ``AtomicFileError/writeFailed(path:reason:)``.
    public func write(_ bytes: some Sequence<UInt8>) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.flushSize { try flush() }
    }

    /// Appends the UTF-8 of `text`.
    /// - Throws: ``AtomicFileError/writeFailed(path:reason:)``.
    public func write(_ text: String) throws {
        try write(text.utf8)
    }

    /// Writes the buffered bytes to the file.
    /// - Throws: ``AtomicFileError/writeFailed(path:reason:)``.
    public func flush() throws {
        var offset = 0
        while offset < buffer.count {
            let n = buffer.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw AtomicFileError.writeFailed(path: targetPath, reason: errorText())
            }
            offset += n
        }
        buffer.removeAll(keepingCapacity: true)
    }

    func closeDescriptor() {
        if fd >= 0 { close(fd); fd = -1 }
    }
}

/// Why an atomic write failed; each case names the target path.
public enum AtomicFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The temporary file beside the target could not be created.
    case cannotCreate(path: String, reason: String)
    /// Writing or flushing the temporary file failed.
    case writeFailed(path: String, reason: String)
    /// Renaming the temporary file over the target failed.
    case renameFailed(path: String, reason: String)
    /// The body of ``AtomicFile/withTemporaryPath(for:_:)`` removed the temporary file.
    case temporaryFileVanished(path: String, temporaryPath: String)

    public var description: String {
        switch self {
        case let .cannotCreate(path, reason):
            return "\(path): cannot create a temporary file beside it: \(reason); "
                + "check that the directory exists and is writable"
        case let .writeFailed(path, reason):
            return "\(path): writing failed: \(reason); the file was not changed"
        case let .renameFailed(path, reason):
            return "\(path): cannot move the finished file into place: \(reason); the file was not changed"
        case let .temporaryFileVanished(path, temporaryPath):
            return "\(path): the temporary file \(temporaryPath) is gone; the writer must leave it in place"
        }
    }
}
