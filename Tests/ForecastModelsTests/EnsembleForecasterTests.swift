import ForecastCore
import ForecastEvaluation
import ForecastIO
import ForecastModels
import ForecastNN
import ForecastPreprocessing
import ForecastTraining
import Foundation
import Testing
import _ForecastTestSupport

/// The tiny network of ``trainTinyModel`` as a configuration, on one thread.
private func tinyConfiguration(cell: CellKind = .gru) -> RNNForecasterConfiguration {
    var c = RNNForecasterConfiguration()
    c.cell = cell
    c.units = [4]
    c.lookback = 6
    c.features = ["x2"]
    c.training.epochs = 2
    c.training.batchSize = 16
    c.training.seed = 7
    return c
}

@Suite struct EnsembleForecasterTests {
    @Test func memberZeroKeepsTheSeedAndTheOthersDifferAndDoNotDependOnTheSize() {
        #expect(EnsembleForecaster.memberSeed(42, member: 0) == 42)
        let seeds = (0..<5).map { EnsembleForecaster.memberSeed(42, member: $0) }
        #expect(Set(seeds).count == 5)
        let three = EnsembleForecaster(tinyConfiguration(), size: 3).memberConfigurations.map(\.training.seed)
        let five = EnsembleForecaster(tinyConfiguration(), size: 5).memberConfigurations.map(\.training.seed)
        #expect(Array(five.prefix(3)) == three)
    }

    @Test func anEnsembleOfOneIsTheSingleNetwork() throws {
        let series = hourlySeries()
        let single = try RNNForecaster(tinyConfiguration()).fitRNN(on: series, target: "y", horizon: 3)
        let one = try EnsembleForecaster(tinyConfiguration(), size: 1).fitEnsemble(on: series, target: "y", horizon: 3)
        #expect(try one.forecast(after: series).values.map(\.bitPattern) == single.forecast(after: series).values.map(\.bitPattern))
    }

    @Test(arguments: [EnsembleReduce.mean, .median])
    func theForecastIsTheStepwiseReductionOfNetworksTrainedWithTheMemberSeeds(reduce: EnsembleReduce) throws {
        let series = hourlySeries()
        let ensemble = EnsembleForecaster(tinyConfiguration(), size: 4, reduce: reduce, threads: 2)
        let fitted = try ensemble.fitEnsemble(on: series, target: "y", horizon: 3)
        // Independently: four single networks, one seed each, reduced by hand.
        let singles = try (0..<4).map { k -> [Double] in
            var c = tinyConfiguration()
            c.training.seed = EnsembleForecaster.memberSeed(7, member: k)
            return try RNNForecaster(c).fitRNN(on: series, target: "y", horizon: 3).forecast(after: series).values
        }
        let expected = (0..<3).map { step -> Double in
            let v = singles.map { $0[step] }
            if reduce == .mean { return (v[0] + v[1] + v[2] + v[3]) / 4 }
            let s = v.sorted()
            return (s[1] + s[2]) / 2
        }
        #expect(try fitted.forecast(after: series).values == expected)
        #expect(Set(singles.map { $0[0] }).count == 4)   // the members differ
    }

    @Test func theResultDoesNotDependOnTheThreadCount() throws {
        let series = hourlySeries()
        let one = try EnsembleForecaster(tinyConfiguration(cell: .lstm), size: 3, threads: 1).fitEnsemble(on: series, target: "y", horizon: 3)
        let two = try EnsembleForecaster(tinyConfiguration(cell: .lstm), size: 3, threads: 2).fitEnsemble(on: series, target: "y", horizon: 3)
        #expect(try one.forecast(after: series).values.map(\.bitPattern) == two.forecast(after: series).values.map(\.bitPattern))
    }

    @Test(arguments: [EnsembleReduce.mean, .median])
    func aSavedEnsembleIsOneFileThatForecastsBitIdentically(reduce: EnsembleReduce) throws {
        let series = hourlySeries()
        let fitted = try EnsembleForecaster(tinyConfiguration(), size: 3, reduce: reduce, threads: 2)
            .fitEnsemble(on: series, target: "y", horizon: 3)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("ensemble.h5")
        try ModelFile.save(SavedModel(ensemble: fitted, frequency: series.inferFrequency()), to: path)
        let loaded = try ModelFile.load(path)
        #expect(loaded.ensemble?.size == 3)
        #expect(loaded.ensemble?.reduce == reduce)
        #expect(loaded.ensemble?.seeds == fitted.seeds)
        #expect(try loaded.forecast(after: series).values.map(\.bitPattern) == fitted.forecast(after: series).values.map(\.bitPattern))
        let file = try HDF5File.open(path)
        #expect(try file.children(of: "ensemble") == ["1", "2"])
    }

    /// Three different networks: a GRU, an LSTM anchored on the last value and a SimpleRNN with the
    /// calendar (its own input columns and scalers).
    private func mixedConfigurations() -> [RNNForecasterConfiguration] {
        var lstm = tinyConfiguration(cell: .lstm)
        lstm.anchor = .last
        var rnn = tinyConfiguration(cell: .simpleRNN)
        rnn.calendar = CalendarFeature.automatic(for: .regular(seconds: 3600))
        return [tinyConfiguration(), lstm, rnn]
    }

