import Foundation

/// Where human-facing output goes, and whether it is a terminal.
enum Terminal {
    /// Whether standard error is an interactive terminal (progress is drawn only then).
    static var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// Writes `text` to standard error without a newline.
    static func writeError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Writes one line to standard output.
    static func print(_ line: String) {
        Swift.print(line)
    }
}

/// A one-line progress display on standard error (`epoch 12/100  loss 0.0123  val 0.0150  ETA 8s`),
/// redrawn in place; silent unless standard error is a terminal and output is not `--quiet`.
/// Safe to update from worker threads (a lock guards its state).
final class ProgressLine: @unchecked Sendable {
    private let enabled: Bool
    private let lock = NSLock()
    private var lastWidth = 0
    private var lastDraw = 0.0

    init(enabled: Bool) {
        self.enabled = enabled && Terminal.standardErrorIsTerminal
    }

    /// Redraws the line, at most 20 times a second unless `force`.
    func update(_ text: String, force: Bool = false) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = Date().timeIntervalSinceReferenceDate
        guard force || now - lastDraw >= 0.05 else { return }
        lastDraw = now
        let padding = max(0, lastWidth - text.count)
        Terminal.writeError("\r" + text + String(repeating: " ", count: padding))
        lastWidth = text.count
    }

    /// Clears the line so the next output starts on a clean line.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        guard enabled, lastWidth > 0 else { return }
        Terminal.writeError("\r" + String(repeating: " ", count: lastWidth) + "\r")
        lastWidth = 0
    }

    /// `ETA 1m05s` style duration, rounded up to whole seconds (never `0s` for time still to go).
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "?" }
        let s = Int(seconds.rounded(.up))
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m\(String(format: "%02d", s % 60))s" }
        return "\(s / 3600)h\(String(format: "%02d", (s / 60) % 60))m"
    }
}
