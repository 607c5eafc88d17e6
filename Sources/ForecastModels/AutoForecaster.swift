import ForecastCore
import ForecastEvaluation
import ForecastNN
import ForecastPreprocessing
import ForecastTraining
import Foundation

/// `--models auto`: chooses, from the history it is fitted on and nothing else, the model that
/// history supports, by an inner rolling-origin backtest, and fits it.
///
/// **Inner backtest.** ``AutoConfiguration/innerFolds`` origins one horizon apart end at the last
/// row of the history; every candidate is fitted once, on the rows before the first origin, and
/// forecasts from each origin (refit once). Scores are ``AutoConfiguration/metric`` over every
/// inner point, MASE scaled as in ``Backtest``. Since `fit` sees only the history it is given, a
/// ``Backtest`` of `auto` re-makes the choice inside every outer fold from that fold's training rows.
///
/// **Candidates,** in stages (each stage's fits in parallel on ``AutoConfiguration/threads``):
/// 1. the baselines naive, seasonal naive (each season of the catalog), drift and mean (free);
/// 2. SimpleRNN, GRU and LSTM of the smallest size, on levels;
/// 3. the best network so far with `--anchor season` (where the season lies between the horizon
///    and the lookback), `--anchor last`, the automatic calendar (where the frequency has one), and
///    calendar with the season anchor;
/// 4. the best network so far at each larger size.
/// Network stages stop when the ``AutoBudget`` is spent (a stage is trimmed to the fits left).
/// Networks train on the last ``AutoConfiguration/networkRows`` rows.
///
/// **Choice.** Networks compete only when the best of them scores below the best baseline ×
/// (1 − ``AutoConfiguration/networkMargin``); among those competing, the best score wins, except
/// that the simplest candidate within ``AutoConfiguration/tolerance`` of it wins instead (baselines
/// in the order above are simpler than any network, networks rank by parameter count).
///
/// **Final model.** A baseline that wins is fitted as it is; a network that wins is fitted with the
/// next best networks of the inner backtest that beat every baseline, ``AutoConfiguration/ensembleSize``
/// networks in all, their forecasts reduced by the catalog's `--ensemble-reduce`
/// (``AutoSearchSpace/final(of:ranked:bestBaseline:)``; a seed ensemble of the winner when no other
/// network beat the baselines). Which of several close candidates scores best over a few inner
/// origins is largely chance, and one network's forecast varies with its seed about as much; the
/// mean of the best few is steadier than any one of them.
public struct AutoForecaster: SeriesTaggedForecaster {
    /// Builds the baselines and holds the network configuration every candidate starts from (its
    /// columns, lookback, transform, fill and training settings).
    public var catalog: ModelCatalog
    public var configuration: AutoConfiguration
    /// Called with a line of progress (a stage started, a candidate scored); serialized.
    public var progress: (@Sendable (String) -> Void)?
    /// Where every fit records its choice (a backtest reports the choice of each fold). `nil`: none.
    public var log: AutoChoiceLog?
    /// The series of a collection this forecaster fits (``forSeries(_:)``), under which its choices
    /// are logged; `nil` for a run of one series.
    public var series: String?

    public init(catalog: ModelCatalog, configuration: AutoConfiguration = AutoConfiguration(),
                progress: (@Sendable (String) -> Void)? = nil) {
        self.catalog = catalog
        self.configuration = configuration
        self.progress = progress
    }

    public var name: String { "auto" }

    /// This forecaster, its choices logged under series `id`.
    public func forSeries(_ id: String) -> any Forecaster {
        var tagged = self
        tagged.series = id
        return tagged
    }

    public var knownFutureColumns: [String] { catalog.network.futureFeatures ?? [] }

    public func fit(on history: TimeSeries, target: String, horizon: Int) throws -> any FittedForecaster {
        try fitAuto(on: history, target: target, horizon: horizon)
    }