    @Test func aCombinationTrainsEachMemberWithItsOwnConfigurationAndTheMemberSeed() throws {
        let series = hourlySeries()
        let configurations = mixedConfigurations()
        let fitted = try EnsembleForecaster(combining: configurations, threads: 2).fitEnsemble(on: series, target: "y", horizon: 3)
        #expect(fitted.isCombination)
        #expect(try !EnsembleForecaster(tinyConfiguration(), size: 2).fitEnsemble(on: series, target: "y", horizon: 3).isCombination)
        // Independently: each configuration trained alone with member k's seed, the mean taken by hand.
        let singles = try configurations.enumerated().map { k, configuration -> [Double] in
            var c = configuration
            c.training.seed = EnsembleForecaster.memberSeed(7, member: k)
            return try RNNForecaster(c).fitRNN(on: series, target: "y", horizon: 3).forecast(after: series).values
        }
        let expected = (0..<3).map { step in (singles[0][step] + singles[1][step] + singles[2][step]) / 3 }
        #expect(try fitted.forecast(after: series).values == expected)
        let columns = fitted.members.map(\.spec.inputColumns.count)
        #expect(columns[0] == 2 && columns[1] == 2 && columns[2] > 2)   // the calendar member reads more
    }

    @Test func aSavedCombinationKeepsEachMembersColumnsAndScalersAndForecastsBitIdentically() throws {
        let series = hourlySeries()
        let fitted = try EnsembleForecaster(combining: mixedConfigurations(), reduce: .median, threads: 2)
            .fitEnsemble(on: series, target: "y", horizon: 3)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("combination.h5")
        let saved = SavedModel(ensemble: fitted, frequency: series.inferFrequency())
        #expect(ModelFile.version(of: saved) == 4)
        try ModelFile.save(saved, to: path)
        let loaded = try ModelFile.load(path)
        #expect(loaded.ensemble?.isCombination == true)
        #expect(loaded.ensemble?.settings.map(\.configuration) == fitted.members.dropFirst().map(\.configuration))
        #expect(loaded.ensemble?.settings.map(\.scalers) == fitted.members.dropFirst().map(\.scalers))
        #expect(try loaded.forecast(after: series).values.map(\.bitPattern) == fitted.forecast(after: series).values.map(\.bitPattern))
        #expect(try HDF5File.open(path).attribute("format_version")?.doubleValue == 4)
    }

    @Test func aCombinationMemberWhoseColumnsDoNotStartWithTheTargetIsRefusedNamingItsGroup() throws {
        let series = hourlySeries()
        let fitted = try EnsembleForecaster(combining: mixedConfigurations(), threads: 2).fitEnsemble(on: series, target: "y", horizon: 3)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("combination.h5")
        var damaged = SavedModel(ensemble: fitted, frequency: series.inferFrequency())
        damaged.ensemble?.settings[1].spec = WindowSpec(lookback: 6, horizon: 3, inputColumns: ["x2", "y"], targetColumn: "x2")
        try ModelFile.save(damaged, to: path)
        #expect {
            _ = try ModelFile.load(path)
        } throws: { error in
            "\(error)".contains("/ensemble/2 attribute input_columns") && "\(error)".contains(path)
        }
    }

    @Test func aCombinationIsNamedByItsMembersWithRepeatsCounted() {
        #expect(EnsembleForecaster.combinationName(["gru 32", "lstm 32", "gru 32"]) == "gru 32 ×2 + lstm 32")
        #expect(EnsembleForecaster.combinationName(["a", "b", "c"]) == "a + b + c")
    }

    @Test func anEnsembleOfNoNetworksIsRefusedNamingTheOption() {
        #expect(throws: EnsembleError.noMembers(0)) {
            try EnsembleForecaster(tinyConfiguration(), size: 0).fitEnsemble(on: hourlySeries(), target: "y", horizon: 3)
        }
        #expect(EnsembleError.noMembers(0).description.hasPrefix("--ensemble 0:"))
        #expect(throws: EnsembleError.noMembers(0)) {
            try EnsembleForecaster(combining: []).fitEnsemble(on: hourlySeries(), target: "y", horizon: 3)
        }
    }
}

@Suite struct SavedSelectionTests {
    /// A model `auto` chose keeps the record of the choice (metric, candidates' scores, winner, reason)
    /// in its file; an ensemble is refused by the Keras export, naming the option.
    @Test func theChoiceTravelsInTheModelFileAndEnsemblesAreNotExported() throws {
        let series = hourlySeries(rows: 300)
        var network = RNNForecasterConfiguration()
        network.lookback = 24
        network.training.epochs = 2
        var auto = AutoConfiguration()
        auto.budget = .fits(2)
        auto.sizes = [[4]]
        auto.cells = [.gru]
        let (_, record) = try AutoForecaster(catalog: ModelCatalog(network: network), configuration: auto)
            .select(on: series, target: "y", horizon: 24)
        var gru = network
        gru.cell = .gru
        gru.units = [4]
        let fitted = try EnsembleForecaster(gru, size: 2).fitEnsemble(on: series, target: "y", horizon: 24)
        var model = SavedModel(ensemble: fitted, frequency: series.inferFrequency())
        model.selection = record
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try ModelFile.save(model, to: directory.file("m.h5"))
        let loaded = try ModelFile.load(directory.file("m.h5"))
        #expect(loaded.selection == record)
        #expect(record.candidates.map(\.name) == ["naive", "seasonal-naive", "drift", "mean", "gru 4"])
        #expect(throws: ModelFileError.self) { try KerasModelExporter.export(loaded, to: directory.file("m.keras")) }
        #expect(!FileManager.default.fileExists(atPath: directory.file("m.keras")))
    }
}
