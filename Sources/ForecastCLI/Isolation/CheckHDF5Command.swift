#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import ForecastIO
import Foundation

/// `forecast check-hdf5` (hidden): the child side of ``IsolatedRead``. Bounds its own memory and CPU
/// time, makes one read of an HDF5 file exactly as the command about to read it in-process would,
/// and exits 0, or prints that command's one-line error and exits with its status. A damaged file
/// that crashes libhdf5 kills only this process.
struct CheckHDF5Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-hdf5",
        abstract: "Read an HDF5 file once in this process, under memory and CPU bounds (used by forecast itself).",
        shouldDisplay: false
    )

    @Option(help: "The read: series, model, keras or shard.")
    var kind: IsolatedRead.Kind

    @Flag(help: "First ask whether the file is a model file of ours; if so read it as --kind model.")
    var modelFirst = false

    @Option(help: "The dataset or group of a series file (--dataset).")
    var dataset: String?

    @Argument(help: "The file.")
    var file: String

    /// CPU seconds the child may use before the kernel stops it with SIGXCPU: 60 s plus 1 s per MiB
    /// of file. Real reads need far less (debug build: 0.01 s per MiB for a plain 200 MB series, 0.11 s
    /// per MiB for a gzip-compressed one, 0.3 s for a 47 MB model). libhdf5 1.10 loops forever on some
    /// damaged files; the fuzzers' such inputs are refused before the library loops
    /// (`HDF5GlobalHeapCheck`, `Fuzz/regressions/`) and none is open, so this bounds a loop nobody
    /// has found yet. A read blocked on I/O uses no CPU and is not bounded.
    static func cpuSeconds(fileSize: Int) -> Int {
        60 + (fileSize >> 20)
    }

    /// The address space the child may add to what it has when it starts (about 310 MiB, mostly
    /// shared libraries): 2 GiB plus 64 times the file's size.
    ///
    /// Measured (`/proc/self/status` VmPeak minus the start, debug build): a 76 KB model file and the
    /// Keras and HDF5 test fixtures under 2 MiB; a 47 MB model (three LSTM(768) layers) 121 MiB, 2.6 times
    /// its size; a 200 MB uncompressed series file (5 million rows, 4 columns) 196 MiB, 1.0 times; a
    /// 15 MB gzip-compressed one (5 million rows, 3 columns, 120 MB of values) 121 MiB, 8.3 times. So a
    /// real file stays 8 times or more below the bound, while the damaged lengths the fuzzers found ask
    /// libhdf5 for 14 GB at once from a 44 KB file (`Fuzz/open/`), and are refused in well under a
    /// second. The parent, reading the file afterwards, has no bound: it needs what the child needed.
    static func allowance(fileSize: Int) -> Int {
        (2 << 30) + 64 * fileSize
    }

    func run() throws {
        let size = Self.size(of: file)
        let bound = Self.addressSpace() + Self.allowance(fileSize: size)
        Self.limit(RLIMIT_AS, to: bound)
        Self.limit(RLIMIT_CPU, to: Self.cpuSeconds(fileSize: size))
        Self.limit(RLIMIT_CORE, to: 0)   // a crash here is expected: no core file
        errno = 0
        do {
            try kind.read(path: file, dataset: dataset, modelFirst: modelFirst)
        } catch let HDF5Error.libraryCallFailed(file, object, call) where errno == ENOMEM {
            // libhdf5 sized a buffer from a damaged length and malloc refused it at the bound.
            let error = CommandError("\(file):\(object): \(call) failed: the HDF5 library asked for more memory than the "
                                     + "\(Self.allowance(fileSize: size) >> 20) MiB forecast allows for reading a file of \(size) bytes; "
                                     + "the file is damaged (a length in it is wrong): \(kind.remedy)")
            ErrorReporting.exit(with: error, command: ForecastCommand.self)
        } catch {
            ErrorReporting.exit(with: error, command: ForecastCommand.self)
        }
    }

    /// The size of the file at `path` in bytes (0 when it cannot be found: the read names the problem).
    static func size(of path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? NSNumber)?.intValue ?? 0
    }

    /// The process's current address-space size in bytes (`/proc/self/statm`'s first field).
    static func addressSpace() -> Int {
        let statm = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8)) ?? ""
        let pages = statm.split(separator: " ").first.flatMap { Int($0) } ?? 0
        return pages * sysconf(Int32(_SC_PAGESIZE))
    }

    /// Lowers the soft limit of `resource` to `value` (a lower limit already set is kept).
    static func limit(_ resource: __rlimit_resource, to value: Int) {
        var bound = rlimit()
        guard getrlimit(Int32(resource.rawValue), &bound) == 0 else { return }
        bound.rlim_cur = min(rlim_t(value), bound.rlim_cur)   // RLIM_INFINITY is the largest value
        _ = setrlimit(Int32(resource.rawValue), &bound)
    }
}
