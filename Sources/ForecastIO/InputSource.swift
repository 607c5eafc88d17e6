#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Where an input file's bytes come from: a file on disk, or standard input (`-`, `/dev/stdin`, or
/// any pipe or terminal given as a path) copied once to a temporary file so that it can be sniffed
/// (HDF5 or text, gzip or not), read twice (`inspect` reads a disordered file twice), digested for
/// the stamp and opened by HDF5, which needs a seekable file.
///
/// ```swift
/// let path = try InputSource.readablePath("-")     // "/tmp/forecast-stdin-…", the same on every call
/// InputSource.displayName("-")                       // "stdin", the name errors use
/// ```
///
/// The copy streams in 1 MiB chunks, is made at most once per process and path, and is removed when
/// the process exits.
public enum InputSource {
    /// The name messages use for `path`: `stdin` for `-`, else the path as given.
    public static func displayName(_ path: String) -> String { path == "-" ? "stdin" : path }

    /// Whether `path` names standard input or another stream that cannot be read twice (a pipe, a
    /// character device such as a terminal, a socket).
    public static func isStream(_ path: String) -> Bool {
        if path == "-" { return true }
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        let kind = info.st_mode & S_IFMT
        return kind == S_IFIFO || kind == S_IFCHR || kind == S_IFSOCK
    }

    /// A path that can be opened, sought and read any number of times: `path` itself for a regular
    /// file (or one that cannot be opened, so that the reader names the failure), else the spooled copy.
    /// - Throws: ``CSVError/cannotOpen(path:reason:)`` or ``CSVError/readFailed(path:reason:)``
    ///   when the stream cannot be read or copied.
    public static func readablePath(_ path: String) throws(CSVError) -> String {
        guard isStream(path) else { return path }
        return try spool.path(for: path)
    }

    private static let spool = Spool()

    /// The copies made so far, by path; removed at exit.
    private final class Spool: @unchecked Sendable {
        private let lock = NSLock()
        private var copies: [String: String] = [:]

        func path(for path: String) throws(CSVError) -> String {
            lock.lock()
            defer { lock.unlock() }
            if let copy = copies[path] { return copy }
            let name = InputSource.displayName(path)
            let source = path == "-" ? dup(STDIN_FILENO) : open(path, O_RDONLY)
            guard source >= 0 else { throw .cannotOpen(path: name, reason: String(cString: strerror(errno))) }
            defer { close(source) }
            var template = Array((NSTemporaryDirectory() + "/forecast-stdin-XXXXXX").utf8CString)
            let target = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard target >= 0 else {
                throw .readFailed(path: name, reason: "cannot create a temporary copy: \(String(cString: strerror(errno)))")
            }
            let copy = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            defer { close(target) }
            if copies.isEmpty { atexit { InputSource.spool.removeAll() } }
            copies[path] = copy
            let chunk = UnsafeMutableRawPointer.allocate(byteCount: 1 << 20, alignment: 16)
            defer { chunk.deallocate() }
            while true {
                let n = read(source, chunk, 1 << 20)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw .readFailed(path: name, reason: String(cString: strerror(errno)))
                }
                if n == 0 { break }
                var written = 0
                while written < n {
                    let w = write(target, chunk + written, n - written)
                    if w < 0 {
                        if errno == EINTR { continue }
                        throw .readFailed(path: name, reason: "cannot write a temporary copy: \(String(cString: strerror(errno)))")
                    }
                    written += w
                }
            }
            return copy
        }

        func removeAll() {
            lock.lock()
            defer { lock.unlock() }
            for copy in copies.values { unlink(copy) }
            copies.removeAll()
        }
    }
}
