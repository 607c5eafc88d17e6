import ForecastCore
import ForecastEvaluation
import ForecastTraining

/// A seed ensemble of global networks (`--global --ensemble N`): `size` ``GlobalRNNForecaster``s of
/// one configuration, member k trained with seed ``EnsembleForecaster/memberSeed(_:member:)`` (member
/// 0 with the configuration's own seed, so an ensemble of one is the global network), each on the
/// windows of every series. Each series is forecast by every member with its own scalers (the same
/// in every member: they do not depend on the seed), and the forecasts are reduced step by step by
/// ``reduce``, as ``EnsembleForecaster`` reduces per-series networks.
///
/// Members are trained one after the other, each on the configuration's training threads; in a
/// collection backtest each member's fits are shared by the series of the same time range, as a
/// single global network's are. Named as its global network (`global-gru`).
public struct GlobalEnsembleForecaster: CollectionForecaster {
    /// The members, in member order.
    public var members: [GlobalRNNForecaster]
    public var reduce: EnsembleReduce

    public init(_ global: GlobalRNNForecaster, size: Int, reduce: EnsembleReduce = .mean) {
        members = (0..<max(size, 1)).map { k in
            var member = global
            member.configuration.training.seed = EnsembleForecaster.memberSeed(global.configuration.training.seed, member: k)
            return member
        }
        self.reduce = reduce
    }

    public var name: String { members[0].name }
    public var size: Int { members.count }
    public var knownFutureColumns: [String] { members[0].knownFutureColumns }

    /// Trains every member on every series of `members` (``GlobalRNNForecaster/fit(_:horizon:from:to:)``).
    public func fit(_ series: [SeriesCollection.Member], horizon: Int) throws -> [FittedGlobalRNN] {
        try members.map { try $0.fit(series, horizon: horizon) }
    }

    /// On one series: the ensemble of the global models of that series alone.
    public func fit(on history: TimeSeries, target: String, horizon: Int) throws -> any FittedForecaster {
        FittedEnsemble(members: try members.map { try GlobalEnsembleMember.network(of: $0.fit(on: history, target: target, horizon: horizon)) },
                       reduce: reduce, name: name)
    }

    public func members(of collection: SeriesCollection) -> [any Forecaster] {
        let bound = members.map { $0.members(of: collection) }
        return collection.members.indices.map { i in
            GlobalEnsembleMember(parts: bound.map { $0[i] }, reduce: reduce, name: name)
        }
    }
}

/// One series of a collection forecast by a ``GlobalEnsembleForecaster``: fitting it fits (once, shared
/// with the other series) each member's global network, and returns the series' ensemble.
struct GlobalEnsembleMember: Forecaster {
    /// Each member's forecaster of this series, in member order.
    let parts: [any Forecaster]
    let reduce: EnsembleReduce
    let name: String

    var knownFutureColumns: [String] { parts[0].knownFutureColumns }

    func fit(on history: TimeSeries, target: String, horizon: Int) throws -> any FittedForecaster {
        FittedEnsemble(members: try parts.map { try Self.network(of: $0.fit(on: history, target: target, horizon: horizon)) },
                       reduce: reduce, name: name)
    }

    /// The network of a global model's fit of one series.
    static func network(of fitted: any FittedForecaster) throws -> FittedRNN {
        guard let network = fitted as? FittedRNN else { throw GlobalModelError.noMembers }
        return network
    }
}

extension SavedModel {
    /// The model of a seed ensemble of global networks: member 0 as the global model
    /// (``init(global:frequency:calibrations:source:)``), the other members' networks in ``ensemble``;
    /// every series keeps its one set of scalers.
    /// - Throws: ``GlobalModelError/noMembers`` when no series was trained (and calibrated).
    public init(globalEnsemble fitted: [FittedGlobalRNN], reduce: EnsembleReduce, frequency: Frequency,
                calibrations: [String: ConformalCalibration]? = nil) throws {
        guard let first = fitted.first else { throw GlobalModelError.noMembers }
        try self.init(global: first, frequency: frequency, calibrations: calibrations)
        trainingSeconds = fitted.reduce(0) { $0 + $1.trainingSeconds }
        if fitted.count > 1 {
            ensemble = SavedEnsemble(others: fitted.dropFirst().map(\.network), reduce: reduce,
                                     seeds: fitted.map(\.configuration.training.seed))
        }
    }
}