    /// Chooses (``select(on:target:horizon:)``) and fits the winner on `history`.
    public func fitAuto(on history: TimeSeries, target: String, horizon: Int) throws -> FittedAuto {
        let (winner, record) = try select(on: history, target: target, horizon: horizon)
        let final = winner.final(threads: configuration.threads, trainingThreads: catalog.network.training.threads)
        let fitted = try final.fit(on: history, target: target, horizon: horizon)
        if let first = history.timestamps.first, let last = history.timestamps.last {
            log?.record(record, series: series, from: first, to: last)
        }
        return FittedAuto(winner: fitted, candidate: winner, record: record)
    }

    /// The inner backtest: every candidate's score, the winner and why.
    /// - Throws: ``AutoError/historyTooShort(rows:needed:folds:horizon:season:)`` when the history
    ///   holds fewer than two inner origins after one season of training.
    public func select(on history: TimeSeries, target: String, horizon: Int) throws -> (AutoCandidate, AutoSelectionRecord) {
        let clock = ContinuousClock(), start = clock.now
        let frequency = history.inferFrequency()
        let season = catalog.season ?? frequency.seasonalPeriod ?? 1
        var inner = BacktestConfiguration()
        inner.horizon = horizon
        inner.refit = .once
        inner.season = catalog.season
        inner.threads = 1
        let fit = inner.foldsThatFit(rowCount: history.count, minimumTrainingRows: season + 1)
        guard fit >= 2 else {
            throw AutoError.historyTooShort(rows: history.count, needed: 2 * horizon + season + 1, folds: configuration.innerFolds,
                                            horizon: horizon, season: season)
        }
        inner.folds = min(configuration.innerFolds, fit)
        var notes: [String] = []
        if inner.folds < configuration.innerFolds {
            notes.append("the history holds \(inner.folds) inner origins, not \(configuration.innerFolds): "
                         + "\(configuration.innerFolds * horizon + season + 1) rows are needed for all of them")
        }

        var scored: [AutoCandidate.Scored] = []
        var fitsUsed = 0
        func elapsed() -> Double { let d = clock.now - start; return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18 }
        func run(_ stage: [AutoCandidate], label: String) {
            var stage = stage.filter { c in !scored.contains { $0.candidate.name == c.name } }
            switch configuration.budget {
            case .fits(let n):
                var kept: [AutoCandidate] = []
                for c in stage where fitsUsed + kept.reduce(0, { $0 + $1.fits }) + c.fits <= n || c.fits == 0 { kept.append(c) }
                stage = kept
            case .seconds(let s):
                if stage.contains(where: { $0.fits > 0 }), elapsed() >= s { stage = stage.filter { $0.fits == 0 } }
            }
            guard !stage.isEmpty else { return }
            let candidates = stage, backtest = Backtest(inner), metric = configuration.metric
            progress?("auto: \(label): \(stage.map(\.name).joined(separator: ", "))")
            let outcomes = ParallelTasks.run(count: stage.count, workers: configuration.threads) { i -> AutoCandidate.Scored in
                let c = candidates[i]
                do {
                    let result = try backtest.run([c.forecaster], on: history, target: target)
                    let metrics = result.leaderboard.rows[0].metrics
                    let value = metric.value(in: metrics)
                    return AutoCandidate.Scored(candidate: c, score: value.isNaN ? nil : value, error: nil, metrics: metrics)
                } catch {
                    return AutoCandidate.Scored(candidate: c, score: nil, error: "\(error)")
                }
            }
            fitsUsed += stage.reduce(0) { $0 + $1.fits }
            scored += outcomes
        }
        func bestNetwork() -> AutoCandidate? {
            scored.filter { $0.candidate.network != nil && $0.score != nil }.min { $0.score! < $1.score! }?.candidate
        }

        let space = AutoSearchSpace(catalog: catalog, configuration: configuration, frequency: frequency, horizon: horizon,
                                    rows: history.count)
        run(space.baselines(), label: "baselines")
        run(space.cells(), label: "cells")
        if let best = bestNetwork() { run(space.variants(of: best), label: "anchors and calendar") }
        if let best = bestNetwork() { run(space.sizes(of: best), label: "sizes") }

        // A history whose in-sample seasonal naive is exact has MASE 0/0 or x/0 for every candidate
        // (undefined, or infinite): rank by MAE, in the target's units, instead.
        var metric = configuration.metric
        if metric == .mase, !scored.contains(where: { $0.score?.isFinite == true }), scored.contains(where: { $0.metrics != nil }) {
            metric = .mae
            for i in scored.indices {
                scored[i].score = scored[i].metrics.map { Metric.mae.value(in: $0) }.flatMap { $0.isNaN ? nil : $0 }
            }
            notes.append("MASE is undefined on this history (its in-sample seasonal naive error is 0: the series repeats itself "
                         + "exactly), so the candidates are ranked by MAE")
        }
        guard let bestScore = scored.compactMap(\.score).min() else {
            let first = scored.first { $0.error != nil }?.error ?? "no candidate gave a finite \(configuration.metric.rawValue)"
            throw AutoError.noCandidate(reason: first)
        }
        let networkErrors = scored.filter { $0.candidate.network != nil && $0.error != nil }
        if !networkErrors.isEmpty, !scored.contains(where: { $0.candidate.network != nil && $0.score != nil }) {
            notes.append("no network could be fitted in the inner backtest, so the choice is among the baselines: "
                         + networkErrors[0].error!)
        }
        // Networks compete only when the best of them beats the best baseline by more than the margin.
        let bestBaseline = scored.filter { $0.candidate.network == nil }.compactMap(\.score).min()
        let networksCompete = bestBaseline.map { bestScore < $0 * (1 - configuration.networkMargin) } ?? true
        let pool = networksCompete ? scored : scored.filter { $0.candidate.network == nil }
        let poolBest = pool.compactMap(\.score).min()!
        let tied = pool.filter { $0.score.map { $0 <= poolBest * (1 + configuration.tolerance) } ?? false }
        let winner = tied.min { $0.candidate.complexity < $1.candidate.complexity }!
        let top = scored.filter { $0.score == bestScore }.min { $0.candidate.complexity < $1.candidate.complexity }!
        let ranked = scored.filter { $0.score != nil }.sorted { $0.score! < $1.score! }
        let final = space.final(of: winner.candidate, ranked: ranked, bestBaseline: bestBaseline)
        var ranking = configuration
        ranking.metric = metric
        var reason = Self.reason(winner: winner, top: top, scored: scored, configuration: ranking, folds: inner.folds, horizon: horizon)
        if let members = final.combined {
            var others: [String] = []
            for m in members.dropFirst() where space.network(m).name != winner.candidate.name && !others.contains(space.network(m).name) {
                others.append(space.network(m).name)
            }
            let copies = members.count - 1 - others.count
            reason += "; fitted as the \(catalog.ensembleReduce.rawValue) of \(members.count) networks: it, the next best networks that "
                + "beat every baseline (\(others.joined(separator: ", ")))"
                + (copies > 0 ? " and \(copies == 1 ? "another network" : "\(copies) more networks") of it" : "")
                + ", each with its own seed (--ensemble 1: one network)"
        } else if final.ensembleSize > 1 {
            reason += "; fitted as a seed ensemble of \(final.ensembleSize) networks of it, the \(catalog.ensembleReduce.rawValue) of their "
                + "forecasts, as no other network beat every baseline (--ensemble 1: one network)"
        }
        let record = AutoSelectionRecord(
            metric: metric, winner: final.name, candidate: winner.candidate.name, reason: reason,
            innerFolds: inner.folds, horizon: horizon, historyRows: history.count,
            firstOrigin: history.timestamps[history.count - 1 - inner.folds * horizon].iso8601,
            tolerance: configuration.tolerance, networkMargin: configuration.networkMargin, budget: configuration.budget.description,
            seedsPerCandidate: configuration.seedsPerCandidate, fits: fitsUsed, seconds: elapsed(),
            candidates: scored.map(AutoSelectionRecord.Score.init), notes: notes)
        return (final, record)
    }

