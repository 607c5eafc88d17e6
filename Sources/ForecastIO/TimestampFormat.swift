import ForecastCore

/// A timestamp layout given with strptime directives (`--time-format "%m/%d/%Y %H:%M"`), compiled once
/// and applied to every cell of the time column without allocating.
///
/// Directives (numbers may have fewer digits than the maximum, as strptime reads `1/5/2020`):
///
/// | directive | reads |
/// |---|---|
/// | `%Y` | year, 4 digits (`2020`) |
/// | `%y` | year, 2 digits: 69–99 → 1969–1999, 00–68 → 2000–2068 (POSIX) |
/// | `%m` | month 1–12 |
/// | `%d`, `%e` | day of the month 1–31 (`%e` may have a leading space) |
/// | `%H` | hour 0–23 |
/// | `%I`, `%p` | hour 1–12 and `AM`/`PM` (any case) |
/// | `%M`, `%S` | minute 0–59, second 0–60 |
/// | `%f` | fractional digits (1–9), **truncated**: ``Timestamp`` counts whole seconds |
/// | `%z` | zone offset: `Z`, `±HH`, `±HHMM`, `±HH:MM`; the time is converted to UTC |
/// | `%Z` | zone name: only `UTC`, `GMT` and `Z` (offset 0) are read |
/// | `%b`, `%B` | English month name, abbreviated or full (`Jan`, `January`), any case |
/// | `%a`, `%A` | English weekday name, abbreviated or full; read and not checked |
/// | `%s` | Unix epoch seconds, optionally signed |
/// | `%F`, `%T`, `%R`, `%D` | `%Y-%m-%d`, `%H:%M:%S`, `%H:%M`, `%m/%d/%y` |
/// | `%%` | a `%` |
///
/// Any other character must appear as written, except that a space matches zero or more spaces or
/// tabs. Fields not in the format default to January, the 1st, midnight; the format must name a year
/// (`%Y`, `%y`, `%F`, `%D`) or be `%s`. The whole cell (spaces around it trimmed) must match, and the
/// moment must lie in the years 0000–9999 (``TimestampParser/supportedSeconds``).
///
/// ```swift
/// let format = try TimestampFormat("%d.%m.%Y %H:%M")
/// format.parse("31.01.2020 06:30")       // 2020-01-31T06:30:00Z
/// try TimestampFormat("%Y-%m").parse("2000-01")   // 2000-01-01T00:00:00Z
/// ```
public struct TimestampFormat: Sendable, Equatable, CustomStringConvertible {
    /// The format as given.
    public let pattern: String
    private let tokens: [Token]

    /// Whether the format reads a zone (`%z`, `%Z`, or `%s`, which is UTC by definition).
    public var hasZone: Bool { tokens.contains { $0 == .offset || $0 == .zoneName || $0 == .epoch } }

    /// Whether the format reads a time of day (`%H`, `%I`, `%M`, `%T`, `%R`).
    public var hasTimeOfDay: Bool { tokens.contains { $0 == .hour24 || $0 == .hour12 || $0 == .minute } }

    public var description: String { pattern }

    private enum Token: Equatable, Sendable {
        case literal(UInt8), space
        case year4, year2, month, day, dayPadded, hour24, hour12, ampm, minute, second, fraction
        case offset, zoneName, monthName, weekdayName, epoch
    }

