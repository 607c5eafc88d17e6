/// Timestamps missing from a series against its frequency's grid.
public struct GapReport: Sendable, Equatable {
    /// One stretch of missing grid points between two consecutive rows.
    public struct Gap: Sendable, Equatable {
        /// The last row's timestamp before the gap.
        public var after: Timestamp
        /// The first row's timestamp after the gap.
        public var before: Timestamp
        /// How many grid timestamps are absent between them.
        public var missing: Int
    }

    /// Every gap, in time order.
    public var gaps: [Gap]
    /// Rows whose timestamp is not on the grid (a Saturday in a business-day series, a row at
    /// 10:30 in an hourly one).
    public var offGridRows: Int

    /// Total number of absent grid timestamps.
    public var missingCount: Int { gaps.reduce(0) { $0 + $1.missing } }

    /// The `n` largest gaps, largest first (ties in time order).
    public func largest(_ n: Int) -> [Gap] {
        Array(gaps.enumerated().sorted { ($0.element.missing, -$0.offset) > ($1.element.missing, -$1.offset) }
            .prefix(n).map(\.element))
    }
}

extension TimeSeries {
    /// The gaps of this series against `frequency` (by default the inferred one).
    /// Rows must be in increasing order; duplicate or decreasing steps are skipped here and reported by
    /// ``orderProblems()``. An irregular frequency has no grid, so its report is empty.
    public func gapReport(frequency: Frequency? = nil) -> GapReport {
        let frequency = frequency ?? inferFrequency()
        var gaps: [GapReport.Gap] = []
        var offGrid = 0
        guard let first = timestamps.first else { return GapReport(gaps: [], offGridRows: 0) }
        switch frequency {
        case .irregular:
            return GapReport(gaps: [], offGridRows: 0)
        case .regular(let seconds):
            offGrid = timestamps.filter { ($0.secondsSinceEpoch - first.secondsSinceEpoch) % seconds != 0 }.count
            for i in timestamps.indices.dropFirst() {
                let d = timestamps[i].secondsSinceEpoch - timestamps[i - 1].secondsSinceEpoch
                guard d > seconds else { continue }
                let missing = Int((d - 1) / seconds)
                if missing > 0 { gaps.append(.init(after: timestamps[i - 1], before: timestamps[i], missing: missing)) }
            }
        case .businessDays:
            offGrid = timestamps.filter(\.isWeekend).count
            for i in timestamps.indices.dropFirst() {
                let a = timestamps[i - 1].daysSinceEpoch, b = timestamps[i].daysSinceEpoch
                guard b - a > 1 else { continue }
                let missing = Self.weekdays(strictlyBetween: a, and: b)
                if missing > 0 { gaps.append(.init(after: timestamps[i - 1], before: timestamps[i], missing: missing)) }
            }
        case .calendarMonths:
            for i in timestamps.indices.dropFirst() {
                let a = timestamps[i - 1].civil, b = timestamps[i].civil
                let months = (b.year * 12 + b.month) - (a.year * 12 + a.month)
                if months > 1 { gaps.append(.init(after: timestamps[i - 1], before: timestamps[i], missing: months - 1)) }
            }
        }
        return GapReport(gaps: gaps, offGridRows: offGrid)
    }

    /// Monday-to-Friday days strictly between two day counts since 1970-01-01.
    static func weekdays(strictlyBetween a: Int, and b: Int) -> Int {
        guard b - a > 1 else { return 0 }
        // Five weekdays in every whole week, then the remaining (at most six) days one by one.
        let days = b - a - 1
        var n = days / 7 * 5
        var d = a + 1 + days / 7 * 7
        while d < b {
            if Timestamp(secondsSinceEpoch: Int64(d) * 86_400).weekday <= 5 { n += 1 }
            d += 1
        }
        return n
    }
}
