import ForecastCore

/// The results of a ``CollectionBacktest``: each series' own ``BacktestResult``, the series skipped,
/// and per model the scores across series.
public struct CollectionBacktestResult: Sendable, Equatable, Codable {
    public var configuration: BacktestConfiguration
    /// Model names, in the order given.
    public var models: [String]
    /// The series backtested, in the collection's order.
    public var series: [SeriesBacktestResult]
    /// The series too short for the folds or for a model, with the reason.
    public var skipped: [SkippedSeries]
    /// Per model, in ``models`` order: scores across the series.
    public var aggregate: [ModelAggregate]

    public init(configuration: BacktestConfiguration, models: [String], series: [SeriesBacktestResult], skipped: [SkippedSeries]) {
        self.configuration = configuration
        self.models = models
        self.series = series
        self.skipped = skipped
        aggregate = ModelAggregate.all(models: models, series: series)
    }

    /// Prediction-interval levels (the same for every series); empty without intervals.
    public var levels: [Int] { series.first?.result.levels ?? [] }

    /// Per model and level, the interval metrics over every point of every series (`step` nil):
    /// coverage across the whole collection; MSIS scales each point by its own series' fold scale.
    public var pooledIntervalMetrics: [IntervalMetrics] {
        levels.isEmpty ? []
            : IntervalMetrics.all(points: series.flatMap(\.result.points), models: models, levels: levels,
                                  horizon: configuration.horizon).filter { $0.step == nil }
    }
}

/// One series' backtest.
public struct SeriesBacktestResult: Sendable, Equatable, Codable {
    /// The series' id (`unique_id`, or the column of a wide file).
    public var id: String
    public var result: BacktestResult

    public init(id: String, result: BacktestResult) {
        self.id = id
        self.result = result
    }

    /// The models with the lowest MASE on this series (several when tied; empty when none is finite).
    public var best: [String] { result.leaderboard.best(in: .mase) }
}

/// A series left out of a backtest over many series, and why.
public struct SkippedSeries: Sendable, Equatable, Codable {
    public var id: String
    public var reason: String

    public init(id: String, reason: String) {
        self.id = id
        self.reason = reason
    }
}

/// One model's scores across the series of a collection backtest.
///
/// - `meanMase`, `medianMase`: the mean and median over series of each series' MASE (each series
///   scaled by its own in-sample seasonal-naive error, so series of any size weigh the same);
///   series whose MASE is not finite are left out and not counted in ``seriesScored``.
/// - `wape`: Σ|y − ŷ| / Σ|y| over every point of every series (the volume-weighted MAE: each
///   series weighs by its volume); points with a missing actual are left out.
/// - `wins`: the series on which this model's MASE is the lowest (a tie counts for each tied model).
public struct ModelAggregate: Sendable, Equatable, Codable {
    public var model: String
    /// Series with a finite MASE.
    public var seriesScored: Int
    public var meanMase: Double
    public var medianMase: Double
    public var wape: Double
    public var wins: Int

    public init(model: String, seriesScored: Int, meanMase: Double, medianMase: Double, wape: Double, wins: Int) {
        self.model = model
        self.seriesScored = seriesScored
        self.meanMase = meanMase
        self.medianMase = medianMase
        self.wape = wape
        self.wins = wins
    }

    /// Per model, in `models` order.
    public static func all(models: [String], series: [SeriesBacktestResult]) -> [ModelAggregate] {
        models.map { model in
            let mase = series.compactMap { s in s.result.leaderboard.rows.first { $0.model == model }?.metrics.mase }
                .filter(\.isFinite).sorted()
            var absoluteError = 0.0, volume = 0.0
            for s in series {
                for p in s.result.points where p.model == model && !p.actual.isNaN {
                    absoluteError += abs(p.actual - p.prediction)
                    volume += abs(p.actual)
                }
            }
            let median = mase.isEmpty ? Double.nan : mase.quantileOfSorted(0.5)
            return ModelAggregate(model: model, seriesScored: mase.count,
                                  meanMase: mase.isEmpty ? .nan : mase.reduce(0, +) / Double(mase.count),
                                  medianMase: median, wape: volume > 0 ? absoluteError / volume : .nan,
                                  wins: series.filter { $0.best.contains(model) }.count)
        }
    }

    public static func == (lhs: ModelAggregate, rhs: ModelAggregate) -> Bool {
        func same(_ a: Double, _ b: Double) -> Bool { a == b || (a.isNaN && b.isNaN) }
        return lhs.model == rhs.model && lhs.seriesScored == rhs.seriesScored && same(lhs.meanMase, rhs.meanMase)
            && same(lhs.medianMase, rhs.medianMase) && same(lhs.wape, rhs.wape) && lhs.wins == rhs.wins
    }
}
