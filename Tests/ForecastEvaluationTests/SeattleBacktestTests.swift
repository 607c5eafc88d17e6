import Foundation
import ForecastCore
import Testing
import _ForecastTestSupport
@testable import ForecastEvaluation

/// Backtest errors on a shipped data set, checked against a plain loop over the raw column.
@Suite struct SeattleBacktestTests {
    /// `Datasets/weather_seattle_daily.csv` read with a few lines: `date,precipitation_mm,temp_max_c,…`.
    func loadSeattle() throws -> (series: TimeSeries, tmax: [Double]) {
        let text = try String(contentsOfFile: datasetPath("weather_seattle_daily.csv"), encoding: .utf8)
        var stamps: [Timestamp] = [], tmax: [Double] = []
        for line in text.split(separator: "\n").dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            let ymd = cells[0].split(separator: "-").map { Int($0)! }
            stamps.append(Timestamp(year: ymd[0], month: ymd[1], day: ymd[2]))
            tmax.append(Double(cells[2])!)
        }
        return (TimeSeries(timeColumnName: "date", timestamps: stamps,
                           columns: [Column(name: "temp_max_c", values: tmax)]), tmax)
    }

    @Test func naiveAndSeasonalNaiveErrorsMatchAPlainLoop() throws {
        let (series, y) = try loadSeattle()
        #expect(y.count == 1461)
        var configuration = BacktestConfiguration()
        configuration.folds = 5
        configuration.horizon = 7
        let result = try Backtest(configuration)
            .run([NaiveForecaster(), SeasonalNaiveForecaster()], on: series, target: "temp_max_c")

        // Independent computation: 5 origins 7 days apart, the last forecast ending on the last day.
        let n = y.count
        var naiveError = 0.0, seasonalError = 0.0, naiveScaled = 0.0, points = 0
        for k in 0..<5 {
            let origin = n - 1 - (4 - k) * 7 - 7
            // MASE scale: in-sample seasonal-naive (season 7, daily) MAE of rows 0…origin.
            var scale = 0.0
            for t in 7...origin { scale += abs(y[t] - y[t - 7]) }
            scale /= Double(origin - 6)
            for j in 1...7 {
                naiveError += abs(y[origin + j] - y[origin])
                seasonalError += abs(y[origin + j] - y[origin + j - 7])
                naiveScaled += abs(y[origin + j] - y[origin]) / scale
                points += 1
            }
        }
        #expect(points == 35)
        // Same terms, summed in a different order: agreement to rounding.
        #expect(isClose(result.leaderboard.rows[0].metrics.mae, naiveError / 35, relative: 1e-12))
        #expect(isClose(result.leaderboard.rows[1].metrics.mae, seasonalError / 35, relative: 1e-12))
        #expect(isClose(result.leaderboard.rows[0].metrics.mase, naiveScaled / 35, relative: 1e-12))
        #expect(result.folds.last?.lastTarget == Timestamp(year: 2015, month: 12, day: 31))
        #expect(result.folds.first?.origin == Timestamp(year: 2015, month: 11, day: 26))
    }
}
