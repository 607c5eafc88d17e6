import ForecastCore
import ForecastEvaluation

/// A model per series: what `forecast train` saves for several series (`--targets`, a long file)
/// without `--global` — each series' own network, seed ensemble, combination, or the model
/// `--models auto` chose from that series' own history (a baseline included), in one file.
///
/// `predict --model` forecasts each series with its own model, found by the series' id; a series
/// the file has no model for is refused (there is no shared network to forecast it with).
///
/// ```swift
/// let models = try ModelFile.loadSeriesModels("stations.h5")!
/// let next = try models.model(for: "JFK")?.forecast(after: jfk)
/// ```
public struct SavedSeriesModels: Sendable {
    /// One series' model.
    public enum Model: Sendable {
        case network(SavedModel)
        case baseline(SavedBaseline)

        /// The column it forecasts.
        public var target: String {
            switch self {
            case .network(let m): return m.target
            case .baseline(let b): return b.target
            }
        }

        /// Steps forecast.
        public var horizon: Int {
            switch self {
            case .network(let m): return m.spec.horizon
            case .baseline(let b): return b.horizon
            }
        }

        /// Its stored intervals (`train --level`); `nil` without.
        public var calibration: ConformalCalibration? {
            get {
                switch self {
                case .network(let m): return m.calibration
                case .baseline(let b): return b.calibration
                }
            }
            set {
                switch self {
                case .network(var m): m.calibration = newValue; self = .network(m)
                case .baseline(var b): b.calibration = newValue; self = .baseline(b)
                }
            }
        }

        /// How `--models auto` chose it; `nil` for a model named by the options.
        public var selection: AutoSelectionRecord? {
            switch self {
            case .network(let m): return m.selection
            case .baseline(let b): return b.selection
            }
        }

        /// The columns it reads from a file, target first (a baseline reads its target only).
        public var fileColumns: [String] {
            switch self {
            case .network(let m): return m.fileColumns
            case .baseline(let b): return [b.target]
            }
        }

        /// The columns whose values it needs for the steps ahead; empty for a baseline.
        public var knownFutureColumns: [String] {
            if case .network(let m) = self { return m.knownFutureColumns }
            return []
        }

        /// What it is: `LSTM 32`, `naive (baseline)`, …, as the reports name models.
        public var name: String {
            switch self {
            case .network(let m): return m.selection?.winner ?? m.configuration?.cell.rawValue ?? "network"
            case .baseline(let b): return b.name
            }
        }

        /// The ``horizon`` steps after the last row of `history`, with the stored intervals when it has them.
        public func forecast(after history: TimeSeries, knownFuture: TimeSeries? = nil, modelPath: String = "model") throws -> Forecast {
            switch self {
            case .network(let m): return try m.forecast(after: history, knownFuture: knownFuture, modelPath: modelPath)
            case .baseline(let b): return try b.forecast(after: history, modelPath: modelPath)
            }
        }
    }

    /// Series ids, in the order the series were trained.
    public var ids: [String]
    /// One model per id, in the same order.
    public var models: [Model]

    /// - Throws: ``ModelFileError/invalid(what:problem:)`` when there are no models, the counts
    ///   differ, an id repeats, or the models forecast different horizons.
    public init(ids: [String], models: [Model]) throws(ModelFileError) {
        guard !ids.isEmpty, ids.count == models.count else {
            throw .invalid(what: "series models", problem: "\(ids.count) ids for \(models.count) models; expected one model per series, at least one")
        }
        if let repeated = ids.enumerated().first(where: { ids[..<$0.offset].contains($0.element) })?.element {
            throw .invalid(what: "series models", problem: "the id \"\(repeated)\" twice; expected one model per series")
        }
        let horizons = Set(models.map(\.horizon))
        guard horizons.count == 1 else {
            throw .invalid(what: "series models", problem: "horizons \(horizons.sorted()); expected every series' model to forecast the same steps")
        }
        self.ids = ids
        self.models = models
    }

    /// The model of series `id`; `nil` when the file has none for it.
    public func model(for id: String) -> Model? {
        ids.firstIndex(of: id).map { models[$0] }
    }

    /// Steps every model forecasts.
    public var horizon: Int { models[0].horizon }
}
