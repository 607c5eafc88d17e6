import Foundation
import ForecastCore

/// The fits of one global model over one collection, each made once and shared by every member's
/// forecaster (``GlobalMemberForecaster``): a collection backtest asks each member to fit on its
/// rows up to each fold's origin, and every member of the same time range gets the same network.
///
/// A fit is identified by its time range: the last timestamp of the history asked for and, for a
/// history that starts after its series' first row (a sliding training window), its first
/// timestamp. Members asking at once for the same range wait for the one fit.
final class GlobalFits: @unchecked Sendable {
    struct Key: Hashable {
        var from: Timestamp?
        var to: Timestamp?
        var horizon: Int
    }

    private final class Entry: @unchecked Sendable {
        var result: Result<FittedGlobalRNN, any Error>?
    }

    let model: GlobalRNNForecaster
    let members: [SeriesCollection.Member]
    private let condition = NSCondition()
    private var entries: [Key: Entry] = [:]

    init(model: GlobalRNNForecaster, members: [SeriesCollection.Member]) {
        self.model = model
        self.members = members
    }

    /// The global network of `key`'s range, fitted now or by an earlier (or concurrent) request.
    func fitted(_ key: Key) throws -> FittedGlobalRNN {
        condition.lock()
        if let entry = entries[key] {
            while entry.result == nil { condition.wait() }
            condition.unlock()
            return try entry.result!.get()
        }
        let entry = Entry()
        entries[key] = entry
        condition.unlock()
        let result = Result { try model.fit(members, horizon: key.horizon, from: key.from, to: key.to) }
        condition.lock()
        entry.result = result
        condition.broadcast()
        condition.unlock()
        return try result.get()
    }
}

/// Member `index` of a collection, forecast by a global model (``GlobalRNNForecaster/members(of:)``):
/// fitting it on a history fits (once) the global network on every member's rows of the same
/// time range, and returns this member's part.
struct GlobalMemberForecaster: Forecaster {
    let shared: GlobalFits
    let index: Int

    var name: String { shared.model.name }
    var knownFutureColumns: [String] { shared.model.knownFutureColumns }

    func fit(on history: TimeSeries, target: String, horizon: Int) throws -> any FittedForecaster {
        let own = shared.members[index].series
        let from = history.timestamps.first == own.timestamps.first ? nil : history.timestamps.first
        let fitted = try shared.fitted(GlobalFits.Key(from: from, to: history.timestamps.last, horizon: horizon))
        return try fitted.members[index].get()
    }
}
