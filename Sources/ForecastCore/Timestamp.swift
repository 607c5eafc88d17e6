/// A moment in UTC, stored as whole seconds since 1970-01-01T00:00:00Z (Unix time).
///
/// Every loader converts its input to this form: a time given with a zone offset is shifted to UTC,
/// one given without an offset is taken as UTC as written (so local-time files keep their clock).
///
/// ```swift
/// let t = Timestamp(year: 2013, month: 1, day: 1, hour: 6)
/// t.iso8601            // "2013-01-01T06:00:00Z"
/// t.adding(days: 1).weekday   // 3 (Wednesday; 1 = Monday … 7 = Sunday)
/// ```
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z; negative before 1970.
    public var secondsSinceEpoch: Int64

    public init(secondsSinceEpoch: Int64) {
        self.secondsSinceEpoch = secondsSinceEpoch
    }

    /// A calendar date and time in the proleptic Gregorian calendar, UTC.
    /// Fields are not range-checked here; use ``CivilDateTime/isValid`` on parsed input first.
    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        let days = Timestamp.daysSinceEpoch(year: year, month: month, day: day)
        secondsSinceEpoch = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.secondsSinceEpoch < rhs.secondsSinceEpoch
    }

    /// Whole days since 1970-01-01 (floor division, so times before 1970 land on their own day).
    public var daysSinceEpoch: Int {
        Int(secondsSinceEpoch.floorDivided(by: 86_400))
    }

    /// Seconds since midnight UTC, `0..<86400`.
    public var secondOfDay: Int {
        Int(secondsSinceEpoch - Int64(daysSinceEpoch) * 86_400)
    }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    public var weekday: Int {
        // 1970-01-01 was a Thursday (4).
        let d = (daysSinceEpoch + 3) % 7
        return (d < 0 ? d + 7 : d) + 1
    }

    /// Whether the day is Saturday or Sunday.
    public var isWeekend: Bool { weekday >= 6 }

    /// The calendar fields of this moment, UTC.
    public var civil: CivilDateTime {
        let (y, m, d) = Timestamp.civilFromDays(daysSinceEpoch)
        let s = secondOfDay
        return CivilDateTime(year: y, month: m, day: d, hour: s / 3600, minute: (s / 60) % 60, second: s % 60)
    }

    /// `2013-01-01T06:00:00Z`; with a ``displayZone``, the local time and its offset
    /// (`2013-01-01T00:00:00-06:00`, the same moment), or for naive times (``DisplayZone/naive``) the
    /// time as written, without a designator (`2013-01-01T06:00:00`).
    public var iso8601: String {
        guard let zone = Self.displayZone else { return iso8601(offset: nil) }
        guard zone.showsOffset else { return iso8601Naive }
        return iso8601(offset: zone.offset(self))
    }

    /// This moment as the local time at `offset` seconds east of UTC, with that offset
    /// (`2013-01-01T00:00:00-06:00`); `nil`: UTC with `Z`.
    public func iso8601(offset: Int?) -> String {
        adding(seconds: Int64(offset ?? 0)).iso8601Naive + (offset.map(Self.offsetText) ?? "Z")
    }

    /// The calendar fields without any zone designator (`2013-01-01T06:00:00`): a naive time as written.
    public var iso8601Naive: String {
        let c = civil
        return "\(Self.pad(c.year, 4))-\(Self.pad(c.month, 2))-\(Self.pad(c.day, 2))T"
            + "\(Self.pad(c.hour, 2)):\(Self.pad(c.minute, 2)):\(Self.pad(c.second, 2))"
    }

    /// The calendar fields outputs show: ``civil`` in UTC, or in the ``displayZone``.
    public var displayCivil: CivilDateTime {
        guard let zone = Self.displayZone else { return civil }
        return adding(seconds: Int64(zone.offset(self))).civil
    }

    /// A zone in which outputs show moments: its name (`America/Chicago`) and its offset from UTC
    /// (seconds, east positive) at each moment.
    public struct DisplayZone: Sendable {
        public var name: String
        public var offset: @Sendable (Timestamp) -> Int
        /// Whether texts carry the offset; `false` only for ``naive``.
        public var showsOffset = true
        public init(name: String, offset: @escaping @Sendable (Timestamp) -> Int) {
            self.name = name
            self.offset = offset
        }

        /// Times that named no zone, shown as written without a designator (`2013-12-30T19:00:00`);
        /// plots call their axis "local time".
        public static var naive: DisplayZone {
            var zone = DisplayZone(name: "local time", offset: { _ in 0 })
            zone.showsOffset = false
            return zone
        }
    }

    /// The zone every ``iso8601`` text of this process shows: `nil` (the default) for UTC with `Z`.
    /// The command line sets it once, after reading a file in local time (`--timezone`, offsets shown:
    /// `2018-10-01T07:00:00-05:00`) or a file whose times name no zone (``DisplayZone/naive``, no
    /// designator: `2013-12-30T19:00:00`), before any output; nothing sets it later, so threads only
    /// ever read it.
    public nonisolated(unsafe) static var displayZone: DisplayZone?

    /// `+HH:MM` / `-HH:MM` for an offset in seconds.
    public static func offsetText(_ seconds: Int) -> String {
        let a = abs(seconds)
        return (seconds < 0 ? "-" : "+") + pad(a / 3600, 2) + ":" + pad((a / 60) % 60, 2)
    }

    /// `2013-01-01` when the time is midnight, else ``iso8601``: the short form tables use.
    public var shortDescription: String {
        if secondOfDay == 0, Self.displayZone?.showsOffset != true {
            let c = civil
            return "\(Self.pad(c.year, 4))-\(Self.pad(c.month, 2))-\(Self.pad(c.day, 2))"
        }
        return iso8601
    }

    public var description: String { iso8601 }

    /// This moment shifted by a number of seconds.
    public func adding(seconds: Int64) -> Timestamp {
        Timestamp(secondsSinceEpoch: secondsSinceEpoch + seconds)
    }

    /// This moment shifted by whole days.
    public func adding(days: Int) -> Timestamp {
        adding(seconds: Int64(days) * 86_400)
    }

    /// The same time of day on the next weekday (Monday to Friday) after this one.
    public func nextBusinessDay() -> Timestamp {
        var t = adding(days: 1)
        while t.isWeekend { t = t.adding(days: 1) }
        return t
    }

    /// This moment shifted by whole calendar months, keeping the time of day; the day is clamped to
    /// the month's length (Jan 31 + 1 month = Feb 28 or 29), and a month-end stays a month-end.
    public func adding(months: Int) -> Timestamp {
        let c = civil
        let wasMonthEnd = c.day == Timestamp.daysInMonth(year: c.year, month: c.month)
        let total = c.year * 12 + (c.month - 1) + months
        let year = total.floorDivided(by: 12)
        let month = total - year * 12 + 1
        let length = Timestamp.daysInMonth(year: year, month: month)
        let day = wasMonthEnd ? length : min(c.day, length)
        return Timestamp(year: year, month: month, day: day, hour: c.hour, minute: c.minute, second: c.second)
    }

    // MARK: Calendar arithmetic (Howard Hinnant's days_from_civil / civil_from_days)

    /// Days since 1970-01-01 of a proleptic Gregorian date.
    public static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = y.floorDivided(by: 400)
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01.
    public static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = z.floorDivided(by: 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(abs(value))
        let padded = digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        return value < 0 ? "-" + padded : padded
    }
}

/// Calendar fields of a ``Timestamp`` (UTC, proleptic Gregorian).
public struct CivilDateTime: Equatable, Sendable {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        self.year = year; self.month = month; self.day = day
        self.hour = hour; self.minute = minute; self.second = second
    }

    /// Whether every field is in range (month 1–12, day within the month, hour 0–23, minute 0–59,
    /// second 0–60 to admit a leap second written as `:60`).
    public var isValid: Bool {
        (1...12).contains(month) && day >= 1 && day <= Timestamp.daysInMonth(year: year, month: month)
            && (0...23).contains(hour) && (0...59).contains(minute) && (0...60).contains(second)
    }

    public var timestamp: Timestamp {
        Timestamp(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }
}

extension BinaryInteger {
    /// Division rounding toward negative infinity (`-1 / 86400` is `-1`, not `0`).
    @inlinable
    public func floorDivided(by divisor: Self) -> Self {
        let q = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? q - 1 : q
    }
}
