import ForecastCore
import ForecastEvaluation
import ForecastModels
import ForecastPreprocessing
import ForecastReports
import ForecastTraining

/// What `predict` and `train` trained: one network, a seed ensemble (`--ensemble N`), or the model
/// `--models auto` chose (a network, an ensemble or a baseline).
struct TrainedModel {
    /// The fitted model the forecast comes from.
    var fitted: any FittedForecaster
    /// The same model unfitted, each fit on one thread: what conformal calibration refits.
    var forecaster: any Forecaster
    var summary: ModelSummary
    /// The network (member 0 of an ensemble); `nil` for a baseline.
    var network: FittedRNN?
    var ensemble: FittedEnsemble?
    /// How `--models auto` chose; `nil` otherwise.
    var selection: AutoSelectionRecord?
    /// The configuration that went into the stamp.
    var stampConfiguration: JSONValue

    /// The baseline `--models auto` chose (`naive`, `seasonal-naive:168`, …); `nil` for a network.
    var baseline: String? { network == nil && ensemble == nil ? selection?.winner : nil }

    /// The model file of a network or ensemble; `nil` for a baseline (``savedBaseline(target:horizon:frequency:season:fill:calibration:)``).
    func savedModel(frequency: Frequency, calibration: ConformalCalibration?) -> SavedModel? {
        var saved: SavedModel
        if let ensemble {
            saved = SavedModel(ensemble: ensemble, frequency: frequency, calibration: calibration)
        } else if let network {
            saved = SavedModel(fitted: network, frequency: frequency, calibration: calibration)
        } else {
            return nil
        }
        saved.selection = selection
        return saved
    }

    /// The model file of the baseline `auto` chose, its season resolved (`season`, else the
    /// frequency's); `nil` for a network.
    func savedBaseline(target: String, horizon: Int, frequency: Frequency, season: Int?, fill: MissingValueFill?,
                       calibration: ConformalCalibration?) throws -> SavedBaseline? {
        guard let baseline else { return nil }
        return try SavedBaseline(name: baseline, target: target, horizon: horizon,
                                 season: baseline == BaselineKind.seasonalNaive.rawValue ? season ?? frequency.seasonalPeriod : nil,
                                 fill: fill, frequency: frequency.code, calibration: calibration, selection: selection)
    }
}

extension ModelTraining {
    /// Trains what the options ask for: `--models auto`'s choice, an ensemble, or one network (with a
    /// progress line unless `quiet`). `threads` workers run auto's candidates and ensemble members.
    static func train(_ configuration: RNNForecasterConfiguration, auto: Bool, selection options: SelectionOptions, model: ModelOptions,
                      on series: TimeSeries, target: String, horizon: Int, threads: Int, quiet: Bool) throws -> TrainedModel {
        var stamp = try JSONValue(encoding: configuration)
        if auto {
            let progress = ProgressLine(enabled: !quiet)
            var catalog = ModelCatalog(network: configuration, season: model.season)
            catalog.otherSeasons = model.otherSeasons
            options.apply(to: &catalog, model: model, threads: threads)
            let forecaster = AutoForecaster(catalog: catalog, configuration: catalog.auto) { line in progress.update(line, force: true) }
            let fitted: FittedAuto
            do { fitted = try forecaster.fitAuto(on: series, target: target, horizon: horizon) } catch {
                progress.finish()
                throw error
            }
            progress.finish()
            stamp = stamp.adding("auto", try JSONValue(encoding: catalog.auto)).adding("selection", try JSONValue(encoding: fitted.record))
            let single = fitted.calibrationForecaster
            return TrainedModel(fitted: fitted.winner, forecaster: single, summary: summary(of: fitted), network: network(in: fitted.winner),
                                ensemble: fitted.winner as? FittedEnsemble, selection: fitted.record, stampConfiguration: stamp)
        }
        let size = options.ensemble ?? 1
        guard size > 1 else {
            let fitted = try fit(configuration, on: series, target: target, horizon: horizon, quiet: quiet)
            var single = configuration
            single.training.threads = 1
            return TrainedModel(fitted: fitted, forecaster: RNNForecaster(single), summary: ModelSummary(fitted: fitted),
                                network: fitted, ensemble: nil, selection: nil, stampConfiguration: stamp)
        }
        let progress = ProgressLine(enabled: !quiet)
        let ensemble = EnsembleForecaster(configuration, size: size, reduce: options.ensembleReduce ?? .mean, threads: threads) { done in
            progress.update("training ensemble: \(done)/\(size) networks", force: done == size)
        }
        let fitted: FittedEnsemble
        do { fitted = try ensemble.fitEnsemble(on: series, target: target, horizon: horizon) } catch {
            progress.finish()
            throw (error as? TrainingError).map { CommandError($0.description, status: ExitStatus.failure) } ?? error
        }
        progress.finish()
        stamp = stamp.adding("ensemble", try JSONValue(encoding: EnsembleStamp(size: size, reduce: fitted.reduce, seeds: fitted.seeds)))
        var one = ensemble
        one.threads = 1
        one.progress = nil
        return TrainedModel(fitted: fitted, forecaster: one, summary: summary(of: fitted), network: fitted.members[0], ensemble: fitted,
                            selection: nil, stampConfiguration: stamp)
    }