    /// Compiles `pattern`.
    /// - Throws: ``TimestampFormatError`` naming an unknown directive, or a format without a year.
    public init(_ pattern: String) throws(TimestampFormatError) {
        self.pattern = pattern
        var tokens: [Token] = []
        let bytes = Array(pattern.utf8)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: " ") || b == 0x09 {
                if tokens.last != .space { tokens.append(.space) }
                i += 1
                continue
            }
            guard b == UInt8(ascii: "%") else { tokens.append(.literal(b)); i += 1; continue }
            guard i + 1 < bytes.count else { throw .danglingPercent(pattern: pattern) }
            let d = bytes[i + 1]
            i += 2
            switch d {
            case UInt8(ascii: "Y"): tokens.append(.year4)
            case UInt8(ascii: "y"): tokens.append(.year2)
            case UInt8(ascii: "m"): tokens.append(.month)
            case UInt8(ascii: "d"): tokens.append(.day)
            case UInt8(ascii: "e"): tokens.append(.dayPadded)
            case UInt8(ascii: "H"): tokens.append(.hour24)
            case UInt8(ascii: "I"): tokens.append(.hour12)
            case UInt8(ascii: "p"): tokens.append(.ampm)
            case UInt8(ascii: "M"): tokens.append(.minute)
            case UInt8(ascii: "S"): tokens.append(.second)
            case UInt8(ascii: "f"): tokens.append(.fraction)
            case UInt8(ascii: "z"): tokens.append(.offset)
            case UInt8(ascii: "Z"): tokens.append(.zoneName)
            case UInt8(ascii: "b"), UInt8(ascii: "B"), UInt8(ascii: "h"): tokens.append(.monthName)
            case UInt8(ascii: "a"), UInt8(ascii: "A"): tokens.append(.weekdayName)
            case UInt8(ascii: "s"): tokens.append(.epoch)
            case UInt8(ascii: "F"): tokens += [.year4, .literal(UInt8(ascii: "-")), .month, .literal(UInt8(ascii: "-")), .day]
            case UInt8(ascii: "T"): tokens += [.hour24, .literal(UInt8(ascii: ":")), .minute, .literal(UInt8(ascii: ":")), .second]
            case UInt8(ascii: "R"): tokens += [.hour24, .literal(UInt8(ascii: ":")), .minute]
            case UInt8(ascii: "D"): tokens += [.month, .literal(UInt8(ascii: "/")), .day, .literal(UInt8(ascii: "/")), .year2]
            case UInt8(ascii: "%"): tokens.append(.literal(UInt8(ascii: "%")))
            case UInt8(ascii: "n"), UInt8(ascii: "t"): if tokens.last != .space { tokens.append(.space) }
            default:
                throw .unknownDirective(pattern: pattern, directive: "%" + String(decoding: [d], as: UTF8.self))
            }
        }
        // Leading and trailing spaces of a cell are trimmed, so the format's own are dropped too.
        while tokens.first == .space { tokens.removeFirst() }
        while tokens.last == .space { tokens.removeLast() }
        guard tokens.contains(where: { $0 == .year4 || $0 == .year2 || $0 == .epoch }) else {
            throw .noYear(pattern: pattern)
        }
        self.tokens = tokens
    }

    /// Parses `text`; `nil` when it does not match or a field is out of range.
    public func parse(_ text: some StringProtocol) -> Timestamp? {
        var copy = String(text)
        return copy.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return nil }
            var start = 0, end = bytes.count
            while start < end, base[start] == 0x20 || base[start] == 0x09 { start += 1 }
            while end > start, base[end - 1] == 0x20 || base[end - 1] == 0x09 { end -= 1 }
            return parse(base + start, end - start)
        }
    }

    /// Parses `p[0..<n]` (already trimmed), allocation-free.
    public func parse(_ p: UnsafePointer<UInt8>, _ n: Int) -> Timestamp? {
        var i = 0
        var year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0
        var hour12 = -1, pm: Bool? = nil
        var offsetSeconds: Int64 = 0
        var epoch: Int64? = nil

        /// Up to `maxDigits` digits (at least one) at `i`.
        func number(_ maxDigits: Int) -> Int? {
            var v = 0, k = 0
            while k < maxDigits, i < n, p[i] &- 0x30 < 10 { v = v * 10 + Int(p[i] &- 0x30); i += 1; k += 1 }
            return k == 0 ? nil : v
        }
        /// A case-insensitive match of one of `words` at `i` (longest first); its index.
        func word(_ words: [String]) -> Int? {
            for (index, w) in words.enumerated() {
                let u = Array(w.utf8)
                guard i + u.count <= n else { continue }
                var ok = true
                for k in 0..<u.count where p[i + k] | 0x20 != u[k] | 0x20 { ok = false; break }
                if ok { i += u.count; return index }
            }
            return nil
        }

        for token in tokens {
            switch token {
            case let .literal(b):
                guard i < n, p[i] == b else { return nil }
                i += 1
            case .space:
                while i < n, p[i] == 0x20 || p[i] == 0x09 { i += 1 }
            case .year4:
                var negative = false
                if i < n, p[i] == UInt8(ascii: "-") { negative = true; i += 1 }
                guard let v = number(4) else { return nil }
                year = negative ? -v : v
            case .year2:
                guard let v = number(2) else { return nil }
                year = v < 69 ? 2000 + v : 1900 + v
            case .month:
                guard let v = number(2) else { return nil }
                month = v
            case .day:
                guard let v = number(2) else { return nil }
                day = v
            case .dayPadded:
                if i < n, p[i] == 0x20 { i += 1 }
                guard let v = number(2) else { return nil }
                day = v
            case .hour24:
                guard let v = number(2) else { return nil }
                hour = v
            case .hour12:
                guard let v = number(2), v >= 1, v <= 12 else { return nil }
                hour12 = v
            case .ampm:
                guard let k = word(["AM", "PM", "A.M.", "P.M."]) else { return nil }
                pm = k % 2 == 1
            case .minute:
                guard let v = number(2) else { return nil }
                minute = v
            case .second:
                guard let v = number(2) else { return nil }
                second = v
            case .fraction:
                guard number(9) != nil else { return nil }
                while i < n, p[i] &- 0x30 < 10 { i += 1 }
            case .offset:
                guard i < n else { return nil }
                if p[i] == UInt8(ascii: "Z") || p[i] == UInt8(ascii: "z") { i += 1; break }
                guard p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-") else { return nil }
                let negative = p[i] == UInt8(ascii: "-")
                i += 1
                guard i + 2 <= n, let h = number(2), h <= 23 else { return nil }
                var m = 0
                if i < n, p[i] == UInt8(ascii: ":") { i += 1 }
                if i < n, p[i] &- 0x30 < 10 {
                    guard let v = number(2), v <= 59 else { return nil }
                    m = v
                }
                let offset = Int64(h * 3600 + m * 60)
                offsetSeconds = negative ? -offset : offset
            case .zoneName:
                guard word(["UTC", "GMT", "Z"]) != nil else { return nil }
            case .monthName:
                let names = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
                             "october", "november", "december", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
                             "sep", "oct", "nov", "dec"]
                guard let k = word(names) else { return nil }
                month = k % 12 + 1
            case .weekdayName:
                let names = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                             "mon", "tue", "wed", "thu", "fri", "sat", "sun"]
                guard word(names) != nil else { return nil }
            case .epoch:
                var negative = false
                if i < n, p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+") { negative = p[i] == UInt8(ascii: "-"); i += 1 }
                var v: Int64 = 0, k = 0
                while i < n, p[i] &- 0x30 < 10 {
                    guard k < 18 else { return nil }
                    v = v * 10 + Int64(p[i] &- 0x30); i += 1; k += 1
                }
                guard k > 0 else { return nil }
                epoch = negative ? -v : v
            }
        }
        guard i == n else { return nil }
        if let epoch { return TimestampParser.supportedSeconds.contains(epoch) ? Timestamp(secondsSinceEpoch: epoch) : nil }
        if hour12 >= 0 {
            hour = hour12 % 12 + (pm == true ? 12 : 0)
        } else if let pm, hour <= 12 {
            hour = hour % 12 + (pm ? 12 : 0)
        }
        let civil = CivilDateTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        guard civil.isValid else { return nil }
        let moment = civil.timestamp.adding(seconds: -offsetSeconds)
        return TimestampParser.supportedSeconds.contains(moment.secondsSinceEpoch) ? moment : nil
    }
}

/// Why a `--time-format` cannot be used.
public enum TimestampFormatError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownDirective(pattern: String, directive: String)
    case danglingPercent(pattern: String)
    case noYear(pattern: String)

    public var description: String {
        switch self {
        case let .unknownDirective(pattern, directive):
            return "\"\(pattern)\" uses \(directive), which is not read; expected strptime directives such as "
                + "%Y %m %d %H %M %S %f %z %b %p"
        case let .danglingPercent(pattern):
            return "\"\(pattern)\" ends in a lone %; write %% for a percent sign"
        case let .noYear(pattern):
            return "\"\(pattern)\" has no year; expected a format with %Y or %y (or %s for epoch seconds)"
        }
    }
}
