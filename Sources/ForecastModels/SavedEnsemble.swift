import ForecastCore
import ForecastEvaluation
import ForecastNN

/// The members of a saved seed ensemble beyond the first (``SavedModel/network``), which share its
/// columns, scalers and configuration. A model file keeps them in groups `ensemble/<k>/layers/<i>`
/// (k = 1…size − 1) and an `ensemble` attribute (JSON `{"size", "reduce", "seeds"}`).
public struct SavedEnsemble: Sendable {
    /// Members 1…size − 1, each of the architecture of member 0.
    public var others: [Network]
    public var reduce: EnsembleReduce
    /// Every member's seed, member 0 first.
    public var seeds: [UInt64]

    public init(others: [Network], reduce: EnsembleReduce, seeds: [UInt64]) {
        self.others = others
        self.reduce = reduce
        self.seeds = seeds
    }

    /// Number of members.
    public var size: Int { others.count + 1 }

    /// The ensemble's forecast, given member 0's: every member forecasts through the path a
    /// ``FittedRNN`` takes and the values are reduced in member order, as ``FittedEnsemble`` does.
    func combined(first: Forecast, model: SavedModel, after history: TimeSeries, knownFuture: TimeSeries?) throws -> Forecast {
        let rest = try others.map {
            try $0.forecast(after: history, spec: model.spec, scalers: model.scalers, fill: model.fill,
                            configuration: model.configuration, knownFuture: knownFuture)
        }
        return reduce.combine([first] + rest)
    }

    /// The `ensemble` attribute's JSON.
    struct Header: Codable {
        var size: Int
        var reduce: EnsembleReduce
        var seeds: [UInt64]
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
            ensemble = SavedEnsemble(others: fitted.members.dropFirst().map(\.network), reduce: fitted.reduce, seeds: fitted.seeds)
        }
    }
}