    /// The stamp's `ensemble` object.
    struct EnsembleStamp: Encodable {
        var size: Int
        var reduce: EnsembleReduce
        var seeds: [UInt64]
    }

    /// The network inside a fitted winner, if any.
    static func network(in fitted: any FittedForecaster) -> FittedRNN? {
        (fitted as? FittedRNN) ?? (fitted as? FittedEnsemble)?.members[0]
    }

    /// An ensemble described as its first member with `×N` after the architecture (a combination of
    /// different networks: every member's), training summed.
    static func summary(of ensemble: FittedEnsemble) -> ModelSummary {
        var s = ModelSummary(fitted: ensemble.members[0])
        let configurations = ensemble.members.map(\.configuration)
        s.architecture = ensemble.isCombination
            ? ModelSummary.ensembleArchitecture(first: ModelSummary.label(configurations[0]), others: configurations.dropFirst().map(ModelSummary.label),
                                                size: configurations.count, reduce: ensemble.reduce)
            : ModelSummary.ensembleArchitecture(first: s.architecture, others: [], size: configurations.count, reduce: ensemble.reduce)
        s.training.seconds = ensemble.trainingSeconds
        s.training.networks = ensemble.members.count
        return s
    }

    /// The summary of auto's winner: its network or ensemble, or the baseline by name.
    static func summary(of auto: FittedAuto) -> ModelSummary {
        var s: ModelSummary
        if let e = auto.winner as? FittedEnsemble {
            s = summary(of: e)
        } else if let n = auto.winner as? FittedRNN {
            s = ModelSummary(fitted: n)
        } else {
            s = ModelSummary(name: auto.candidate.name, units: [], architecture: "\(auto.candidate.name) (baseline)", lookback: 0,
                             horizon: auto.record.horizon)
        }
        s.architecture += ", chosen by --models auto"
        return s
    }
}

extension JSONValue {
    /// This object with `key` set to `value` (other values unchanged).
    func adding(_ key: String, _ value: JSONValue) -> JSONValue {
        guard case .object(var members) = self else { return self }
        members[key] = value
        return .object(members)
    }
}

extension SavedBaseline {
    /// The stamp's `configuration` of a forecast from a saved baseline: the rule and its parameters.
    var stampConfiguration: JSONValue {
        var members: [String: JSONValue] = ["baseline": .string(name), "window": .integer(Int64(window))]
        members["season"] = season.map { .integer(Int64($0)) } ?? .null
        members["fill"] = fill.map { .string($0.rawValue) } ?? .null
        return .object(members)
    }

    /// The report's model summary of a saved baseline.
    func summary(file: String) -> ModelSummary {
        ModelSummary(name: name, units: [], architecture: "\(name) (baseline" + (selection != nil ? ", chosen by --models auto)" : ")"),
                     lookback: 0, horizon: horizon, file: file, source: source)
    }
}
