import ForecastCore
import ForecastEvaluation
import ForecastNN
import ForecastPreprocessing
import ForecastTraining

/// A global network's saved form (``GlobalRNNForecaster``): one network and, per series it was
/// trained on, the series' id, input columns, scalers and configuration; a ``SavedModel`` holds
/// them in ``SavedModel/members`` and its own fields are those of the first member.
public struct SavedGlobalSpec: Sendable, Equatable, Codable {
    /// The configuration every series was prepared with, before any series' estimates: what a series
    /// the network was not trained on is prepared with.
    public var configuration: RNNForecasterConfiguration
    /// Whether the network reads each series' code (then it forecasts only its own series).
    public var seriesIdentity: Bool

    public init(configuration: RNNForecasterConfiguration, seriesIdentity: Bool) {
        self.configuration = configuration
        self.seriesIdentity = seriesIdentity
    }
}

extension SavedModel {
    /// One series of a global model: what its forecasts read around the shared network.
    public struct Member: Sendable, Equatable {
        /// The series' id (a long file's id, or a wide file's column name).
        public var id: String
        /// Lookback, horizon, input columns (the series' target first).
        public var spec: WindowSpec
        /// One per input column, fitted on the series' own training rows.
        public var scalers: [Scaler]
        /// The configuration with the series' own estimates (transform λ, non-negativity, season code).
        public var configuration: RNNForecasterConfiguration
        /// The series' own split-conformal calibration (`forecast train --global --level`): every
        /// forecast of the series carries its intervals. `nil` without.
        public var calibration: ConformalCalibration?

        public init(id: String, spec: WindowSpec, scalers: [Scaler], configuration: RNNForecasterConfiguration,
                    calibration: ConformalCalibration? = nil) {
            self.id = id
            self.spec = spec
            self.scalers = scalers
            self.configuration = configuration
            self.calibration = calibration
        }
    }

    /// The model of a global network: every member trained (members left out of training are not
    /// saved), the first one's fields at the top.
    /// - Parameter calibrations: with stored intervals, each member's calibration by id (from the
    ///   calibration windows of the global network, ``CollectionForecast/calibrations(_:on:progress:)``);
    ///   a member without one is not saved. `nil`: no intervals.
    /// - Throws: ``GlobalModelError/noMembers`` when no member was trained (and calibrated).
    public init(global fitted: FittedGlobalRNN, frequency: Frequency, calibrations: [String: ConformalCalibration]? = nil,
                source: String = "forecast \(ForecastVersion.current)") throws {
        var members: [Member] = []
        var first: FittedRNN?
        for (id, outcome) in zip(fitted.ids, fitted.members) {
            guard case .success(let member) = outcome else { continue }
            let calibration = calibrations?[id]
            if calibrations != nil, calibration == nil { continue }
            first = first ?? member
            members.append(Member(id: id, spec: member.spec, scalers: member.scalers, configuration: member.configuration,
                                  calibration: calibration))
        }
        guard let first else { throw GlobalModelError.noMembers }
        self.init(fitted: first, frequency: frequency, calibration: members[0].calibration, source: source)
        self.members = members
        self.global = SavedGlobalSpec(configuration: fitted.configuration, seriesIdentity: fitted.seriesIdentity)
    }

    /// Whether this is a global model (``members`` lists its series).
    public var isGlobal: Bool { global != nil }

    /// The model that forecasts member `id` of a global model; `nil` when it has no such member.
    public func member(_ id: String) -> SavedModel? {
        guard let m = members.first(where: { $0.id == id }) else { return nil }
        return serving(spec: m.spec, scalers: m.scalers, configuration: m.configuration, calibration: m.calibration)
    }

    /// Whether the members carry stored intervals (a series the network was not trained on has none).
    public var hasMemberCalibrations: Bool { members.contains { $0.calibration != nil } }

    /// The shared network around one series' spec, scalers, configuration and calibration: a model of one series.
    private func serving(spec: WindowSpec, scalers: [Scaler], configuration: RNNForecasterConfiguration,
                         calibration: ConformalCalibration?) -> SavedModel {
        var model = self
        model.spec = spec
        model.scalers = scalers
        model.configuration = configuration
        model.calibration = calibration
        model.members = []
        model.global = nil
        return model
    }

    /// The model that forecasts one series, `history`, whose target column is `target`: for a
    /// global model, the member of that column when the members are a wide file's columns (distinct
    /// targets), else `history` as a new series (``forNewSeries(_:target:)``); any other model as it is.
    public func forSeries(_ history: TimeSeries, target: String) throws -> SavedModel {
        guard isGlobal else { return self }
        let targets = members.map(\.spec.targetColumn)
        if Set(targets).count == targets.count, let m = members.first(where: { $0.spec.targetColumn == target }),
           let model = member(m.id) {
            return model
        }
        return try forNewSeries(history, target: target)
    }

    /// The model that forecasts `history`, a series a global model was not trained on: prepared and
    /// scaled on its own rows (the first `1 - validationFraction`), as each training series was; it
    /// has no stored intervals (those are each training series' own).
    /// - Throws: ``GlobalModelError/newSeriesWithIdentity(target:)`` for a network that reads series
    ///   codes; the errors of preparing `history`.
    public func forNewSeries(_ history: TimeSeries, target: String) throws -> SavedModel {
        guard let global else { return self }
        guard !global.seriesIdentity else { throw GlobalModelError.newSeriesWithIdentity(target: target) }
        let data = try NetworkTrainingData(history, target: target, horizon: spec.horizon, configuration: global.configuration)
        return serving(spec: data.spec, scalers: data.scalers, configuration: data.configuration, calibration: nil)
    }
}
