import ForecastCore
@testable import ForecastEvaluation
import Testing

/// Split-conformal intervals: the finite-sample ranks worked out by hand, and the windows each level needs.
@Suite struct ConformalCalibrationTests {
    @Test func windowsNeededFollowFromTheFiniteSampleRank() {
        // Symmetric: n ≥ L / (100 − L); asymmetric: n ≥ (100 + L) / (100 − L).
        #expect(ConformalCalibration.windowsNeeded(level: 80, method: .symmetric) == 4)
        #expect(ConformalCalibration.windowsNeeded(level: 90, method: .symmetric) == 9)
        #expect(ConformalCalibration.windowsNeeded(level: 95, method: .symmetric) == 19)
        #expect(ConformalCalibration.windowsNeeded(level: 99, method: .symmetric) == 99)
        #expect(ConformalCalibration.windowsNeeded(level: 80, method: .asymmetric) == 9)
        #expect(ConformalCalibration.windowsNeeded(level: 95, method: .asymmetric) == 39)
        // The rank at exactly that many windows is n itself, one fewer would need rank n + 1.
        #expect(ConformalCalibration.rank(n: 19, perMille: 950) == 19)
        #expect(ConformalCalibration.rank(n: 18, perMille: 950) == 19)
        #expect(ConformalCalibration.rank(n: 4, perMille: 800) == 4)
    }

    /// Errors −10…10 without 0 (20 windows): |e| sorted is 1,1,2,2,…,10,10. 80 %: rank ⌈21·0.8⌉ = 17,
    /// the 17th smallest |e| is 9; 95 %: rank ⌈21·0.95⌉ = 20, which is 10.
    @Test func symmetricBoundsAreTheFiniteSampleQuantileOfAbsoluteErrors() throws {
        let errors = (-10...10).filter { $0 != 0 }.map { [Double($0), 2 * Double($0)] }
        let c = try ConformalCalibration.fromErrors(errors, levels: [95, 80], method: .symmetric)
        #expect(c.levels == [80, 95] && c.windows == 20)
        #expect(c.upperOffsets == [[9, 18], [10, 20]])
        #expect(c.lowerOffsets == [[-9, -18], [-10, -20]])
        let intervals = c.intervals(around: [100, 200])
        #expect(intervals[0] == PredictionInterval(level: 80, lower: [91, 182], upper: [109, 218]))
    }

    /// Signed errors 1…39 (39 windows) for a 95 % asymmetric interval: rank ⌈40·0.975⌉ = 39 from the
    /// bottom for the upper bound (39) and from the top for the lower (1).
    @Test func asymmetricBoundsComeFromTheSignedErrorsWithHalfOfAlphaPerTail() throws {
        let errors = (1...39).map { [Double($0)] }
        let c = try ConformalCalibration.fromErrors(errors, levels: [95], method: .asymmetric)
        #expect(c.lowerOffsets == [[1]] && c.upperOffsets == [[39]])
        // 80 %: rank ⌈40·0.9⌉ = 36: upper 36, lower the 36th from the top, 4.
        let eighty = try ConformalCalibration.fromErrors(errors, levels: [80], method: .asymmetric)
        #expect(eighty.lowerOffsets == [[4]] && eighty.upperOffsets == [[36]])
    }

    @Test func tooFewWindowsForALevelIsRefusedSayingHowManyItNeeds() {
        let errors = (1...10).map { [Double($0)] }
        #expect(throws: IntervalError.tooFewWindows(level: 95, method: .symmetric, needed: 19, available: 10)) {
            try ConformalCalibration.fromErrors(errors, levels: [80, 95], method: .symmetric)
        }
        let series = dailySeries((0..<40).map { Double($0 % 5) })
        #expect(throws: IntervalError.self) {
            try ConformalCalibration.calibrate(NaiveForecaster(), on: series, target: "y", horizon: 7, levels: [95])
        }
    }

    /// The calibration is the rolling-origin errors of the forecaster itself: for naive on a line of
    /// slope 1, every h-step forecast is short by exactly h.
    @Test func calibrationErrorsAreTheForecastersOwnRollingOriginErrors() throws {
        let series = dailySeries((0..<100).map(Double.init))
        let c = try ConformalCalibration.calibrate(NaiveForecaster(), on: series, target: "y", horizon: 3, levels: [80], windows: 5)
        #expect(c.windows == 5)
        #expect(c.upperOffsets == [[1, 2, 3]] && c.lowerOffsets == [[-1, -2, -3]])
        let asymmetric = try ConformalCalibration.calibrate(NaiveForecaster(), on: series, target: "y", horizon: 3, levels: [80],
                                                            method: .asymmetric, windows: 20)
        #expect(asymmetric.upperOffsets == [[1, 2, 3]] && asymmetric.lowerOffsets == [[1, 2, 3]])
    }
}
