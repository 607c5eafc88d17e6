import ForecastCore
import ForecastEvaluation
import ForecastTraining

/// How a seed ensemble turns its members' forecasts into one: step by step, the mean or the median
/// of the members' values (the median of an even count is the mean of the two middle values).
public enum EnsembleReduce: String, Sendable, Codable, CaseIterable {
    case mean, median

    /// The members' values of one step reduced to one, in member order (so the result never depends
    /// on timing).
    public func reduce(_ values: [Double]) -> Double {
        switch self {
        case .mean:
            var sum = 0.0
            for v in values { sum += v }
            return sum / Double(values.count)
        case .median:
            let sorted = values.sorted()
            let n = sorted.count
            return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
        }
    }

    /// Forecasts of the same steps, one per member, reduced step by step into one (dated as the first).
    public func combine(_ forecasts: [Forecast]) -> Forecast {
        var out = forecasts[0]
        out.values = out.values.indices.map { step in reduce(forecasts.map { $0.values[step] }) }
        return out
    }
}

/// A seed ensemble: `size` networks of one configuration, member k trained with seed
/// ``memberSeed(_:member:)`` (member 0 with the configuration's own seed, so an ensemble of one is the
/// single network), whose forecasts are reduced step by step by ``reduce``.
///
/// The members share everything seed-independent: the windows, the scalers (fitted on the training
/// rows), the transform, the anchor. With more than one member each trains on one thread and the
/// members run in parallel on ``threads`` workers, so the result depends on the seed only, never on
/// the thread count or timing.
///
/// ```swift
/// let ensemble = EnsembleForecaster(configuration, size: 5, reduce: .median, threads: 2)
/// let fitted = try ensemble.fitEnsemble(on: series, target: "temp_f", horizon: 24)
/// let next24 = try fitted.forecast(after: series)
/// ```
public struct EnsembleForecaster: Forecaster {
    /// The members' configuration; member 0 trains with its seed.
    public var configuration: RNNForecasterConfiguration
    /// Number of networks, at least 1.
    public var size: Int
    public var reduce: EnsembleReduce
    /// Workers training members at once (each member on one thread). Default: 1.
    public var threads: Int
    public var name: String
    /// Called after each member finishes with the number finished so far (serialized).
    public var progress: (@Sendable (Int) -> Void)?
    /// Each member's own configuration (its seed replaced by ``memberSeed(_:member:)``) when the
    /// members differ in more than the seed (`--models auto` combining its best candidates); `nil`:
    /// every member is ``configuration``.
    public var combined: [RNNForecasterConfiguration]?

    public init(_ configuration: RNNForecasterConfiguration, size: Int, reduce: EnsembleReduce = .mean, threads: Int = 1,
                name: String? = nil, progress: (@Sendable (Int) -> Void)? = nil) {
        self.configuration = configuration
        self.size = size
        self.reduce = reduce
        self.threads = threads
        self.name = name ?? configuration.cell.rawValue
        self.progress = progress
    }

    /// A combination of different networks, member k of configuration `configurations[k]` trained with
    /// seed ``memberSeed(_:member:)`` of the first one's seed (none: ``fitEnsemble(on:target:horizon:)``
    /// throws ``EnsembleError/noMembers(_:)``).
    public init(combining configurations: [RNNForecasterConfiguration], reduce: EnsembleReduce = .mean, threads: Int = 1,
                name: String? = nil) {
        self.init(configurations.first ?? RNNForecasterConfiguration(), size: configurations.count, reduce: reduce, threads: threads,
                  name: name)
        combined = configurations
    }

    public var knownFutureColumns: [String] {
        var columns: [String] = []
        for c in combined ?? [configuration] { for f in c.futureFeatures ?? [] where !columns.contains(f) { columns.append(f) } }
        return columns
    }

