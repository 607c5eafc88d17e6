import Foundation
import ForecastCore
import ForecastNN
import ForecastPreprocessing

/// One network trained on the windows of every series of a collection (a "global" model, as
/// neuralforecast and Darts train across series): each series is prepared, split and scaled on its
/// own training rows exactly as ``RNNForecaster`` does for one series, the windows of all series
/// (training windows, and validation windows for early stopping) are concatenated in collection
/// order, and one network of ``configuration`` is trained on them. Each series then forecasts
/// through the shared network with its own scalers.
///
/// With ``seriesIdentity`` each series' windows carry its ``SeriesCode`` (⌈log₂ n⌉ 0/1 inputs), so
/// the network can tell the series apart; without it, the network sees only values, and also
/// forecasts series it was not trained on (``FittedGlobalRNN/fitted(forNew:target:)``).
///
/// Named `global-<cell>` (`global-gru`) in leaderboards.
public struct GlobalRNNForecaster: CollectionForecaster {
    public var configuration: RNNForecasterConfiguration
    /// Whether each series' code is an input. Default: false.
    public var seriesIdentity: Bool
    /// Called after every epoch (from the training thread).
    public var progress: (@Sendable (EpochReport) -> Void)?

    public init(_ configuration: RNNForecasterConfiguration, seriesIdentity: Bool = false,
                progress: (@Sendable (EpochReport) -> Void)? = nil) {
        self.configuration = configuration
        self.seriesIdentity = seriesIdentity
        self.progress = progress
    }

    /// The prefix of a global model's name.
    public static let namePrefix = "global-"

    public var name: String { Self.namePrefix + configuration.cell.rawValue }

    public var knownFutureColumns: [String] { configuration.futureFeatures ?? [] }

    /// Trains one network on every member's rows between `from` and `to` (inclusive; `nil`: open).
    ///
    /// A member that cannot be prepared (too few rows in the range, a constant target, …) is left
    /// out of training and keeps its error (``FittedGlobalRNN/members``).
    /// - Throws: the first member's error when no member can be prepared; ``TrainingError``.
    public func fit(_ members: [SeriesCollection.Member], horizon: Int, from: Timestamp? = nil,
                    to: Timestamp? = nil) throws -> FittedGlobalRNN {
        var prepared: [Result<NetworkTrainingData, any Error>] = []
        // Training windows as views of every series' scaled rows (``TrainingWindows``), so memory
        // grows with the rows, not with rows × lookback; with the last-value anchor each window's
        // inputs are its own (copied).
        let views = configuration.anchor != .last
        var trainingRows: [Float] = [], trainingStarts: [Int] = []
        var trainingInputs: [Float] = [], trainingTargets: [Float] = []
        var validationInputs: [Float] = [], validationTargets: [Float] = []
        var spec: WindowSpec?
        for (i, member) in members.enumerated() {
            var config = configuration
            if seriesIdentity { config.seriesCode = SeriesCode(index: i, of: members.count) }
            let outcome = Result<NetworkTrainingData, any Error> {
                try NetworkTrainingData(member.series.cut(from: from, to: to), target: member.target, horizon: horizon,
                                        configuration: config, keepingScaledRows: views)
            }
            guard case .success(var data) = outcome else { prepared.append(outcome); continue }
            if let spec, spec.lookback != data.spec.lookback || spec.features != data.spec.features {
                throw GlobalModelError.differentWindows(first: members[prepared.firstIndex { (try? $0.get()) != nil } ?? 0].id,
                                                        other: member.id)
            }
            spec = spec ?? data.spec
            if views {
                let firstRow = trainingRows.count / data.spec.features
                trainingStarts += data.trainingWindows.firstTargetRows.map { firstRow + $0 - data.spec.lookback }
                trainingRows += data.scaledRows
            } else {
                trainingInputs += data.trainingWindows.inputs
            }
            data.scaledRows = []
            trainingTargets += data.trainingWindows.targets
            validationInputs += data.validationWindows.inputs
            validationTargets += data.validationWindows.targets
            // Kept once, in the concatenation.
            data.trainingWindows.inputs = []
            data.trainingWindows.targets = []
            data.trainingWindows.firstTargetRows = []
            prepared.append(.success(data))
        }
        guard let spec else {
            if case .failure(let error) = prepared.first { throw error }
            throw GlobalModelError.noMembers
        }
        let time = spec.lookback, features = spec.features
        let training = views
            ? try TrainingWindows(series: trainingRows, features: features, starts: trainingStarts, time: time,
                                  targets: trainingTargets, horizon: horizon)
            : try TrainingWindows(inputs: trainingInputs, targets: trainingTargets,
                                  count: trainingTargets.count / horizon, time: time, features: features, horizon: horizon)
        trainingRows = []
        trainingInputs = []
        let validation = validationTargets.isEmpty ? nil
            : try TrainingWindows(inputs: validationInputs, targets: validationTargets,
                                  count: validationTargets.count / horizon, time: time, features: features, horizon: horizon)
        validationInputs = []
        let architecture = ModelArchitecture(cell: configuration.cell, hiddenSizes: configuration.units, features: features,
                                             horizon: horizon, gruResetAfter: configuration.gruResetAfter)
        let clock = ContinuousClock(), start = clock.now
        let result = try Trainer(configuration: configuration.training).train(architecture: architecture, training: training,
                                                                             validation: validation, progress: progress)
        let seconds = secondsElapsed(since: start, on: clock)
        let fitted = prepared.map { outcome in
            outcome.map { data in
                FittedRNN(configuration: data.configuration, network: result.network, history: result.history, spec: data.spec,
                          scalers: data.scalers, split: data.split, validationWindows: data.validationWindows,
                          validationAnchors: data.validationAnchors, trainingWindowCount: training.count, trainingSeconds: seconds)
            }
        }
        return FittedGlobalRNN(configuration: configuration, seriesIdentity: seriesIdentity, ids: members.map(\.id),
                               network: result.network, history: result.history, members: fitted,
                               trainingWindowCount: training.count, trainingSeconds: seconds)
    }

