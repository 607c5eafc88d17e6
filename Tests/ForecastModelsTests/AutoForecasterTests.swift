import ForecastCore
import ForecastEvaluation
import ForecastModels
import ForecastNN
import ForecastPreprocessing
import ForecastTraining
import Foundation
import Testing
import _ForecastTestSupport

/// An hourly series of `values`.
private func hourly(_ values: [Double]) -> TimeSeries {
    TimeSeries(timeColumnName: "time",
               timestamps: values.indices.map { Timestamp(secondsSinceEpoch: 1_700_000_000 + Int64($0) * 3600) },
               columns: [Column(name: "y", values: values)])
}

/// Deterministic noise in [-1, 1).
private func noise(_ count: Int, seed: UInt64) -> [Double] {
    var g = SeededGenerator(seed: seed)
    return (0..<count).map { _ in 2 * g.nextUnitDouble() - 1 }
}

/// `auto` over the baselines only (no network fits).
private func baselinesOnly(season: Int? = nil, tolerance: Double = 0.01) -> AutoForecaster {
    var c = AutoConfiguration()
    c.budget = .fits(0)
    c.tolerance = tolerance
    return AutoForecaster(catalog: ModelCatalog(season: season), configuration: c)
}

/// `auto` with tiny networks (4 units, 2 epochs), each candidate scored by `seeds` networks, and a
/// budget of `fits` network fits.
private func tinyNetworks(fits: Int, threads: Int = 1, seeds: Int = 1) -> AutoForecaster {
    var network = RNNForecasterConfiguration()
    network.lookback = 24
    network.training.epochs = 2
    network.training.seed = 3
    var c = AutoConfiguration()
    c.budget = .fits(fits)
    c.sizes = [[4]]
    c.threads = threads
    c.seedsPerCandidate = seeds
    return AutoForecaster(catalog: ModelCatalog(network: network), configuration: c)
}

/// A series of period 5 that no baseline follows (their season is 24) but a network learns, and
/// `auto` with tiny networks trained long enough to learn it.
private func periodFive(fits: Int) -> (TimeSeries, AutoForecaster) {
    var auto = tinyNetworks(fits: fits)
    auto.catalog.network.training.epochs = 40
    auto.catalog.network.validationFraction = 0.1
    return (hourly((0..<400).map { [0.0, 10, 5, 8, 2][$0 % 5] }), auto)
}

@Suite struct AutoForecasterTests {
    @Test func aSeriesThatRepeatsItsDayChoosesSeasonalNaive() throws {
        let values = zip(0..<600, noise(600, seed: 1)).map { t, e in 10 + 5 * sin(2 * .pi * Double(t) / 24) + 0.2 * e }
        let (winner, record) = try baselinesOnly().select(on: hourly(values), target: "y", horizon: 24)
        #expect(winner.name == "seasonal-naive")
        #expect(record.winner == "seasonal-naive")
        #expect(record.candidates.map(\.name) == ["naive", "seasonal-naive", "drift", "mean"])
        #expect(record.innerFolds == 10)
        #expect(record.fits == 0)
        #expect(record.reason.hasPrefix("seasonal-naive has the lowest MASE"))
    }

    @Test func aRandomWalkChoosesNaive() throws {
        var level = 100.0
        let values = noise(600, seed: 2).map { e -> Double in level += e; return level }
        let (winner, _) = try baselinesOnly().select(on: hourly(values), target: "y", horizon: 24)
        #expect(winner.name == "naive")
    }

    @Test func anExactTieGoesToTheSimplerModel() throws {
        // With a season of 1, seasonal naive forecasts exactly what naive does.
        let values = noise(300, seed: 3).map { 50 + $0 }
        let (winner, record) = try baselinesOnly(season: 1, tolerance: 0).select(on: hourly(values), target: "y", horizon: 6)
        let scores = Dictionary(uniqueKeysWithValues: record.candidates.map { ($0.name, $0.score) })
        #expect(scores["naive"]! == scores["seasonal-naive"]!)
        #expect(winner.name == "naive" || (scores["mean"]!! < scores["naive"]!! || scores["drift"]!! < scores["naive"]!!))
    }

    @Test func withinTheToleranceTheSimplerModelWinsAndTheReasonSaysSo() throws {
        let values = zip(0..<600, noise(600, seed: 1)).map { t, e in 10 + 5 * sin(2 * .pi * Double(t) / 24) + 0.2 * e }
        // A tolerance of 10,000 % makes every candidate tie with the best: the first (simplest) wins.
        let (winner, record) = try baselinesOnly(tolerance: 100).select(on: hourly(values), target: "y", horizon: 24)
        #expect(winner.name == "naive")
        #expect(record.reason.contains("seasonal-naive has the lowest MASE"))
        #expect(record.reason.contains("wins the tie"))
    }

