import ForecastCore
import ForecastPreprocessing
import Foundation
import Testing

/// Known-future inputs: the shift, the values ahead, and the missing-value error, worked out by hand.
@Suite struct FutureInputsTests {
    let hourly = Frequency.regular(seconds: 3600)
    let start = Timestamp(year: 2020, month: 1, day: 1)

    func series(_ y: [Double], _ event: [Double]) -> TimeSeries {
        TimeSeries(timestamps: y.indices.map { start.adding(seconds: 3600 * Int64($0)) },
                   columns: [Column(name: "y", values: y), Column(name: "event", values: event)])
    }

    @Test func eachRowCarriesTheValueOneHorizonLater() throws {
        let s = series([1, 2, 3, 4, 5], [10, 11, 12, 13, 14])
        let future = TimeSeries(timestamps: [5, 6].map { start.adding(seconds: 3600 * $0) }, columns: [Column(name: "event", values: [15, 16])])
        let out = try FutureInputs(columns: ["event"], shift: 2).replacing(in: s, knownFuture: future, target: "y", frequency: hourly)
        #expect(out.columnNames == ["y", "future_event"])
        #expect(try out.column(named: "future_event").values == [12, 13, 14, 15, 16])
        // The last `horizon` rows carry exactly the steps forecast: rows 3 and 4 hold steps 1 and 2.
        #expect(out.columns[0].values == [1, 2, 3, 4, 5])
    }

    @Test func fittingLeavesTheLastHorizonValuesMissing() throws {
        let out = try FutureInputs(columns: ["event"], shift: 2)
            .replacing(in: series([1, 2, 3, 4], [10, 11, 12, 13]), knownFuture: nil, target: "y", frequency: hourly)
        let v = try out.column(named: "future_event").values
        #expect(v[0] == 12 && v[1] == 13 && v[2].isNaN && v[3].isNaN)
    }

    @Test func aMissingValueAheadNamesTheColumnStepAndTime() throws {
        let s = series([1, 2, 3], [10, 11, 12])
        let inputs = FutureInputs(columns: ["event"], shift: 3)
        let blank = TimeSeries(timestamps: [3, 4, 5].map { start.adding(seconds: 3600 * $0) },
                               columns: [Column(name: "event", values: [1, .nan, 1])])
        #expect(throws: FutureInputsError.missingValue(column: "event", step: 2, timestamp: start.adding(seconds: 4 * 3600),
                                                       horizon: 3, target: "y")) {
            try inputs.replacing(in: s, knownFuture: blank, target: "y", frequency: hourly)
        }
        // Fewer rows than steps: the missing step is dated on the grid.
        let short = blank.rows(0..<1)
        #expect(throws: FutureInputsError.missingValue(column: "event", step: 2, timestamp: start.adding(seconds: 4 * 3600),
                                                       horizon: 3, target: "y")) {
            try inputs.replacing(in: s, knownFuture: short, target: "y", frequency: hourly)
        }
        let message = FutureInputsError.missingValue(column: "event", step: 2, timestamp: start.adding(seconds: 4 * 3600), horizon: 3,
                                                     target: "y").description
        #expect(message == "--future-features: column \"event\" has no value for forecast step 2 (2020-01-01T04:00:00Z), the first step "
                + "without one; a known-future column needs a value in each of the 3 rows after the last value of \"y\" (rows with an "
                + "empty \"y\" cell): add them to the file, or pass the column with --features instead")
    }

    @Test func theHistoryEndsAtTheLastTargetValue() throws {
        let s = series([1, .nan, 3, .nan, .nan], [10, 11, 12, 13, 14])
        let (history, future) = try s.splittingAtLastValue(of: "y")
        #expect(history.count == 3 && future.count == 2)   // the inner missing value stays in the history
        #expect(future.timestamps.first == start.adding(seconds: 3 * 3600))
        #expect(try s.splittingAtLastValue(of: "event").future.isEmpty)
    }

    /// The file's future rows are placed on the grid: a row the file lacks becomes a missing value at its step.
    @Test func knownFutureRowsAreAlignedOnTheGrid() throws {
        let history = series([1, 2], [10, 11])
        let rows = TimeSeries(timestamps: [2, 4].map { start.adding(seconds: 3600 * $0) },
                              columns: [Column(name: "y", values: [.nan, .nan]), Column(name: "event", values: [12, 14])])
        let future = try history.knownFuture(rows, columns: ["event"], steps: 3, frequency: hourly)
        #expect(future.timestamps == [2, 3, 4].map { start.adding(seconds: 3600 * $0) })
        let v = try future.column(named: "event").values
        #expect(v[0] == 12 && v[1].isNaN && v[2] == 14)
        #expect(future.columnNames == ["event"])
    }
}
