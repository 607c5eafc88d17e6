import ForecastCore
@testable import ForecastTraining
import Testing
import _ForecastTestSupport

@Suite struct TrainingWindowsTests {
    /// Sliding windows as views of a series hold the same inputs as the copied `[count, time, features]` array.
    @Test func viewsOfTheSeriesEqualCopiedWindows() throws {
        let (rows, F, T) = (7, 2, 3)
        let series = (0..<(rows * F)).map { Float($0) }
        let starts = [0, 2, 4]
        var copied: [Float] = []
        for s in starts { copied += series[(s * F)..<((s + T) * F)] }
        let targets: [Float] = [1, 2, 3]
        let views = try TrainingWindows(series: series, features: F, starts: starts, time: T, targets: targets, horizon: 1)
        let flat = try TrainingWindows(inputs: copied, targets: targets, count: 3, time: T, features: F, horizon: 1)
        #expect(views.inputs == copied)
        #expect(flat.inputs == copied && flat.series == copied)
        #expect(views == flat)
        var batch = [Float](repeating: 0, count: 2 * T * F), batchTargets: [Float] = [0, 0]
        gather(views, indices: [2, 0], inputs: &batch, targets: &batchTargets)
        #expect(batch == Array(copied[(2 * T * F)...] + copied[0..<(T * F)]))
        #expect(batchTargets == [3, 1])
        #expect(throws: TrainingError.self) { try TrainingWindows(series: series, features: F, starts: [5], time: T, targets: [1], horizon: 1) }
        #expect(throws: TrainingError.self) { try TrainingWindows(series: [1, 2, 3], features: 2, starts: [0], time: 1, targets: [1], horizon: 1) }
    }
}