    @Test func aHistoryTooShortForTheInnerBacktestSaysHowLongItMustBe() {
        let series = hourly((0..<40).map { Double($0 % 7) })
        #expect(throws: AutoError.historyTooShort(rows: 40, needed: 73, folds: 10, horizon: 24, season: 24)) {
            try baselinesOnly().select(on: series, target: "y", horizon: 24)
        }
        #expect(AutoError.historyTooShort(rows: 40, needed: 73, folds: 10, horizon: 24, season: 24).description
            .contains("needs at least 73"))
    }

    @Test func networkCandidatesSpendTheBudgetAndTheChoiceIsReproducible() throws {
        let values = zip(0..<400, noise(400, seed: 4)).map { t, e in 10 + 5 * sin(2 * .pi * Double(t) / 24) + 0.2 * e }
        let series = hourly(values)
        let (_, one) = try tinyNetworks(fits: 2, threads: 1).select(on: series, target: "y", horizon: 24)
        let (_, two) = try tinyNetworks(fits: 2, threads: 2).select(on: series, target: "y", horizon: 24)
        #expect(one.fits == 2)
        #expect(one.candidates.filter { $0.kind == "network" }.map(\.name) == ["rnn 4", "gru 4"])
        #expect(one.candidates.map(\.score) == two.candidates.map(\.score))
        #expect(one.winner == two.winner)
        // The fitted winner forecasts the horizon.
        let fitted = try tinyNetworks(fits: 2).fitAuto(on: series, target: "y", horizon: 24)
        #expect(try fitted.forecast(after: series).values.count == 24)
    }

    /// Each network candidate's score is the inner backtest of the mean of `seedsPerCandidate`
    /// networks of its settings (member seeds derived from the candidate's), each counted in the budget.
    @Test func aNetworkCandidateIsScoredByTheMeanOfItsSeedEnsemble() throws {
        let values = zip(0..<400, noise(400, seed: 4)).map { t, e in 10 + 5 * sin(2 * .pi * Double(t) / 24) + 0.2 * e }
        let series = hourly(values)
        let auto = tinyNetworks(fits: 4, seeds: 2)
        let (_, record) = try auto.select(on: series, target: "y", horizon: 24)
        #expect(record.fits == 4 && record.seedsPerCandidate == 2)
        let networks = record.candidates.filter { $0.kind == "network" }
        #expect(networks.map(\.name) == ["rnn 4", "gru 4"])
        // Independently: the same inner backtest of a seed ensemble of two SimpleRNNs of 4 units.
        var c = auto.catalog.network
        c.cell = .simpleRNN
        c.units = [4]
        c.training.threads = 1
        var inner = BacktestConfiguration()
        inner.horizon = 24
        inner.refit = .once
        inner.threads = 1
        inner.folds = min(10, inner.foldsThatFit(rowCount: series.count, minimumTrainingRows: 25))
        let pair = try Backtest(inner).run([EnsembleForecaster(c, size: 2, name: "pair")], on: series, target: "y")
        #expect(networks[0].score == pair.leaderboard.rows[0].metrics.mase)
        let (_, single) = try tinyNetworks(fits: 4, seeds: 1).select(on: series, target: "y", horizon: 24)
        #expect(single.candidates.first { $0.name == "rnn 4" }?.score != networks[0].score)
    }

    @Test func aNetworkMustBeatTheBestBaselineByTheMargin() throws {
        let values = zip(0..<400, noise(400, seed: 4)).map { t, e in 10 + 5 * sin(2 * .pi * Double(t) / 24) + 0.2 * e }
        var auto = tinyNetworks(fits: 2)
        auto.configuration.networkMargin = 1   // a network would have to score below 0
        let (winner, record) = try auto.select(on: hourly(values), target: "y", horizon: 24)
        #expect(winner.network == nil)
        #expect(record.networkMargin == 1)
        #expect(record.candidates.filter { $0.kind == "network" }.allSatisfy { $0.score != nil })
        let best = try #require(record.candidates.compactMap(\.score).min())
        if let top = record.candidates.first(where: { $0.score == best }), top.kind == "network" {
            #expect(record.reason.contains("a network must beat the best baseline"))
        }
    }

    /// A series of period 5 that no baseline follows (their season is 24) but a network learns: the
    /// network wins and is fitted as a seed ensemble of `ensembleSize` members, the first trained
    /// with the candidate's own seed.
    @Test func aNetworkThatWinsIsFittedAsASeedEnsemble() throws {
        let (series, base) = periodFive(fits: 1)
        var auto = base
        auto.configuration.cells = [.gru]
        let fitted = try auto.fitAuto(on: series, target: "y", horizon: 3)
        #expect(fitted.record.candidate == "gru 4")
        #expect(fitted.record.winner == "gru 4 ×3")
        #expect(fitted.record.reason.contains("fitted as a seed ensemble of 3 networks"))
        let ensemble = try #require(fitted.winner as? FittedEnsemble)
        #expect(ensemble.members.count == 3)
        #expect(ensemble.seeds[0] == 3 && Set(ensemble.seeds).count == 3)
        // --ensemble 1: the network alone.
        auto.configuration.ensembleSize = 1
        let single = try auto.fitAuto(on: series, target: "y", horizon: 3)
        #expect(single.record.winner == "gru 4" && single.record.candidate == "gru 4")
        #expect(single.winner is FittedRNN)
    }

    /// With three cells scored, the winner is fitted with the next best networks that beat every
    /// baseline (read from the record's scores here), each with its own member seed.
    @Test func aNetworkThatWinsIsFittedWithTheNextBestNetworksThatBeatTheBaselines() throws {
        let (series, auto) = periodFive(fits: 3)
        let fitted = try auto.fitAuto(on: series, target: "y", horizon: 3)
        let scores = fitted.record.candidates
        let bestBaseline = scores.filter { $0.kind == "baseline" }.compactMap(\.score).min()!
        let others = scores.filter { $0.kind == "network" && $0.name != fitted.record.candidate && $0.score.map { $0 < bestBaseline } == true }
            .sorted { $0.score! < $1.score! }.prefix(2).map(\.name)
        try #require(!others.isEmpty, "the test needs a second network that beats the baselines")
        let expected = [fitted.record.candidate!] + others + Array(repeating: fitted.record.candidate!, count: 2 - others.count)
        #expect(fitted.record.winner == EnsembleForecaster.combinationName(expected))
        #expect(fitted.record.reason.contains("it, the next best networks that beat every baseline (\(others.joined(separator: ", ")))"))
        let ensemble = try #require(fitted.winner as? FittedEnsemble)
        #expect(ensemble.isCombination)
        #expect(ensemble.members.map { "\($0.configuration.cell.rawValue) 4" } == expected)
        #expect(ensemble.seeds == (0..<3).map { EnsembleForecaster.memberSeed(3, member: $0) })
    }

    /// A series that repeats its day exactly has MASE 0/0 (seasonal naive) or x/0 (the others):
    /// candidates are ranked by MAE instead, so the exact seasonal naive wins, and the record says so.
    @Test func aSeriesWhoseMASEIsUndefinedIsRankedByMAE() throws {
        let values = (0..<600).map { 10 + 5 * sin(2 * .pi * Double($0 % 24) / 24) }
        let (winner, record) = try baselinesOnly().select(on: hourly(values), target: "y", horizon: 24)
        #expect(winner.name == "seasonal-naive")
        #expect(record.metric == .mae)
        #expect(record.candidates.first { $0.name == "seasonal-naive" }?.score == 0)
        #expect(record.notes.contains { $0.contains("ranked by MAE") })
        #expect(record.reason.contains("lowest MAE"))
    }

    /// With networks scored too, the reason compares the best network with the exact winner by score
    /// alone: there is no ratio to an error of 0 (it printed "inf % worse").
    @Test func aReasonAgainstAWinnerOfErrorZeroGivesNoRatio() throws {
        let values = (0..<600).map { 10 + 5 * sin(2 * .pi * Double($0 % 24) / 24) }
        let (winner, record) = try tinyNetworks(fits: 1).select(on: hourly(values), target: "y", horizon: 24)
        #expect(winner.name == "seasonal-naive")
        #expect(record.candidates.contains { $0.kind == "network" && $0.score != nil })
        #expect(record.reason.contains("the best network"))
        #expect(!record.reason.contains("inf") && !record.reason.contains("nan"))
    }

    @Test func budgetsParseAsFitsOrTime() {
        #expect(AutoBudget(parsing: "12") == .fits(12))
        #expect(AutoBudget(parsing: "5fits") == .fits(5))
        #expect(AutoBudget(parsing: "90s") == .seconds(90))
        #expect(AutoBudget(parsing: "2m") == .seconds(120))
        #expect(AutoBudget(parsing: "soon") == nil)
        #expect(AutoBudget(parsing: "-3") == nil)
        #expect(AutoBudget(parsing: "0s") == .seconds(0))
        #expect(AutoBudget(parsing: "-1s") == nil)
    }

    /// The stamp and the model file write a budget as the report says it, and read it back.
    @Test func budgetsEncodeAsTheirDescriptionAndReadBack() throws {
        for (budget, text) in [(AutoBudget.fits(16), "16 fits"), (.fits(1), "1 fit"), (.seconds(90), "90 s"), (.seconds(2.5), "2.5 s")] {
            #expect(budget.description == text)
            let data = try JSONEncoder().encode([budget])
            #expect(String(decoding: data, as: UTF8.self) == "[\"\(text)\"]")
            #expect(try JSONDecoder().decode([AutoBudget].self, from: data) == [budget])
        }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([AutoBudget].self, from: Data("[\"soon\"]".utf8)) }
    }
}
