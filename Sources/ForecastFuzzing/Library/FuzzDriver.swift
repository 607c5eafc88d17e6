#if FUZZING
import Foundation

/// libFuzzer's own driver, called from a fuzz executable's top-level code. SwiftPM gives every
/// executable its own `main`, so libFuzzer's `main` is never linked; `LLVMFuzzerRunDriver` (libFuzzer's
/// entry for programs with a main) parses the libFuzzer flags and runs the loop. Compiled only with
/// `-DFUZZING` and `-sanitize=fuzzer`, which links libFuzzer.
public enum FuzzDriver {
    /// Runs libFuzzer on `CommandLine`'s arguments with `body` as the per-input callback; returns its status.
    public static func run(_ body: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        return LLVMFuzzerRunDriver(&argc, &argv, body)
    }
}

@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                                 _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                                 _ body: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt
#endif
