import ForecastCore

/// Parses the timestamp formats that loaders accept, from text or straight from bytes, into UTC
/// ``Timestamp``s.
///
/// Accepted calendar formats (`T` or one space between an ISO date and the time):
///
/// | form | example |
/// |---|---|
/// | `YYYY-MM-DD` | `2013-01-01` |
/// | `YYYY-MM-DDTHH:MM` | `2013-01-01T06:00` |
/// | `YYYY-MM-DDTHH:MM:SS` | `2013-01-01T06:00:00` |
/// | `YYYY-MM-DD HH:MM[:SS]` | `2013-01-01 06:00:00` |
/// | `YYYY/MM/DD[ HH:MM[:SS]]` | `2013/01/01 06:00` |
/// | `YYYY-MM` (the first of the month) | `2000-01` |
/// | `DD.MM.YYYY` | `01.01.2013` |
/// | `DD.MM.YYYY HH:MM[:SS]` | `01.01.2013 06:00:00` |
///
/// Any form with a time of day may end in a zone designator: `Z`, `±HH`, `±HHMM` or `±HH:MM`
/// (`2013-01-01T06:00:00+02:00`, `…-0500`). The offset is subtracted, so the result is UTC; a time
/// without a designator is taken as UTC as written (a local-time file keeps its clock).
///
/// Fractional seconds (`06:00:00.750`) are accepted and **truncated** to the whole second, because
/// ``Timestamp`` counts whole seconds; `.750` and `.001` both land on `06:00:00`.
///
/// Slash dates with the year last (`01/31/2020`, `31/01/2020 06:00`, 1- or 2-digit fields, an
/// optional `AM`/`PM`) are ambiguous one cell at a time: ``slashDate(_:_:dayFirst:)`` reads them one
/// way or the other, and ``CSVReader`` keeps whichever reading the whole column allows.
///
/// Unix epoch times (`1357020000`, optionally signed) are a separate form, accepted only where the
/// caller allows them (`allowEpochSeconds`), because a bare integer is just as likely to be a count.
/// Their unit follows from the magnitude (``EpochUnit/unit(for:)``): seconds below 10^11 (the year
/// 5138), milliseconds below 10^14, microseconds below 10^17, nanoseconds above.
///
/// Leading and trailing spaces are ignored. Fields are range-checked (month 1–12, day within the
/// month, hour 0–23, minute 0–59, second 0–60, offset hours 0–23, offset minutes 0–59).
public enum TimestampParser {
    /// The accepted forms, for error messages and help text.
    public static let acceptedFormats =
        "YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS[.fff]] or YYYY-MM-DD HH:MM[:SS[.fff]] with an optional "
        + "Z, ±HH:MM or ±HHMM offset, YYYY/MM/DD[ HH:MM[:SS]], YYYY-MM, DD.MM.YYYY[ HH:MM[:SS]], "
        + "MM/DD/YYYY or DD/MM/YYYY, or Unix epoch seconds, milliseconds or microseconds"

    /// The moments loaders accept, in seconds since the epoch: 0000-01-01T00:00:00Z through
    /// 9999-12-31T23:59:59Z, the years ISO 8601 writes with four digits. Bounding them keeps every
    /// difference of two timestamps (frequency, gaps, steps) far from `Int64` overflow.
    public static let supportedSeconds: ClosedRange<Int64> = -62_167_219_200...253_402_300_799

    /// The unit of an epoch-time column.
    public enum EpochUnit: String, Sendable, CaseIterable {
        case seconds, milliseconds, microseconds, nanoseconds

        /// Units per second.
        public var perSecond: Int64 {
            switch self {
            case .seconds: return 1
            case .milliseconds: return 1_000
            case .microseconds: return 1_000_000
            case .nanoseconds: return 1_000_000_000
            }
        }

        /// The unit a value of this size is in: seconds below 10^11 (5138-11-16), milliseconds below
        /// 10^14, microseconds below 10^17, else nanoseconds (the same moments, 1973–5138, in each unit).
        public static func unit(for value: Int64) -> EpochUnit {
            let magnitude = value.magnitude
            if magnitude < 100_000_000_000 { return .seconds }
            if magnitude < 100_000_000_000_000 { return .milliseconds }
            if magnitude < 100_000_000_000_000_000 { return .microseconds }
            return .nanoseconds
        }
    }

    /// Parses `text` in one of the calendar forms, or as epoch seconds when `allowEpochSeconds`.
    /// - Returns: the moment in UTC, or `nil` when `text` is in none of the accepted forms or a
    ///   field is out of range.
    public static func parse(_ text: some StringProtocol, allowEpochSeconds: Bool = false) -> Timestamp? {
        var copy = String(text)
        return copy.withUTF8 { parse(bytes: $0, allowEpochSeconds: allowEpochSeconds) }
    }

