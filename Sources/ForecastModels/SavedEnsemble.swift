import ForecastCore
import ForecastEvaluation
import ForecastNN
import ForecastPreprocessing
import ForecastTraining

/// The members of a saved ensemble beyond the first (``SavedModel/network``). Those of a seed
/// ensemble share member 0's architecture, columns, scalers and configuration; those of a
/// combination of different networks (`--models auto` combining its best candidates) carry their
/// own (``settings``). A model file keeps them in groups `ensemble/<k>/layers/<i>` (k = 1…size − 1),
/// a combination's settings as attributes of `ensemble/<k>`, and an `ensemble` attribute (JSON
/// `{"size", "reduce", "seeds"}`, with `"combined": true` for a combination).
public struct SavedEnsemble: Sendable {
    /// Members 1…size − 1 (of member 0's architecture in a seed ensemble).
    public var others: [Network]
    public var reduce: EnsembleReduce
    /// Every member's seed, member 0 first.
    public var seeds: [UInt64]
    /// A combination's members 1…size − 1: each one's columns, scalers and configuration; empty for
    /// a seed ensemble, whose members share member 0's.
    public var settings: [Settings] = []

    /// What a member of a combination does not share with member 0.
    public struct Settings: Sendable {
        public var spec: WindowSpec
        public var scalers: [Scaler]
        public var configuration: RNNForecasterConfiguration

        public init(spec: WindowSpec, scalers: [Scaler], configuration: RNNForecasterConfiguration) {
            self.spec = spec
            self.scalers = scalers
            self.configuration = configuration
        }
    }

    public init(others: [Network], reduce: EnsembleReduce, seeds: [UInt64], settings: [Settings] = []) {
        self.others = others
        self.reduce = reduce
        self.seeds = seeds
        self.settings = settings
    }

    /// Whether the members differ in more than their seeds.
    public var isCombination: Bool { !settings.isEmpty }

    /// Number of members.
    public var size: Int { others.count + 1 }

    /// The ensemble's forecast, given member 0's: every member forecasts through the path a
    /// ``FittedRNN`` takes and the values are reduced in member order, as ``FittedEnsemble`` does.
    func combined(first: Forecast, model: SavedModel, after history: TimeSeries, knownFuture: TimeSeries?) throws -> Forecast {
        let rest = try others.indices.map { k in
            let own = settings.isEmpty ? nil : settings[k]
            return try others[k].forecast(after: history, spec: own?.spec ?? model.spec, scalers: own?.scalers ?? model.scalers,
                                          fill: own?.configuration.fill ?? model.fill,
                                          configuration: own?.configuration ?? model.configuration, knownFuture: knownFuture)
        }
        return reduce.combine([first] + rest)
    }

    /// The `ensemble` attribute's JSON.
    struct Header: Codable {
        var size: Int
        var reduce: EnsembleReduce
        var seeds: [UInt64]
        /// `true` for a combination; absent (older files and seed ensembles) reads as `false`.
        var combined: Bool?
    }
}

extension SavedModel {
    /// The model of a fitted seed ensemble, trained on a series of `frequency`: member 0 as the
    /// model's network (with its training history), the others in ``ensemble``.
    public init(ensemble fitted: FittedEnsemble, frequency: Frequency, calibration: ConformalCalibration? = nil,
                source: String = "forecast \(ForecastVersion.current)") {
        self.init(fitted: fitted.members[0], frequency: frequency, calibration: calibration, source: source)
        trainingSeconds = fitted.trainingSeconds
        if fitted.members.count > 1 {
            let others = fitted.members.dropFirst()
            ensemble = SavedEnsemble(others: others.map(\.network), reduce: fitted.reduce, seeds: fitted.seeds,
                                     settings: fitted.isCombination
                                         ? others.map { SavedEnsemble.Settings(spec: $0.spec, scalers: $0.scalers, configuration: $0.configuration) } : [])
        }
    }
}
