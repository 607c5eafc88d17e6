import ForecastCore

extension SeriesCollection {
    /// Every member split after its target's last present value (``TimeSeries/splittingAtLastValue(of:)``):
    /// the collection of histories, and per member id the rows after it, whose other columns carry
    /// known-future values (empty when the member ends with a target value).
    public func splittingAtLastValues() throws -> (history: SeriesCollection, future: [String: TimeSeries]) {
        var history = self
        var future: [String: TimeSeries] = [:]
        for i in members.indices {
            let parts = try members[i].series.splittingAtLastValue(of: members[i].target)
            history.members[i].series = parts.history
            future[members[i].id] = parts.future
        }
        return (history, future)
    }

    /// Per member id, the values of `columns` for the `horizon` steps after the member's rows, taken
    /// from `future` (the rows after its history, ``splittingAtLastValues()``) on the member's grid
    /// (``TimeSeries/knownFuture(_:columns:steps:frequency:)``), checked complete; empty without `columns`.
    /// - Throws: ``SeriesFutureInputsError`` for the first member (in order) lacking a value, naming
    ///   it, the column and the first step without one.
    public func knownFuture(_ future: [String: TimeSeries], columns: [String], horizon: Int) throws -> [String: TimeSeries] {
        var out: [String: TimeSeries] = [:]
        guard !columns.isEmpty else { return out }
        let inputs = FutureInputs(columns: columns, shift: horizon)
        for member in members {
            let frequency = member.series.inferFrequency()
            let rows = future[member.id] ?? member.series.rows(member.series.count..<member.series.count)
            let ahead = try member.series.knownFuture(rows, columns: columns, steps: horizon, frequency: frequency)
            do {
                try inputs.check(ahead, after: member.series, target: member.target, frequency: frequency)
            } catch let error as FutureInputsError {
                throw SeriesFutureInputsError(id: member.id, error: error)
            }
            out[member.id] = ahead
        }
        return out
    }
}

/// A known-future value missing in one series of a collection: the series and what is missing.
public struct SeriesFutureInputsError: Error, Equatable, CustomStringConvertible {
    public var id: String
    public var error: FutureInputsError

    public init(id: String, error: FutureInputsError) {
        self.id = id
        self.error = error
    }

    public var description: String { "series \(id): \(error)" }
}
