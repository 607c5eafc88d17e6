import ForecastCore
import ForecastEvaluation
import ForecastNN
import ForecastPreprocessing
import ForecastTraining
import Foundation

/// The candidates of each stage of ``AutoForecaster``'s search.
struct AutoSearchSpace {
    var catalog: ModelCatalog
    var configuration: AutoConfiguration
    var frequency: Frequency
    var horizon: Int
    var rows: Int

    func baselines() -> [AutoCandidate] {
        let names = catalog.expanding(["naive", "seasonal-naive", "drift", "mean"])
        return names.enumerated().compactMap { i, name in
            guard let f = try? catalog.forecaster(named: name) else { return nil }
            return AutoCandidate(name: name, network: nil, ensembleSize: 0, complexity: i, rows: nil, forecaster: f)
        }
    }

    /// The base network every candidate varies: the catalog's, on levels, without calendar, one thread.
    private var base: RNNForecasterConfiguration {
        var c = catalog.network
        c.anchor = nil
        c.calendar = nil
        c.training.threads = 1
        return c
    }

    /// The candidate of network settings `c`, a seed ensemble when `ensemble` > 1. One network (the
    /// default) is scored in the inner backtest by the mean forecast of
    /// ``AutoConfiguration/seedsPerCandidate`` networks of these settings.
    func network(_ c: RNNForecasterConfiguration, ensemble: Int = 1) -> AutoCandidate {
        var name = "\(c.cell.rawValue) \(c.units.map(String.init).joined(separator: ","))"
        if let anchor = c.anchor { name += " anchor=\(anchor.rawValue)" }
        if !(c.calendar ?? []).isEmpty { name += " +calendar" }
        if ensemble > 1 { name += " ×\(ensemble)" }
        let reduce = catalog.ensembleReduce
        let seeds = ensemble == 1 ? max(1, configuration.seedsPerCandidate) : 1
        let size = ensemble * seeds
        let forecaster: any Forecaster = size > 1 ? EnsembleForecaster(c, size: size, reduce: reduce, name: name) : RNNForecaster(c)
        return AutoCandidate(name: name, network: c, ensembleSize: ensemble, complexity: 1000 + ensemble * Self.weights(c),
                             rows: configuration.networkRows, reduce: reduce, scoringSeeds: seeds,
                             forecaster: TrailingRowsForecaster(Named(forecaster, name: name), rows: configuration.networkRows))
    }

    func cells() -> [AutoCandidate] {
        configuration.cells.map { cell in
            var c = base
            c.cell = cell
            c.units = configuration.sizes.first ?? c.units
            return network(c)
        }
    }

    func variants(of best: AutoCandidate) -> [AutoCandidate] {
        guard var c = best.network else { return [] }
        c.anchor = nil
        c.calendar = nil
        var out: [RNNForecasterConfiguration] = []
        let lookback = (try? c.effectiveLookback(for: frequency)) ?? 0
        let seasons = c.seasons ?? [c.season ?? catalog.season ?? frequency.seasonalPeriod].compactMap { $0 }
        let seasonFits = seasons.contains { $0 >= horizon && $0 <= lookback }
        let calendar = CalendarFeature.automatic(for: frequency)
        if seasonFits { var v = c; v.anchor = .season; out.append(v) }
        var last = c
        last.anchor = .last
        out.append(last)
        if !calendar.isEmpty {
            var v = c
            v.calendar = calendar
            out.append(v)
            if seasonFits { v.anchor = .season; out.append(v) }
        }
        return out.map { network($0) }
    }

    func sizes(of best: AutoCandidate) -> [AutoCandidate] {
        guard let c = best.network else { return [] }
        return configuration.sizes.filter { $0 != c.units }.map { units in
            var v = c
            v.units = units
            return network(v)
        }
    }

    /// What the winner is fitted as. A baseline, or a network when ``AutoConfiguration/ensembleSize``
    /// is 1: itself. A network otherwise: the combination (``EnsembleForecaster/init(combining:reduce:threads:name:)``)
    /// of `ensembleSize` networks, the winner and, in order of score, the next best networks of
    /// `ranked` that scored below the best baseline, `bestBaseline` (a network no baseline beats);
    /// when fewer qualify, further networks of the winner's configuration fill it up (a seed
    /// ensemble of the winner when none does). Each member trains with its own member seed.
    ///
    /// One network's forecast varies with its seed by about as much as the candidates differ, and
    /// which of several close candidates scores best in the inner backtest is largely chance; the mean
    /// of the best few is steadier than any one of them.
    func final(of winner: AutoCandidate, ranked: [AutoCandidate.Scored], bestBaseline: Double?) -> AutoCandidate {
        guard let c = winner.network, winner.ensembleSize == 1, configuration.ensembleSize > 1 else { return winner }
        var members = [c]
        for r in ranked where members.count < configuration.ensembleSize {
            guard let n = r.candidate.network, r.candidate.ensembleSize == 1, let score = r.score, !members.contains(n) else { continue }
            if let bestBaseline, score >= bestBaseline { continue }
            members.append(n)
        }
        guard members.count > 1 else { return network(c, ensemble: configuration.ensembleSize) }
        while members.count < configuration.ensembleSize { members.append(c) }
        var out = network(c, ensemble: members.count)
        out.name = EnsembleForecaster.combinationName(members.map { network($0).name })
        out.combined = members
        out.forecaster = TrailingRowsForecaster(EnsembleForecaster(combining: members, reduce: catalog.ensembleReduce, name: out.name),
                                                rows: configuration.networkRows)
        return out
    }

    /// Weights of the network `c` builds (input columns counted as the target, features and
    /// known-future columns, two per cyclic calendar feature).
    static func weights(_ c: RNNForecasterConfiguration) -> Int {
        let calendar = (c.calendar ?? []).reduce(0) { $0 + ($1 == .weekend || $1 == .holiday ? 1 : 2) }
        var inputs = 1 + c.features.count + (c.futureFeatures ?? []).count + calendar
        let gates = c.cell == .lstm ? 4 : c.cell == .gru ? 3 : 1
        var total = 0
        for u in c.units {
            total += gates * u * (inputs + u + 1)
            inputs = u
        }
        return total + inputs
    }
}

/// A forecaster under another name (candidates of `auto` are named by their settings).
struct Named: Forecaster {
    var base: any Forecaster
    var name: String

    init(_ base: any Forecaster, name: String) {
        self.base = base
        self.name = name
    }

    var knownFutureColumns: [String] { base.knownFutureColumns }

    func fit(on history: TimeSeries, target: String, horizon: Int) throws -> any FittedForecaster {
        try base.fit(on: history, target: target, horizon: horizon)
    }
}
