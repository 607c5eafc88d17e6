import Foundation

/// The temporary file a fuzz input is written to, since the readers take paths: one per input, named
/// by the process and a counter, so that tests replaying inputs on several threads never share one.
public enum FuzzFile {
    private static let counter = Counter()

    /// Writes `bytes` to a new file with `suffix`, calls `body` with its path, and removes the file.
    public static func with(_ bytes: [UInt8], suffix: String, _ body: (String) -> Void) {
        let path = NSTemporaryDirectory() + "/forecast-fuzz-\(getpid())-\(counter.next())\(suffix)"
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { return }
        defer { try? FileManager.default.removeItem(atPath: path) }
        body(path)
    }

    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func next() -> Int {
            lock.lock()
            defer { lock.unlock() }
            value += 1
            return value
        }
    }
}
