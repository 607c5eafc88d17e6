import ForecastCore

/// A rolling-origin backtest of every series of a ``SeriesCollection``: the same ``Backtest`` (folds,
/// horizon, step, window, refit, gap, intervals) on each series, counted back from each series' own
/// last row, then scores across series (``ModelAggregate``).
///
/// Each series' result is exactly what ``Backtest/run(_:on:target:progress:)`` gives on that series
/// alone: models are fitted per series (one network per series), never on another series' rows —
/// except a ``CollectionForecaster`` (a global network), fitted at each fold on every series' rows
/// up to that series' fold origin (the same time for series that end together), once per range.
///
/// Series too short for the folds (``BacktestError/tooManyFolds(folds:fit:rows:horizon:step:gap:minimumTrainingRows:)``
/// or ``BacktestError/seasonTooLong(season:inferredFrom:fold:trainingRows:foldsThatFit:trainWindow:)``)
/// or for a model (``BacktestError/historyTooShortForModel(model:fold:origin:message:)``: a lookback,
/// a season or `auto`'s inner backtest longer than a fold's training rows) are skipped and listed
/// with the reason, or refused when ``strict``. A model failing for another reason stops the run.
///
/// Threads: with at least as many series as ``BacktestConfiguration/threads``, series run in
/// parallel, one thread each; with fewer, one after the other, each on every thread. Either way the
/// results are those of a serial run.
public struct CollectionBacktest: Sendable {
    public var configuration: BacktestConfiguration
    /// Refuse the whole run when a series is too short, instead of skipping it. Default: false.
    public var strict: Bool

    public init(_ configuration: BacktestConfiguration = BacktestConfiguration(), strict: Bool = false) {
        self.configuration = configuration
        self.strict = strict
    }

    /// Backtests `forecasters` on every member of `collection`.
    ///
    /// - Parameter progress: called after each series with the series done so far and the total.
    /// - Throws: ``CollectionBacktestError`` naming the series for a model that failed, a series too
    ///   short under ``strict``, or no series long enough; ``BacktestError`` for a bad configuration.
    public func run(_ forecasters: [any Forecaster], on collection: SeriesCollection,
                    progress: (@Sendable (BacktestProgress) -> Void)? = nil) throws -> CollectionBacktestResult {
        let (results, skipped) = try run(forecasters, on: collection, at: Array(collection.members.indices), progress: progress)
        guard !results.isEmpty else { throw CollectionBacktestError.noSeriesLongEnough(skipped: skipped) }
        return CollectionBacktestResult(configuration: configuration, models: forecasters.map(\.name), series: results,
                                        skipped: skipped)
    }

    /// Backtests the members of `collection` at `indices` (ascending): their results and the series
    /// skipped, in that order. Whether series run in parallel is decided from the whole collection,
    /// so a member gets the same numbers whichever part of the collection it is run with.
    func run(_ forecasters: [any Forecaster], on collection: SeriesCollection, at indices: [Int], onlyFolds: Set<Int>? = nil,
             progress: (@Sendable (BacktestProgress) -> Void)?) throws -> (results: [SeriesBacktestResult], skipped: [SkippedSeries]) {
        try configuration.validate()
        guard !forecasters.isEmpty else { throw BacktestError.noModels }
        let members = collection.members
        let bound = forecasters.boundToMembers(of: collection)
        // A global model's members share fits: series one after another, each on every thread, so
        // the first series' folds fit the shared networks in parallel and the others reuse them.
        let global = forecasters.contains { $0 is any CollectionForecaster }
        let parallelSeries = !global && members.count >= configuration.threads && configuration.threads > 1
        var inner = configuration
        if parallelSeries { inner.threads = 1 }
        let backtest = Backtest(inner)
        let clock = ContinuousClock(), start = clock.now
        let done = ParallelTasks.Counter()
        let outcomes = ParallelTasks.run(count: indices.count, workers: parallelSeries ? configuration.threads : 1) {
            j -> Result<BacktestResult, CollectionBacktestError> in
            let member = members[indices[j]]
            let outcome: Result<BacktestResult, CollectionBacktestError>
            do {
                var result = try backtest.run(bound[indices[j]], on: member.series, target: member.target, onlyFolds: onlyFolds,
                                              progress: nil)
                result.configuration = configuration   // the threads asked for, whichever way they were spent
                outcome = .success(result)
            } catch let error as BacktestError {
                switch error {
                case .tooManyFolds, .seasonTooLong, .historyTooShortForModel: outcome = .failure(.tooShort(id: member.id, reason: error.description))
                default: outcome = .failure(.seriesFailed(id: member.id, message: error.description))
                }
            } catch {
                outcome = .failure(.seriesFailed(id: member.id, message: "\(error)"))
            }
            let completed = done.increment()
            progress?(BacktestProgress(completed: completed, total: indices.count, elapsedSeconds: secondsSince(start, on: clock)))
            return outcome
        }

        var results: [SeriesBacktestResult] = []
        var skipped: [SkippedSeries] = []
        for (j, outcome) in outcomes.enumerated() {
            switch outcome {
            case .success(let result): results.append(SeriesBacktestResult(id: members[indices[j]].id, result: result))
            case .failure(.tooShort(let id, let reason)) where !strict: skipped.append(SkippedSeries(id: id, reason: reason))
            case .failure(let error): throw error
            }
        }
        return (results, skipped)
    }
}

/// Errors of a backtest over many series, each naming the series.
public enum CollectionBacktestError: Error, Equatable, CustomStringConvertible {
    /// The series cannot hold the folds, or a model needs more history than a fold gives it
    /// (refused under `--strict`, skipped otherwise).
    case tooShort(id: String, reason: String)
    /// A model failed on the series.
    case seriesFailed(id: String, message: String)
    /// Every series was too short.
    case noSeriesLongEnough(skipped: [SkippedSeries])

    public var description: String {
        switch self {
        case let .tooShort(id, reason):
            return "series \(id): \(reason) (without --strict, series too short are skipped)"
        case let .seriesFailed(id, message):
            return "series \(id): \(message)"
        case let .noSeriesLongEnough(skipped):
            let first = skipped.first.map { "; the first, \($0.id): \($0.reason)" } ?? ""
            return "no series is long enough for the folds asked (\(skipped.count) skipped)\(first)"
        }
    }
}