    /// One sentence on why `winner` won.
    static func reason(winner: AutoCandidate.Scored, top: AutoCandidate.Scored, scored: [AutoCandidate.Scored],
                       configuration: AutoConfiguration, folds: Int, horizon: Int) -> String {
        let metric = configuration.metric.rawValue.uppercased()
        func f(_ x: Double) -> String { String(format: "%.4g", x) }
        let over = "over \(folds) inner origins of \(horizon) step\(horizon == 1 ? "" : "s") at the end of the history"
        var text: String
        if winner.candidate.name == top.candidate.name {
            text = "\(winner.candidate.name) has the lowest \(metric) (\(f(winner.score!))) \(over)"
        } else if top.candidate.network != nil, winner.candidate.network == nil {
            let best = scored.filter { $0.candidate.network == nil }.compactMap(\.score).min()!
            text = "\(top.candidate.name) has the lowest \(metric) (\(f(top.score!))) \(over), but a network must beat the best "
                + "baseline (\(f(best))) by more than \(String(format: "%.3g", configuration.networkMargin * 100)) % to be chosen "
                + "(it does by \(String(format: "%.1f", (1 - top.score! / best) * 100)) %), so \(winner.candidate.name) "
                + "(\(f(winner.score!))) wins" + (winner.score! > best ? ", the simplest baseline within the tie tolerance" : "")
            return text
        } else {
            let gain = top.score! > 0 ? (winner.score! / top.score! - 1) * 100 : 0
            text = "\(top.candidate.name) has the lowest \(metric) (\(f(top.score!))) \(over), but \(winner.candidate.name) "
                + "(\(f(winner.score!))) is within \(String(format: "%.3g", configuration.tolerance * 100)) % of it "
                + "(\(String(format: "%.2f", gain)) %) and simpler, so it wins the tie"
        }
        let baselines = scored.filter { $0.candidate.network == nil && $0.score != nil }
        let networks = scored.filter { $0.candidate.network != nil && $0.score != nil }
        if winner.candidate.network != nil, let b = baselines.min(by: { $0.score! < $1.score! }) {
            text += "; the best baseline, \(b.candidate.name), scores \(f(b.score!))"
                + (winner.score! > 0 ? " (\(String(format: "%.1f", (b.score! / winner.score! - 1) * 100)) % worse)" : "")
        } else if winner.candidate.network == nil, let n = networks.min(by: { $0.score! < $1.score! }) {
            // A winner scoring 0 (a series that repeats exactly, ranked by MAE) has no ratio to it.
            let ratio = winner.score! > 0 ? n.score! / winner.score! : .nan
            text += ratio >= 1
                ? "; the best network, \(n.candidate.name), scores \(f(n.score!)) (\(String(format: "%.1f", (ratio - 1) * 100)) % worse)"
                : "; the best network, \(n.candidate.name), scores \(f(n.score!))"
        } else if winner.candidate.network == nil, networks.isEmpty {
            text += "; no network was scored"
        }
        return text
    }
}

