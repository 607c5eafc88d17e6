import ForecastKernels
import Testing

@Suite struct BLASThreadsTests {
    @Test func settingTheThreadCountIsReadBack() {
        let before = BLASThreads.count
        BLASThreads.set(1)
        #expect(BLASThreads.count == 1)
        BLASThreads.set(0)  // clamped to 1
        #expect(BLASThreads.count == 1)
        BLASThreads.set(before)
        #expect(!BLASThreads.coreName.isEmpty)
    }
}
