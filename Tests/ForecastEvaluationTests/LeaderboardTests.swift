import Testing
@testable import ForecastEvaluation

@Suite struct LeaderboardTests {
    func values(mae: Double, meanError: Double, mase: Double = 1) -> MetricValues {
        MetricValues(mae: mae, rmse: mae, mape: .nan, smape: mae, mase: mase, meanError: meanError,
                     count: 1, zeroActualsLeftOut: 0, missingActualsLeftOut: 0)
    }

    @Test func bestIsSmallestAndLeastBiasedWithTiesShared() {
        let board = Leaderboard(models: [
            ("a", values(mae: 2, meanError: -0.5, mase: 0.8)),
            ("b", values(mae: 1, meanError: 1.0, mase: 0.8)),
            ("c", values(mae: 3, meanError: 0.7, mase: .nan)),
        ])
        #expect(board.best(in: .mae) == ["b"])
        #expect(board.best(in: .meanError) == ["a"])          // |−0.5| < |0.7| < |1.0|
        #expect(board.best(in: .mase) == ["a", "b"])          // tie; NaN never best
        #expect(board.best(in: .mape) == [])                  // every value NaN
        #expect(board.rows[0].bestIn == [.mase, .meanError])
    }
}