/// A model `auto` may choose: a baseline, a network or a seed ensemble, with what the tie rule
/// ranks it by.
public struct AutoCandidate: Sendable {
    /// `naive`, `seasonal-naive:168`, `gru 32`, `lstm 64,64 anchor=season +calendar`, `gru 32 ×3`.
    public var name: String
    /// The network's configuration (member 0's for an ensemble); `nil` for a baseline.
    public var network: RNNForecasterConfiguration?
    /// Members of a seed ensemble; 1 for one network, 0 for a baseline.
    public var ensembleSize: Int
    /// The tie rule's measure: the baseline's place in the candidate list (0, 1, …) for baselines,
    /// 1000 + the weights of every member for networks.
    public var complexity: Int
    /// Rows of the history's end a network trains on; `nil`: every row.
    public var rows: Int?
    /// How an ensemble's forecasts are reduced (the catalog's `--ensemble-reduce`).
    public var reduce: EnsembleReduce = .mean
    /// Members' configurations of a combination of different networks; `nil` for a seed ensemble.
    public var combined: [RNNForecasterConfiguration]?
    /// Networks of its settings whose mean forecast the inner backtest scores (one network's
    /// candidate, ``AutoConfiguration/seedsPerCandidate``); 1 otherwise.
    public var scoringSeeds = 1
    /// The forecaster the inner backtest runs (networks on one thread each).
    public var forecaster: any Forecaster

