import ForecastTraining
import Testing

@Suite struct EarlyStoppingTests {
    @Test func stopsAfterPatienceEpochsWithoutStrictImprovement() {
        var s = EarlyStopping(patienceEpochs: 2)
        #expect(s.record(loss: 1.0, epoch: 1) == (true, false))
        #expect(s.record(loss: 0.5, epoch: 2) == (true, false))
        #expect(s.record(loss: 0.5, epoch: 3) == (false, false))  // equal is not better
        #expect(s.record(loss: 0.7, epoch: 4) == (false, true))
        #expect(s.bestEpoch == 2 && s.bestLoss == 0.5)
    }

    @Test func zeroPatienceStopsOnTheFirstEpochThatDoesNotImprove() {
        var s = EarlyStopping(patienceEpochs: 0)
        #expect(s.record(loss: 1, epoch: 1) == (true, false))
        #expect(s.record(loss: 2, epoch: 2) == (false, true))
    }
}
