import ForecastCore

/// The seasonal naive forecast: every step repeats the value one season earlier, so the last observed
/// season is repeated: ŷ[T + k] = y[T + k − m·(⌊(k − 1)/m⌋ + 1)] for season length m.
///
/// Parameter-free: the fitted model reads only the last `season` rows of the history it forecasts
/// after. Same as fpp3's `SNAIVE()` and statsforecast's `SeasonalNaive(season_length=m)`.
public struct SeasonalNaiveForecaster: Forecaster {
    /// `seasonal-naive`, or `seasonal-naive:<m>` when the season is part of the name (several
    /// seasonal-naive baselines in one backtest, such as `seasonal-naive:24` and `seasonal-naive:168`).
    public var name: String {
        guard namedBySeason, let season else { return BaselineKind.seasonalNaive.rawValue }
        return "\(BaselineKind.seasonalNaive.rawValue):\(season)"
    }
    /// Season length in steps; `nil` infers it from the fitting history's frequency
    /// (``Frequency/seasonalPeriod``: 7 for daily, 24 for hourly, 12 for monthly, …).
    public var season: Int?
    /// Whether ``name`` carries the season.
    public var namedBySeason: Bool

    public init(season: Int? = nil, namedBySeason: Bool = false) {
        self.season = season
        self.namedBySeason = namedBySeason
    }

    /// Resolves the season and checks the history holds one.
    /// - Throws: ``BaselineError`` when the season is below 1, cannot be inferred, or is longer than
    ///   the history; `TimeSeriesError` for an unknown column.
    public func fit(on history: TimeSeries, target: String, horizon: Int) throws -> any FittedForecaster {
        try requireHorizon(horizon, model: name)
        let m: Int
        if let season {
            guard season >= 1 else {
                throw BaselineError.invalidParameter(model: name, option: "--season", value: season,
                                                     expected: "a season of at least 1 step")
            }
            m = season
        } else {
            let frequency = history.inferFrequency()
            guard let period = frequency.seasonalPeriod else {
                throw BaselineError.seasonUnknown(model: name, frequency: frequency)
            }
            m = period
        }
        try requireRows(history, m, model: name, reason: "one season of \(m) steps")
        _ = try history.column(named: target)
        return Fitted(name: name, target: target, horizon: horizon, season: m)
    }

    struct Fitted: FittedForecaster {
        let name: String
        let target: String
        let horizon: Int
        let season: Int

        func forecast(after history: TimeSeries) throws -> Forecast {
            let model = BaselineKind.seasonalNaive.rawValue
            try requireRows(history, season, model: model, reason: "one season of \(season) steps")
            let lastSeason = try presentValues(of: target, in: history,
                                               rows: (history.count - season)..<history.count, model: model)
            return Forecast(model: name, target: target, after: history, values: (0..<horizon).map { lastSeason[$0 % season] })
        }
    }
}
