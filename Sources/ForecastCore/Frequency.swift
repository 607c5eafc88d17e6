/// The regular spacing a series' timestamps follow, inferred from the data.
public enum Frequency: Sendable, Equatable, Codable, CustomStringConvertible {
    /// A fixed spacing in seconds (3600 for hourly, 86400 for daily).
    case regular(seconds: Int64)
    /// Monday to Friday, one row a day; weekends are not gaps.
    case businessDays
    /// One row a month, on the same day of the month (or the month's last day).
    case calendarMonths
    /// No spacing covers most rows.
    case irregular

    /// The timestamp that follows `t` on this frequency's grid; `nil` for ``irregular``.
    public func next(after t: Timestamp) -> Timestamp? {
        switch self {
        case .regular(let seconds): return t.adding(seconds: seconds)
        case .businessDays: return t.nextBusinessDay()
        case .calendarMonths: return t.adding(months: 1)
        case .irregular: return nil
        }
    }

    /// `count` timestamps continuing the grid after `t`; empty for ``irregular``.
    public func timestamps(after t: Timestamp, count: Int) -> [Timestamp] {
        var out: [Timestamp] = []
        var current = t
        for _ in 0..<count {
            guard let n = next(after: current) else { return [] }
            out.append(n)
            current = n
        }
        return out
    }

    /// The length of one seasonal cycle in steps: 24 for hourly, 7 for daily, 5 for business days,
    /// 12 for monthly, 52 for weekly; `nil` when no natural season applies.
    public var seasonalPeriod: Int? {
        switch self {
        case .regular(let s) where s == 3600: return 24
        case .regular(let s) where s == 86_400: return 7
        case .regular(let s) where s == 7 * 86_400: return 52
        case .regular(let s) where s > 0 && s < 3600 && 86_400 % s == 0: return Int(86_400 / s)
        case .businessDays: return 5
        case .calendarMonths: return 12
        default: return nil
        }
    }

    /// Human name: `hourly`, `daily`, `every 15 minutes`, `business days`, `monthly`, `irregular`.
    public var description: String {
        switch self {
        case .regular(let s):
            switch s {
            case 60: return "every minute"
            case 3600: return "hourly"
            case 86_400: return "daily"
            case 7 * 86_400: return "weekly"
            default:
                if s % 86_400 == 0 { return "every \(s / 86_400) days" }
                if s % 3600 == 0 { return "every \(s / 3600) hours" }
                if s % 60 == 0 { return "every \(s / 60) minutes" }
                return "every \(s) seconds"
            }
        case .businessDays: return "business days"
        case .calendarMonths: return "monthly"
        case .irregular: return "irregular"
        }
    }

    /// A stable machine name for JSON: `3600s`, `business-days`, `monthly`, `irregular`.
    public var code: String {
        switch self {
        case .regular(let s): return "\(s)s"
        case .businessDays: return "business-days"
        case .calendarMonths: return "monthly"
        case .irregular: return "irregular"
        }
    }
}

extension TimeSeries {
    /// Infers the frequency from the spacing of consecutive timestamps.
    ///
    /// Rules, in order:
    /// - fewer than 3 rows, or no positive spacing → ``Frequency/irregular``;
    /// - spacings of 28–31 days on most steps, all on the same day of month or on month ends →
    ///   ``Frequency/calendarMonths``;
    /// - the most common spacing is one day, no row falls on a Sunday and under 10 % fall on a
    ///   Saturday (markets with old Saturday sessions), and weekend-spanning steps exist →
    ///   ``Frequency/businessDays``;
    /// - otherwise the most common positive spacing, if at least half of the steps have it or a
    ///   multiple of it (gaps), → ``Frequency/regular(seconds:)``; else irregular.
    public func inferFrequency() -> Frequency {
        guard timestamps.count >= 3 else { return .irregular }
        var counts: [Int64: Int] = [:]
        var steps = 0
        for i in timestamps.indices.dropFirst() {
            let d = timestamps[i].secondsSinceEpoch - timestamps[i - 1].secondsSinceEpoch
            guard d > 0 else { continue }
            counts[d, default: 0] += 1
            steps += 1
        }
        guard steps > 0, let mode = counts.max(by: { ($0.value, -$0.key) < ($1.value, -$1.key) })?.key else {
            return .irregular
        }
        let monthly = counts.filter { (28 * 86_400...31 * 86_400).contains($0.key) }.values.reduce(0, +)
        if monthly * 2 > steps {
            let days = timestamps.map { $0.civil }
            let sameDay = Set(days.map(\.day)).count == 1
            let monthEnds = days.allSatisfy { $0.day == Timestamp.daysInMonth(year: $0.year, month: $0.month) }
            if sameDay || monthEnds { return .calendarMonths }
        }
        if mode == 86_400 {
            let sundays = timestamps.filter { $0.weekday == 7 }.count
            let saturdays = timestamps.filter { $0.weekday == 6 }.count
            let spansWeekend = counts[3 * 86_400, default: 0] > 0
            if sundays == 0 && saturdays * 10 < timestamps.count && spansWeekend {
                return .businessDays
            }
        }
        let onGrid = counts.filter { $0.key % mode == 0 }.values.reduce(0, +)
        return onGrid * 2 >= steps ? .regular(seconds: mode) : .irregular
    }
}
