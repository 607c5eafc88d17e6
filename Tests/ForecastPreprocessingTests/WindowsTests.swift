import ForecastCore
import ForecastPreprocessing
import PropertyBased
import Testing

@Suite struct WindowsTests {
    /// Row r of column f holds 100 * f + r, so every cell says where it came from.
    func columns(rows: Int, features: Int) -> [[Double]] {
        (0..<features).map { f in (0..<rows).map { Double(100 * f + $0) } }
    }

    @Test func windowsHoldTheRowsTheSpecNames() {
        // 7 rows, lookback 3, horizon 2, stride 1: windows start at rows 0, 1, 2 (hand-derived).
        let spec = WindowSpec(lookback: 3, horizon: 2, inputColumns: ["a", "b"], targetColumn: "a")
        let cols = columns(rows: 7, features: 2)
        let w = spec.windows(inputs: cols, target: cols[0])
        #expect(w.count == 3)
        #expect(w.firstTargetRows == [3, 4, 5])
        // Window 1: inputs rows 1, 2, 3 of (a, b); targets rows 4, 5 of a.
        #expect(Array(w.inputs[6..<12]) == [1, 101, 2, 102, 3, 103])
        #expect(Array(w.targets[2..<4]) == [4, 5])
    }

    @Test func strideStepsBackFromTheLastWindow() {
        // 10 rows, lookback 2, horizon 3, stride 2: the last window's targets are rows 7, 8, 9, so
        // first-target rows are 7, 5, 3; row 1 is not one, as only row 0 lies before it (lookback 2).
        let spec = WindowSpec(lookback: 2, horizon: 3, stride: 2, inputColumns: ["a"], targetColumn: "a")
        let cols = columns(rows: 10, features: 1)
        let w = spec.windows(inputs: cols, target: cols[0])
        #expect(w.firstTargetRows == [3, 5, 7])
        #expect(spec.windowCount(rows: 10) == 3)
    }

    @Test func windowsAreEmptyWhenSeriesIsShorterThanOneWindow() {
        let spec = WindowSpec(lookback: 4, horizon: 2, inputColumns: ["a"], targetColumn: "a")
        let cols = columns(rows: 5, features: 1)
        #expect(spec.windows(inputs: cols, target: cols[0]).count == 0)
        #expect(spec.windowCount(rows: 5) == 0)
        #expect(spec.lastInput(inputs: columns(rows: 3, features: 1)) == nil)
    }

    @Test func targetRowsRestrictWhichRowsCanBeForecast() {
        let spec = WindowSpec(lookback: 2, horizon: 2, inputColumns: ["a"], targetColumn: "a")
        let cols = columns(rows: 10, features: 1)
        let w = spec.windows(inputs: cols, target: cols[0], targetRows: 6..<10)
        // Targets must lie in 6..<10: first-target rows 6, 7, 8; inputs may come from rows 4 and 5.
        #expect(w.firstTargetRows == [6, 7, 8])
        #expect(Array(w.inputs[0..<2]) == [4, 5])
    }

    @Test func lastInputIsTheFinalLookbackRows() {
        let spec = WindowSpec(lookback: 3, horizon: 1, inputColumns: ["a", "b"], targetColumn: "a")
        #expect(spec.lastInput(inputs: columns(rows: 6, features: 2)) == [3, 103, 4, 104, 5, 105])
    }

