import ForecastCore
import ForecastEvaluation
import ForecastIO
import ForecastReports
import Foundation
import Testing

/// The library writes what the commands write: forecast and backtest reports as values.
@Suite struct ReportTests {
    static func series(_ values: [Double]) -> TimeSeries {
        let start = Timestamp(year: 2020, month: 1, day: 6)
        return TimeSeries(timeColumnName: "date", timestamps: values.indices.map { start.adding(days: $0) },
                          columns: [Column(name: "y", values: values)], textColumnNames: [])
    }

    static let stamp = ReproducibilityStamp(command: "predict", input: "in.csv", inputSha256: String(repeating: "0", count: 64),
                                           seed: 1, threads: 1, gemm: "none", configuration: .object([:]))

    /// What a report says of a model that is not a network (the summary is only rendered here).
    static var model: ModelSummary {
        ModelSummary(name: "naive", units: [], architecture: "naive", lookback: 1, horizon: 2)
    }

    @Test func forecastRowsCarryIntervalsAndTheSeasonalNaiveReference() throws {
        let history = Self.series((0..<21).map(Double.init))   // 3 weeks, daily: season 7
        var forecast = Forecast(model: "naive", target: "y", after: history, values: [20, 20])
        forecast.intervals = [PredictionInterval(level: 80, lower: [19, 18], upper: [21, 22])]
        let report = ForecastReport(forecast: forecast, series: history, model: Self.model, features: [], stamp: Self.stamp)
        let table = try #require(report.tables.first)
        #expect(table.header == ["timestamp", "step", "forecast", "lo_80", "hi_80", "seasonal_naive"])
        // The value one season (7 days) before each step: rows 14 and 15.
        #expect(table.rows == [["2020-01-27T00:00:00Z", "1", "20.0", "19.0", "21.0", "14.0"],
                               ["2020-01-28T00:00:00Z", "2", "20.0", "18.0", "22.0", "15.0"]])
        let json = try JSONSerialization.jsonObject(with: Data(try JSONContract.document(report.document).utf8)) as? [String: Any]
        let point = try #require((json?["points"] as? [[String: Any]])?.first)
        #expect(point["lo_80"] as? Double == 19 && point["hi_80"] as? Double == 21 && point["timestamp"] as? String == "2020-01-27T00:00:00Z")
        #expect((json?["training"] as? [String: Any])?["val_loss"] is NSNull)
    }

    @Test func backtestPointsGroupHasOneRowPerTimeWhenFoldsOverlap() throws {
        let history = Self.series((0..<40).map { Double($0 % 7) })
        var configuration = BacktestConfiguration()
        configuration.folds = 3
        configuration.horizon = 4
        configuration.step = 1
        let result = try Backtest(configuration).run([NaiveForecaster()], on: history, target: "y")
        let group = try BacktestReport(series: history, result: result, stamp: Self.stamp).hdf5Group()
        let points = try #require(group.groups.first { $0.name == "points" })
        // Forecasts cover rows 34…39 (6 distinct times) from 3 origins 1 row apart.
        guard case .time(let times)? = points.dimensions.first?.coordinate else { Issue.record("no time dimension"); return }
        #expect(times == (34..<40).map { history.timestamps[$0] })
        let step = try #require(points.variables.first { $0.name == "step" })
        guard case .int64(let steps) = step.values else { Issue.record("steps are not integers"); return }
        #expect(steps == [1, 1, 1, 2, 3, 4])   // rows 34, 35 from folds 1, 2; rows 36…39 from fold 3
    }
}