    /// On one series: a global model of that series alone.
    public func fit(on history: TimeSeries, target: String, horizon: Int) throws -> any FittedForecaster {
        let fitted = try fit([SeriesCollection.Member(id: target, series: history, target: target)], horizon: horizon)
        return try fitted.members[0].get()
    }

    public func members(of collection: SeriesCollection) -> [any Forecaster] {
        let shared = GlobalFits(model: self, members: collection.members)
        return collection.members.indices.map { GlobalMemberForecaster(shared: shared, index: $0) }
    }
}

/// A trained global network and, per member of its collection, the member's fitted forecaster.
public struct FittedGlobalRNN: Sendable {
    /// The configuration shared by every member (each member's own, with its scalers' estimates, is in ``members``).
    public var configuration: RNNForecasterConfiguration
    public var seriesIdentity: Bool
    /// The collection's ids, in order.
    public var ids: [String]
    public var network: Network
    public var history: TrainingHistory
    /// Per member: its scalers and spec around the shared network, or why it was left out.
    public var members: [Result<FittedRNN, any Error>]
    /// Windows trained on, over every member.
    public var trainingWindowCount: Int
    public var trainingSeconds: Double

    /// The member named `id`, fitted; `nil` when no member has that id.
    /// - Throws: the member's error when it was left out of training.
    public func member(_ id: String) throws -> FittedRNN? {
        guard let i = ids.firstIndex(of: id) else { return nil }
        return try members[i].get()
    }

    /// A series the network was not trained on, forecast through it: prepared and scaled on its own
    /// rows (the first `1 - validationFraction` of them, as in training).
    /// - Throws: ``GlobalModelError/newSeriesWithIdentity`` when the network reads series codes;
    ///   the errors of preparing the series.
    public func fitted(forNew history: TimeSeries, target: String) throws -> FittedRNN {
        guard !seriesIdentity else { throw GlobalModelError.newSeriesWithIdentity(target: target) }
        let horizon = network.architecture?.horizon ?? 1
        let data = try NetworkTrainingData(history, target: target, horizon: horizon, configuration: configuration)
        return FittedRNN(configuration: data.configuration, network: network, history: self.history, spec: data.spec,
                         scalers: data.scalers, split: data.split, validationWindows: data.validationWindows,
                         validationAnchors: data.validationAnchors, trainingWindowCount: trainingWindowCount,
                         trainingSeconds: trainingSeconds)
    }
}

/// Errors of global models.
public enum GlobalModelError: Error, Equatable, CustomStringConvertible {
    case noMembers
    /// Two series give windows of different shapes (their frequencies differ, so their lookbacks do).
    case differentWindows(first: String, other: String)
    /// A model with series identity asked to forecast a series it was not trained on.
    case newSeriesWithIdentity(target: String)

    public var description: String {
        switch self {
        case .noMembers: return "a global model needs at least one series"
        case let .differentWindows(first, other):
            return "series \(first) and \(other) give windows of different shapes (different frequencies or columns); "
                + "a global model needs series of one frequency and the same columns"
        case let .newSeriesWithIdentity(target):
            return "the global model reads each training series' code (--series-identity), so it cannot forecast \(target), "
                + "a series it was not trained on; train without --series-identity, or include the series"
        }
    }
}

extension TimeSeries {
    /// The rows at or after `from` and at or before `to` (`nil`: open); empty when none.
    func cut(from: Timestamp?, to: Timestamp?) -> TimeSeries {
        let lower = from.map { f in timestamps.partitionPoint { $0 < f } } ?? 0
        let upper = to.map { t in timestamps.partitionPoint { $0 <= t } } ?? count
        return rows(lower..<max(lower, upper))
    }
}

extension Array {
    /// The first index whose element fails `belongsBefore` (the array is partitioned by it).
    func partitionPoint(_ belongsBefore: (Element) -> Bool) -> Int {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if belongsBefore(self[mid]) { low = mid + 1 } else { high = mid }
        }
        return low
    }
}

func secondsElapsed(since start: ContinuousClock.Instant, on clock: ContinuousClock) -> Double {
    let elapsed = clock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
}