    /// Parses UTF-8 bytes in one of the calendar forms, or as epoch seconds when
    /// `allowEpochSeconds`: the allocation-free form loaders call per cell.
    public static func parse(bytes: UnsafeBufferPointer<UInt8>, allowEpochSeconds: Bool = false) -> Timestamp? {
        guard let base = bytes.baseAddress else { return nil }
        var start = 0, end = bytes.count
        while start < end, base[start] == 0x20 { start += 1 }
        while end > start, base[end - 1] == 0x20 { end -= 1 }
        let p = base + start, n = end - start
        if let t = calendar(p, n) { return t }
        return allowEpochSeconds ? epochSeconds(p, n) : nil
    }

    // MARK: Byte-level parsers (no trimming)

    /// Epoch seconds: `[+-]?[0-9]{1,18}`.
    @inline(__always)
    public static func epochSeconds(_ p: UnsafePointer<UInt8>, _ n: Int) -> Timestamp? {
        epoch(p, n, unit: .seconds)
    }

    /// An epoch time in `unit`, floored to the whole second; `nil` outside ``supportedSeconds``.
    @inline(__always)
    public static func epoch(_ p: UnsafePointer<UInt8>, _ n: Int, unit: EpochUnit) -> Timestamp? {
        guard let v = epochValue(p, n) else { return nil }
        let seconds = unit == .seconds ? v : v.floorDivided(by: unit.perSecond)
        return supportedSeconds.contains(seconds) ? Timestamp(secondsSinceEpoch: seconds) : nil
    }

