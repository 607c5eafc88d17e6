// The fuzz executable of FuzzTarget.model. Scripts/fuzz builds it with -sanitize=fuzzer,address and
// -DFUZZING: it hands the command line to libFuzzer's driver. A plain build makes a replay driver:
// forecast-fuzz-model FILE|DIR… runs those inputs once each.
import ForecastFuzzing
import Foundation

#if FUZZING
/// libFuzzer's per-input callback (libFuzzer's archive also refers to it by this name).
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzTarget.model.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

exit(FuzzDriver.run(fuzzOneInput))
#else
FuzzReplay.main(.model)
#endif
