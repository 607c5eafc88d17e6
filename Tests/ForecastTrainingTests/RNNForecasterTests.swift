import ForecastCore
import ForecastNN
import ForecastPreprocessing
import ForecastTraining
import Foundation
import Testing

/// A ramp of 0.5 a step with a small wiggle.
private func ramp(_ i: Int) -> Double { 10 + 0.5 * Double(i) + 0.3 * sin(Double(i)) }

/// A weekly cycle plus a three-step one.
private func weekly(_ i: Int) -> Double {
    let angle = 2 * Double.pi * Double(i) / 7
    return 10 + sin(angle) + Double(i % 3)
}

@Suite struct RNNForecasterAnchorTests {
    /// A steady ramp whose last values lie above everything in the training part: only a network
    /// forecasting changes can follow it.
    @Test func anchoredNetworkFollowsASeriesBeyondItsTrainingRange() throws {
        let t0 = Timestamp(year: 2020, month: 1, day: 1)
        let n = 160
        let values = (0..<n).map(ramp)
        let series = TimeSeries(timestamps: (0..<n).map { t0.adding(days: $0) }, columns: [Column(name: "y", values: values)])
        var configuration = RNNForecasterConfiguration()
        configuration.units = [8]
        configuration.lookback = 8
        configuration.training.epochs = 40
        configuration.training.learningRate = 0.01
        configuration.anchor = .last
        let anchored = try RNNForecaster(configuration).fitRNN(on: series, target: "y", horizon: 3).forecast(after: series).values
        configuration.anchor = nil
        let levels = try RNNForecaster(configuration).fitRNN(on: series, target: "y", horizon: 3).forecast(after: series).values
        let next = (n..<(n + 3)).map(ramp)
        let anchoredError = zip(anchored, next).map { abs($0 - $1) }.max()!
        let levelError = zip(levels, next).map { abs($0 - $1) }.max()!
        // The ramp rises 0.5 a step; anchored forecasts land within a step's rise, levels do not.
        #expect(anchoredError < 0.5, "anchored \(anchored) vs \(next)")
        #expect(levelError > anchoredError)
    }

    /// Several seasons: the seasonal anchor takes the longest that fits between the horizon and the
    /// lookback, and says which seasons did not fit when none does.
    @Test func theSeasonalAnchorTakesTheLongestSeasonThatFits() throws {
        let t0 = Timestamp(year: 2020, month: 1, day: 1)
        let n = 120
        let series = TimeSeries(timestamps: (0..<n).map { t0.adding(days: $0) },
                                columns: [Column(name: "y", values: (0..<n).map(weekly))])
        var configuration = RNNForecasterConfiguration()
        configuration.units = [2]
        configuration.training.epochs = 1
        configuration.anchor = .season
        configuration.season = 3
        configuration.seasons = [3, 7, 21]
        configuration.lookback = 14
        #expect(try RNNForecaster(configuration).fitRNN(on: series, target: "y", horizon: 3).configuration.season == 7)
        configuration.lookback = 21
        #expect(try RNNForecaster(configuration).fitRNN(on: series, target: "y", horizon: 3).configuration.season == 21)
        configuration.lookback = 6
        #expect(throws: ForecastingError.seasonOutOfWindow(seasons: [3, 7, 21], horizon: 4, lookback: 6)) {
            try RNNForecaster(configuration).fitRNN(on: series, target: "y", horizon: 4)
        }
        #expect(ForecastingError.seasonOutOfWindow(seasons: [3, 7, 21], horizon: 4, lookback: 6).description
                == "--anchor season needs the values one season before each forecast step inside the window: none of --season 3,7,21 "
                + "is at least --horizon (4) and at most --lookback (6); raise --lookback to 7 or more, or change --season")
    }
}