    /// Network trainings one fit of this candidate costs in the inner backtest.
    public var fits: Int { ensembleSize * scoringSeeds }

    /// A candidate with its inner-backtest score.
    public struct Scored: Sendable {
        public var candidate: AutoCandidate
        public var score: Double?
        public var error: String?
        /// Every metric of its inner backtest; `nil` when it failed.
        public var metrics: MetricValues? = nil
    }

    /// The forecaster the winner is fitted with on the whole history: a single network computes on
    /// `trainingThreads`, an ensemble's members run on `threads` workers.
    public func final(threads: Int, trainingThreads: Int) -> any Forecaster {
        guard var c = network else { return forecaster }
        let named = name
        if let combined {
            return TrailingRowsForecaster(EnsembleForecaster(combining: combined, reduce: reduce, threads: threads, name: named), rows: rows)
        }
        if ensembleSize > 1 {
            return TrailingRowsForecaster(EnsembleForecaster(c, size: ensembleSize, reduce: reduce, threads: threads, name: named), rows: rows)
        }
        c.training.threads = trainingThreads
        return TrailingRowsForecaster(RNNForecaster(c), rows: rows)
    }
}

/// A forecaster fitted on the last `rows` rows of each history it is given (every row when `nil`);
/// forecasts read the full history it is handed, as any fitted model does.
public struct TrailingRowsForecaster: Forecaster {
    public var base: any Forecaster
    public var rows: Int?

    public init(_ base: any Forecaster, rows: Int?) {
        self.base = base
        self.rows = rows
    }

    public var name: String { base.name }
    public var knownFutureColumns: [String] { base.knownFutureColumns }

    public func fit(on history: TimeSeries, target: String, horizon: Int) throws -> any FittedForecaster {
        guard let rows, history.count > rows else { return try base.fit(on: history, target: target, horizon: horizon) }
        return try base.fit(on: history.rows((history.count - rows)..<history.count), target: target, horizon: horizon)
    }
}

/// The model `auto` chose, fitted on the whole history, with the record of the choice.
public struct FittedAuto: RefittedForCalibration {
    /// The winner fitted on the history (a network on its last ``AutoConfiguration/networkRows`` rows):
    /// a ``FittedRNN``, a ``FittedEnsemble`` or a baseline's fitted model.
    public var winner: any FittedForecaster
    public var candidate: AutoCandidate
    public var record: AutoSelectionRecord

    public var chosenModel: String? { record.winner }

    /// The winner, each fit on one thread: conformal calibration refits it, it does not choose again.
    public var calibrationForecaster: any Forecaster { candidate.final(threads: 1, trainingThreads: 1) }

    public func forecast(after history: TimeSeries) throws -> Forecast {
        try winner.forecast(after: history)
    }

    public func forecast(after history: TimeSeries, knownFuture: TimeSeries?) throws -> Forecast {
        try winner.forecast(after: history, knownFuture: knownFuture)
    }
}

/// Why `auto` cannot choose.
public enum AutoError: HistoryLengthError, Equatable, CustomStringConvertible {
    case historyTooShort(rows: Int, needed: Int, folds: Int, horizon: Int, season: Int)
    case noCandidate(reason: String)

    public var description: String {
        switch self {
        case let .historyTooShort(rows, needed, folds, horizon, season):
            return "--models auto: the history has \(rows) rows; its inner backtest needs at least \(needed) "
                + "(one season of \(season) rows and one more to train on, then 2 origins of --horizon \(horizon); "
                + "\(folds * horizon + season + 1) for all \(folds) origins); give a longer history, or name the models (--models naive)"
        case let .noCandidate(reason):
            return "--models auto: no candidate could be scored in the inner backtest: \(reason)"
        }
    }

    public var isHistoryTooShort: Bool {
        if case .historyTooShort = self { return true }
        return false
    }
}
