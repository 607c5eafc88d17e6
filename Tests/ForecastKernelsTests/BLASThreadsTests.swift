import ForecastKernels
import Foundation
import Testing

@Suite struct BLASThreadsTests {
    @Test func settingTheThreadCountIsReadBack() {
        let before = BLASThreads.count
        BLASThreads.set(1)
        #expect(BLASThreads.count == 1)
        BLASThreads.set(0)  // clamped to 1
        #expect(BLASThreads.count == 1)
        BLASThreads.set(before)
    }

    /// The kernel family is OpenBLAS' own answer: the one OPENBLAS_CORETYPE forces where it is set
    /// (this machine sets Haswell), else a detected family, never our "unknown" placeholder.
    @Test func coreNameIsTheFamilyOpenBLASRuns() {
        if let forced = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"], !forced.isEmpty {
            #expect(BLASThreads.coreName.lowercased() == forced.lowercased())
        } else {
            #expect(BLASThreads.coreName != "unknown" && !BLASThreads.coreName.isEmpty)
        }
    }
}
