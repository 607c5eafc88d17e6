internal import CHDF5
import Foundation

/// The one lock every HDF5 call in this module runs under, and the set-up done before first use.
///
/// Debian's HDF5 is built thread-safe (a global lock of its own), but other builds are not, and even
/// a thread-safe build interleaves the calls of two writers unpredictably. So every wrapper takes
/// this lock, and ``HDF5Reader`` and ``HDF5Writer`` hold it for a whole file. It is recursive,
/// because a handle's `deinit` (which closes it) can run while the same thread holds the lock.
enum HDF5Library {
    private static let lock = NSRecursiveLock()

    /// Runs `body` holding the HDF5 lock, with HDF5's own error-stack printing switched off.
    ///
    /// The switch (`CHDF5_silenceErrorStack()`) is per thread in a thread-safe build (each thread
    /// has its own default error stack), so it is repeated whenever a thread enters; it only stores
    /// two pointers. Our ``HDF5Error`` is the message the user sees.
    static func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        _ = CHDF5_silenceErrorStack()
        return try body()
    }
}