    /// The integer `[+-]?[0-9]{1,19}`, or `nil` when it is not one or does not fit an `Int64`.
    @inline(__always)
    public static func epochValue(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int64? {
        var i = 0
        var negative = false
        if n > 0, p[0] == UInt8(ascii: "-") || p[0] == UInt8(ascii: "+") {
            negative = p[0] == UInt8(ascii: "-"); i = 1
        }
        let count = n - i
        guard count >= 1, count <= 19 else { return nil }
        var value: Int64 = 0
        while i < n {
            let d = p[i] &- 0x30
            guard d < 10 else { return nil }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(Int64(d))
            guard !o1, !o2 else { return nil }
            value = sum
            i += 1
        }
        return negative ? -value : value
    }

    /// `n` ASCII digits at `p` as a number, or -1 when any is not a digit.
    @inline(__always)
    private static func digits(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
        var v = 0
        for k in 0..<n {
            let d = p[k] &- 0x30
            if d >= 10 { return -1 }
            v = v &* 10 &+ Int(d)
        }
        return v
    }

    /// The calendar forms listed on the type; `p[0..<n]` must already be trimmed.
    public static func calendar(_ p: UnsafePointer<UInt8>, _ n: Int) -> Timestamp? {
        let dash = UInt8(ascii: "-"), dot = UInt8(ascii: "."), slash = UInt8(ascii: "/")
        if n == 7, p[4] == dash {
            let year = digits(p, 4), month = digits(p + 5, 2)
            guard year >= 0, month >= 1, month <= 12 else { return nil }
            return Timestamp(year: year, month: month, day: 1)
        }
        guard n >= 10 else { return nil }
        var year = 0, month = 0, day = 0
        var iso = true
        if (p[4] == dash && p[7] == dash) || (p[4] == slash && p[7] == slash) {
            year = digits(p, 4); month = digits(p + 5, 2); day = digits(p + 8, 2)
            iso = p[4] == dash
        } else if p[2] == dot, p[5] == dot {
            day = digits(p, 2); month = digits(p + 3, 2); year = digits(p + 6, 4)
            iso = false
        } else {
            return nil
        }
        guard year >= 0, month >= 1, month <= 12, day >= 1,
              day <= Timestamp.daysInMonth(year: year, month: month) else { return nil }
        let seconds = Int64(Timestamp.daysSinceEpoch(year: year, month: month, day: day)) * 86_400
        if n == 10 { return Timestamp(secondsSinceEpoch: seconds) }
        let separator = p[10]
        guard separator == UInt8(ascii: " ") || (iso && separator == UInt8(ascii: "T")) else { return nil }
        guard let time = timeOfDay(p, n, from: 11, flexibleHour: false) else { return nil }
        return Timestamp(secondsSinceEpoch: seconds + time)
    }

    /// `M/D/YYYY` (or `D/M/YYYY` when `dayFirst`), fields of 1 or 2 digits, then optionally a space
    /// and `H:MM[:SS[.fff]]` with an optional ` AM`/` PM` and zone designator.
    public static func slashDate(_ p: UnsafePointer<UInt8>, _ n: Int, dayFirst: Bool) -> Timestamp? {
        var i = 0
        func field(_ maxDigits: Int) -> Int? {
            var v = 0, k = 0
            while k < maxDigits, i < n, p[i] &- 0x30 < 10 { v = v * 10 + Int(p[i] &- 0x30); i += 1; k += 1 }
            return k == 0 ? nil : v
        }
        guard let a = field(2), i < n, p[i] == UInt8(ascii: "/") else { return nil }
        i += 1
        guard let b = field(2), i < n, p[i] == UInt8(ascii: "/") else { return nil }
        i += 1
        let yearStart = i
        guard let year = field(4), i - yearStart == 4 else { return nil }
        let (month, day) = dayFirst ? (b, a) : (a, b)
        guard month >= 1, month <= 12, day >= 1, day <= Timestamp.daysInMonth(year: year, month: month) else { return nil }
        let seconds = Int64(Timestamp.daysSinceEpoch(year: year, month: month, day: day)) * 86_400
        if i == n { return Timestamp(secondsSinceEpoch: seconds) }
        guard p[i] == UInt8(ascii: " "), let time = timeOfDay(p, n, from: i + 1, flexibleHour: true) else { return nil }
        return Timestamp(secondsSinceEpoch: seconds + time)
    }

    /// Whether `p[0..<n]` has the shape of a slash date (`D/M/YYYY…`), whichever its order.
    public static func isSlashDate(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        slashDate(p, n, dayFirst: false) != nil || slashDate(p, n, dayFirst: true) != nil
    }

    /// `HH:MM[:SS[.fff]]` from `i` (`H:MM` too when `flexibleHour`, and then an optional ` AM`/` PM`),
    /// then an optional zone designator, to the end: seconds since midnight minus the zone offset.
    private static func timeOfDay(_ p: UnsafePointer<UInt8>, _ n: Int, from start: Int, flexibleHour: Bool) -> Int64? {
        let colon = UInt8(ascii: ":"), dash = UInt8(ascii: "-")
        var i = start
        var hour = -1
        if i + 2 <= n, p[i + 1] == colon, flexibleHour {
            hour = digits(p + i, 1); i += 1
        } else if i + 2 <= n {
            hour = digits(p + i, 2); i += 2
        }
        guard hour >= 0, i + 3 <= n, p[i] == colon else { return nil }
        let minute = digits(p + i + 1, 2)
        i += 3
        guard hour <= 23, minute >= 0, minute <= 59 else { return nil }
        var second = 0
        if i < n, p[i] == colon {
            guard i + 3 <= n else { return nil }
            second = digits(p + i + 1, 2)
            guard second >= 0, second <= 60 else { return nil }
            i += 3
            if i < n, p[i] == UInt8(ascii: ".") || p[i] == UInt8(ascii: ",") {
                i += 1
                let fractionStart = i
                while i < n, p[i] &- 0x30 < 10 { i += 1 }
                guard i > fractionStart else { return nil }
            }
        }
        if flexibleHour, i + 3 <= n, p[i] == UInt8(ascii: " "),
           p[i + 1] | 0x20 == UInt8(ascii: "a") || p[i + 1] | 0x20 == UInt8(ascii: "p"), p[i + 2] | 0x20 == UInt8(ascii: "m") {
            guard hour >= 1, hour <= 12 else { return nil }
            hour = hour % 12 + (p[i + 1] | 0x20 == UInt8(ascii: "p") ? 12 : 0)
            i += 3
        }
        let seconds = Int64(hour * 3600 + minute * 60 + second)
        if i == n { return seconds }

        // Zone designator.
        let z = p[i]
        if z == UInt8(ascii: "Z") || z == UInt8(ascii: "z") {
            return i + 1 == n ? seconds : nil
        }
        guard z == UInt8(ascii: "+") || z == dash else { return nil }
        let q = p + i + 1
        var offsetHours = 0, offsetMinutes = 0
        switch n - i - 1 {
        case 2: offsetHours = digits(q, 2)
        case 4: offsetHours = digits(q, 2); offsetMinutes = digits(q + 2, 2)
        case 5:
            guard q[2] == colon else { return nil }
            offsetHours = digits(q, 2); offsetMinutes = digits(q + 3, 2)
        default: return nil
        }
        guard offsetHours >= 0, offsetHours <= 23, offsetMinutes >= 0, offsetMinutes <= 59 else { return nil }
        let offset = Int64(offsetHours * 3600 + offsetMinutes * 60)
        // Local time = UTC + offset, so UTC = local time - offset.
        return z == dash ? seconds + offset : seconds - offset
    }
}