    /// A combination named by its members' names in member order, a name that repeats counted once
    /// with `×k` where it first appears: `gru 32 ×2 + lstm 32` for members gru 32, lstm 32, gru 32.
    public static func combinationName(_ names: [String]) -> String {
        var distinct: [(name: String, count: Int)] = []
        for n in names {
            if let i = distinct.firstIndex(where: { $0.name == n }) { distinct[i].count += 1 } else { distinct.append((n, 1)) }
        }
        return distinct.map { $0.count > 1 ? "\($0.name) ×\($0.count)" : $0.name }.joined(separator: " + ")
    }

    /// The seed of member `member` of an ensemble with base seed `seed`: the seed itself for member 0,
    /// then a SplitMix-derived value per member index (``SeededGenerator/derived(seed:index:)``), so
    /// adding members never changes the earlier ones.
    public static func memberSeed(_ seed: UInt64, member: Int) -> UInt64 {
        guard member > 0 else { return seed }
        var generator = SeededGenerator.derived(seed: seed, index: UInt64(member))
        return generator.next()
    }

    /// The configuration of each member, in member order.
    public var memberConfigurations: [RNNForecasterConfiguration] {
        (0..<size).map { k in
            var c = combined?[k] ?? configuration
            c.training.seed = Self.memberSeed(configuration.training.seed, member: k)
            if size > 1 { c.training.threads = 1 }
            return c
        }
    }

    public func fit(on history: TimeSeries, target: String, horizon: Int) throws -> any FittedForecaster {
        try fitEnsemble(on: history, target: target, horizon: horizon)
    }

    /// Trains every member on `history`; the first member's error (in member order) is thrown.
    public func fitEnsemble(on history: TimeSeries, target: String, horizon: Int) throws -> FittedEnsemble {
        guard size >= 1 else { throw EnsembleError.noMembers(size) }
        let configurations = memberConfigurations
        let done = ParallelTasks.Counter()
        let progress = self.progress
        let results = ParallelTasks.run(count: size, workers: threads) { k -> Result<FittedRNN, any Error> in
            let result = Result { try RNNForecaster(configurations[k]).fitRNN(on: history, target: target, horizon: horizon) }
            let n = done.increment()
            progress?(n)
            return result
        }
        return FittedEnsemble(members: try results.map { try $0.get() }, reduce: reduce, name: name)
    }
}

/// The trained members of an ``EnsembleForecaster``.
public struct FittedEnsemble: FittedForecaster {
    /// Member networks in member order; they share windows, scalers and configuration but the seed.
    public var members: [FittedRNN]
    public var reduce: EnsembleReduce
    public var name: String

    public init(members: [FittedRNN], reduce: EnsembleReduce, name: String) {
        self.members = members
        self.reduce = reduce
        self.name = name
    }

    public func forecast(after history: TimeSeries) throws -> Forecast {
        try forecast(after: history, knownFuture: nil)
    }

    public func forecast(after history: TimeSeries, knownFuture: TimeSeries?) throws -> Forecast {
        reduce.combine(try members.map { try $0.forecast(after: history, knownFuture: knownFuture) })
    }

    /// The seeds the members were trained with.
    public var seeds: [UInt64] { members.map(\.configuration.training.seed) }

    /// Whether the members differ in more than their seeds (a combination of different networks).
    public var isCombination: Bool {
        let first = members[0].configuration
        return members.dropFirst().contains {
            var c = $0.configuration
            c.training.seed = first.training.seed
            return c != first
        }
    }

    /// Sum of the members' training times.
    public var trainingSeconds: Double { members.reduce(0) { $0 + $1.trainingSeconds } }
}

/// A seed ensemble that cannot be built.
public enum EnsembleError: Error, Equatable, CustomStringConvertible {
    case noMembers(Int)

    public var description: String {
        switch self {
        case let .noMembers(n):
            return "--ensemble \(n): an ensemble needs at least 1 network; give --ensemble 1 (one network, the default) or more"
        }
    }
}