    @Test func invalidSizesAreRejectedWithTheOptionName() {
        let spec = WindowSpec(lookback: 3, horizon: 0, inputColumns: ["a"], targetColumn: "a")
        #expect(throws: WindowingError.nonPositive(name: "horizon", value: 0)) { try spec.validate() }
        #expect(WindowingError.nonPositive(name: "horizon", value: 0).description
            == "--horizon 0: the horizon must be at least 1 step")
    }

    @Test func windowCountsAndContentsFollowTheFormula() async {
        await propertyCheck(input: Gen.int(in: 1...12), Gen.int(in: 1...6), Gen.int(in: 1...5), Gen.int(in: 0...60)) {
            lookback, horizon, stride, rows in
            let spec = WindowSpec(lookback: lookback, horizon: horizon, stride: stride, inputColumns: ["a"], targetColumn: "a")
            let cols = columns(rows: rows, features: 1)
            let w = spec.windows(inputs: cols, target: cols[0])
            let expected = rows >= lookback + horizon ? (rows - lookback - horizon) / stride + 1 : 0
            #expect(w.count == expected)
            #expect(w.inputs.count == expected * lookback)
            #expect(w.targets.count == expected * horizon)
            for (i, first) in w.firstTargetRows.enumerated() {
                // The last window ends at the last row; consecutive windows are `stride` apart.
                #expect(first == rows - horizon - (expected - 1 - i) * stride)
                for t in 0..<lookback { #expect(w.inputs[i * lookback + t] == Float(first - lookback + t)) }
                for h in 0..<horizon { #expect(w.targets[i * horizon + h] == Float(first + h)) }
            }
        }
    }
}

@Suite struct WindowAnchorTests {
    @Test func changesAreMeasuredFromEachWindowsLastInput() {
        // raw = 10, 11, 13, 16, 20, 25; lookback 2, horizon 2: windows with first targets 2, 3, 4.
        let raw: [Double] = [10, 11, 13, 16, 20, 25]
        let spec = WindowSpec(lookback: 2, horizon: 2, inputColumns: ["y"], targetColumn: "y")
        let w = spec.windows(inputs: [raw], target: raw)
        let c = w.changesFromLastInput(of: raw)
        // Window 0: inputs 10, 11 (anchor 11) → -1, 0; targets 13, 16 → 2, 5.
        #expect(c.anchors == [11, 13, 16])
        #expect(Array(c.inputs[0..<2]) == [-1, 0] && Array(c.targets[0..<2]) == [2, 5])
        #expect(Array(c.inputs[4..<6]) == [-3, 0] && Array(c.targets[4..<6]) == [4, 9])
        var scaled = w
        scaled.replaceTargetColumn(inputs: c.inputs, targets: c.targets, scaler: Scaler(kind: .standard, offset: 1, scale: 2))
        #expect(Array(scaled.targets[0..<2]) == [0.5, 2])
    }

    @Test func lastInputWithAnchorReturnsChangesAndTheValueToAddBack() throws {
        let t0 = Timestamp(year: 2020, month: 1, day: 1)
        let series = TimeSeries(timestamps: (0..<4).map { t0.adding(days: $0) }, columns: [Column(name: "y", values: [5, 7, 8, 12])])
        let spec = WindowSpec(lookback: 3, horizon: 1, inputColumns: ["y"], targetColumn: "y")
        let identity = Scaler(kind: .standard, offset: 0, scale: 1)
        let (input, anchor) = try spec.scaledLastInput(from: series, scalers: [identity], fill: nil, anchor: .last)
        #expect(input == [-5, -4, 0] && anchor == [12])
        let (levels, none) = try spec.scaledLastInput(from: series, scalers: [identity], fill: nil)
        #expect(levels == [7, 8, 12] && none == [0])
    }
}

/// `WindowAnchor.season`: targets measured from the value one season earlier, inputs as levels.
@Suite struct SeasonAnchorTests {
    @Test func targetsAreChangesFromOneSeasonEarlier() {
        let spec = WindowSpec(lookback: 4, horizon: 2, inputColumns: ["y"], targetColumn: "y")
        let raw: [Double] = [1, 2, 3, 4, 10, 20, 30, 40]
        let windows = spec.windows(inputs: [raw], target: raw)
        // Windows' first targets are rows 4, 5, 6; with m = 3, step k of the window at row r subtracts row r + k − 3.
        let (targets, anchors) = windows.changesFromSeasonEarlier(of: raw, season: 3)
        #expect(windows.firstTargetRows == [4, 5, 6])
        #expect(anchors == [2, 3, 3, 4, 4, 10])
        #expect(targets == [8, 17, 17, 26, 26, 30])
    }

    @Test func theLastInputCarriesTheValuesOneSeasonBeforeEachStep() throws {
        let spec = WindowSpec(lookback: 4, horizon: 2, inputColumns: ["y"], targetColumn: "y")
        let start = Timestamp(year: 2020, month: 1, day: 1)
        let history = TimeSeries(timeColumnName: "t", timestamps: (0..<6).map { start.adding(days: $0) },
                                 columns: [Column(name: "y", values: [1, 2, 3, 4, 5, 6])])
        let scaler = Scaler(kind: .standard, offset: 0, scale: 1)
        let (input, offsets) = try spec.scaledLastInput(from: history, scalers: [scaler], fill: nil, anchor: .season, season: 3)
        #expect(input == [3, 4, 5, 6])           // levels
        #expect(offsets == [4, 5])               // rows 6 + 1 − 3 and 6 + 2 − 3 (0-based 3 and 4)
        #expect(try spec.scaledLastInput(from: history, scalers: [scaler], fill: nil, anchor: .last).offsets == [6, 6])
    }
}
