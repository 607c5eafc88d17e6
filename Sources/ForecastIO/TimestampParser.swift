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
/// Unix epoch seconds (`1357020000`, optionally signed, at most 18 digits) are a separate form,
/// accepted only where the caller allows them (`allowEpochSeconds`), because a bare integer is
/// just as likely to be a count.
///
/// Leading and trailing spaces are ignored. Fields are range-checked (month 1–12, day within the
/// month, hour 0–23, minute 0–59, second 0–60, offset hours 0–23, offset minutes 0–59).
public enum TimestampParser {
    /// The accepted forms, for error messages and help text.
    public static let acceptedFormats =
        "YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS[.fff]] or YYYY-MM-DD HH:MM[:SS[.fff]] with an optional "
        + "Z, ±HH:MM or ±HHMM offset, DD.MM.YYYY[ HH:MM[:SS]], or Unix epoch seconds"

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
    static func epochSeconds(_ p: UnsafePointer<UInt8>, _ n: Int) -> Timestamp? {
        var i = 0
        var negative = false
        if n > 0, p[0] == UInt8(ascii: "-") || p[0] == UInt8(ascii: "+") {
            negative = p[0] == UInt8(ascii: "-"); i = 1
        }
        let count = n - i
        guard count >= 1, count <= 18 else { return nil }
        var value: Int64 = 0
        while i < n {
            let d = p[i] &- 0x30
            guard d < 10 else { return nil }
            value = value &* 10 &+ Int64(d)
            i += 1
        }
        return Timestamp(secondsSinceEpoch: negative ? -value : value)
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
    static func calendar(_ p: UnsafePointer<UInt8>, _ n: Int) -> Timestamp? {
        let dash = UInt8(ascii: "-"), dot = UInt8(ascii: "."), colon = UInt8(ascii: ":")
        guard n >= 10 else { return nil }
        var year = 0, month = 0, day = 0
        var iso = true
        if p[4] == dash, p[7] == dash {
            year = digits(p, 4); month = digits(p + 5, 2); day = digits(p + 8, 2)
        } else if p[2] == dot, p[5] == dot {
            day = digits(p, 2); month = digits(p + 3, 2); year = digits(p + 6, 4)
            iso = false
        } else {
            return nil
        }
        guard year >= 0, month >= 1, month <= 12, day >= 1,
              day <= Timestamp.daysInMonth(year: year, month: month) else { return nil }
        var seconds = Int64(Timestamp.daysSinceEpoch(year: year, month: month, day: day)) * 86_400
        if n == 10 { return Timestamp(secondsSinceEpoch: seconds) }

        // Time of day: separator, HH:MM, optional :SS, optional .fraction (truncated).
        let separator = p[10]
        guard separator == UInt8(ascii: " ") || (iso && separator == UInt8(ascii: "T")) else { return nil }
        guard n >= 16, p[13] == colon else { return nil }
        let hour = digits(p + 11, 2), minute = digits(p + 14, 2)
        guard hour >= 0, hour <= 23, minute >= 0, minute <= 59 else { return nil }
        var second = 0
        var i = 16
        if i < n, p[i] == colon {
            guard i + 3 <= n else { return nil }
            second = digits(p + i + 1, 2)
            guard second >= 0, second <= 60 else { return nil }
            i += 3
            if i < n, p[i] == dot || p[i] == UInt8(ascii: ",") {
                i += 1
                let fractionStart = i
                while i < n, p[i] &- 0x30 < 10 { i += 1 }
                guard i > fractionStart else { return nil }
            }
        }
        seconds += Int64(hour * 3600 + minute * 60 + second)
        if i == n { return Timestamp(secondsSinceEpoch: seconds) }

        // Zone designator.
        let z = p[i]
        if z == UInt8(ascii: "Z") || z == UInt8(ascii: "z") {
            return i + 1 == n ? Timestamp(secondsSinceEpoch: seconds) : nil
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
        seconds += z == dash ? offset : -offset
        return Timestamp(secondsSinceEpoch: seconds)
    }
}
