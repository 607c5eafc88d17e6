import Foundation

/// The temporary file a fuzz input is written to, since the readers take paths: one per process and
/// suffix, rewritten for each input.
public enum FuzzFile {
    /// Writes `bytes` to this process's file with `suffix` and calls `body` with its path.
    public static func with(_ bytes: [UInt8], suffix: String, _ body: (String) -> Void) {
        let path = NSTemporaryDirectory() + "/forecast-fuzz-\(getpid())\(suffix)"
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { return }
        body(path)
    }
}
