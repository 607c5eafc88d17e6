import Foundation

/// What a run of the `forecast` binary produced.
public struct CommandResult: Sendable {
    /// The exit status; for a process killed by a signal, the signal's number (see ``signal``).
    public var status: Int32
    public var standardOutput: String
    public var standardError: String
    /// The signal that killed the process, or `nil` when it exited.
    public var signal: Int32? = nil
    /// Whether the process was stopped (SIGKILL) for running past the caller's `timeout`.
    public var timedOut = false
}

/// Runs the built `forecast` executable (beside the test bundle in the build directory) with
/// `arguments`, from `directory` (default: the package root), and waits for it.
public func runForecast(_ arguments: [String], in directory: String = packageRoot,
                        environment: [String: String] = [:], standardInput: Data? = nil, timeout: TimeInterval? = nil) throws -> CommandResult {
    try runProcess(forecastBinary, arguments, in: directory, environment: environment, standardInput: standardInput, timeout: timeout)
}

/// The absolute path of the built `forecast` executable the tests run.
public var forecastBinary: String {
    let buildDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    var binary = buildDirectory.appendingPathComponent("forecast")
    // Under `swift test` on Linux the runner may sit one level down (…/debug/<name>.xctest).
    if !FileManager.default.isExecutableFile(atPath: binary.path) {
        binary = buildDirectory.deletingLastPathComponent().appendingPathComponent("forecast")
    }
    return binary.standardizedFileURL.path
}

/// Runs any executable and captures its output; standard input is `standardInput` through a pipe, or empty.
/// With a `timeout` (seconds), a process still running then is killed and the result says so (a bound
/// on a hang, not a speed measurement).
public func runProcess(_ executable: String, _ arguments: [String], in directory: String = packageRoot,
                       environment: [String: String] = [:], standardInput: Data? = nil, timeout: TimeInterval? = nil) throws -> CommandResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    var env = ProcessInfo.processInfo.environment
    for (k, v) in environment { env[k] = v }
    process.environment = env
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    let input = Pipe()
    process.standardInput = standardInput == nil ? FileHandle.nullDevice : input
    try process.run()
    nonisolated(unsafe) var timedOut = false
    if let timeout {
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout) {
            if process.isRunning { timedOut = true; kill(process.processIdentifier, SIGKILL) }
        }
    }
    if let standardInput {
        DispatchQueue.global().async {
            input.fileHandleForWriting.write(standardInput)
            try? input.fileHandleForWriting.close()
        }
    }
    // Read both pipes to the end before waiting, so a full pipe cannot block the child.
    let group = DispatchGroup()
    nonisolated(unsafe) var outData = Data(), errData = Data()
    group.enter()
    DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
    errData = err.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return CommandResult(status: process.terminationStatus,
                         standardOutput: String(decoding: outData, as: UTF8.self),
                         standardError: String(decoding: errData, as: UTF8.self),
                         signal: process.terminationReason == .uncaughtSignal ? process.terminationStatus : nil,
                         timedOut: timedOut)
}
