#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// One run of a child process with `posix_spawn` and `waitpid`: standard input and output on
/// `/dev/null`, standard error captured.
///
/// Not Foundation's `Process`: on Linux its `waitUntilExit` polls the run loop every 50 ms, which
/// added 100–200 ms to every HDF5 read (measured); this returns as soon as the child ends.
enum ChildProcess {
    /// How the child ended.
    struct Termination {
        /// The exit status, or `nil` when a signal killed the child.
        var status: Int32?
        /// The signal that killed the child, if one did.
        var signal: Int32?
        /// What the child wrote on standard error.
        var standardError: String
    }

    /// Runs `executable` with `arguments` (without argv[0]) and `environment`, and waits for it.
    /// - Throws: ``CommandError`` (status 1) when the child cannot be started.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]) throws -> Termination {
        var pipe: [Int32] = [-1, -1]
        guard Glibc.pipe(&pipe) == 0 else { throw failure("pipe", errno) }
        for end in pipe { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }   // not inherited by other children; dup2 clears it on 2
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, pipe[1], 2)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        close(pipe[1])
        guard spawned == 0 else {
            close(pipe[0])
            throw failure("posix_spawn", spawned)
        }
        var output = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(pipe[0], &buffer, buffer.count)
            if n > 0 { output.append(contentsOf: buffer[0..<n]) } else if n == 0 || errno != EINTR { break }
        }
        close(pipe[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw failure("waitpid", errno) }
        }
        let signal = status & 0x7f   // WTERMSIG; 0 when the child exited
        return Termination(status: signal == 0 ? (status >> 8) & 0xff : nil, signal: signal == 0 ? nil : signal,
                           standardError: String(decoding: output, as: UTF8.self))
    }

    private static func failure(_ call: String, _ code: Int32) -> CommandError {
        CommandError("cannot start the separate process that reads HDF5 files: \(call): \(String(cString: strerror(code)))",
                     status: ExitStatus.failure)
    }
}
