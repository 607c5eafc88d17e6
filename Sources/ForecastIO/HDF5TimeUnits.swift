import ForecastCore
import Foundation

/// A CF time encoding, `<unit> since <reference>`, as netCDF and xarray write it on a time
/// coordinate's `units` attribute (`"hours since 2013-01-01 06:00:00"`,
/// `"nanoseconds since 1970-01-01"`, `"days since 2000-01-01T00:00:00Z"`).
///
/// Units: nanoseconds, microseconds, milliseconds, seconds, minutes, hours, days, weeks, in the
/// singular, plural and the abbreviations CF/UDUNITS accept (`ns`, `us`, `ms`, `s`, `sec`, `min`,
/// `h`, `hr`, `d`). Months and years are refused: CF defines them as fixed fractions of a year,
/// which no one means. The reference is a date with an optional time (`T` or a space between),
/// optional fractional seconds (ignored), and an optional zone (`Z`, `UTC`, `+01:00`, `-0500`).
struct HDF5TimeUnits: Equatable {
    /// Seconds in one unit when the unit is a second or longer, else 1.
    let secondsPerUnit: Int64
    /// Units in one second when the unit is shorter than a second, else 1.
    let unitsPerSecond: Int64
    /// The moment value 0 stands for.
    let reference: Timestamp

    /// The units of our own files: `seconds since 1970-01-01 00:00:00`.
    static let unixSeconds = HDF5TimeUnits(secondsPerUnit: 1, unitsPerSecond: 1,
                                           reference: Timestamp(secondsSinceEpoch: 0))
    static let unixSecondsText = "seconds since 1970-01-01 00:00:00"

    private static let units: [String: (perUnit: Int64, perSecond: Int64)] = [
        "nanoseconds": (1, 1_000_000_000), "nanosecond": (1, 1_000_000_000), "ns": (1, 1_000_000_000),
        "microseconds": (1, 1_000_000), "microsecond": (1, 1_000_000), "us": (1, 1_000_000), "µs": (1, 1_000_000),
        "milliseconds": (1, 1000), "millisecond": (1, 1000), "ms": (1, 1000), "msec": (1, 1000),
        "seconds": (1, 1), "second": (1, 1), "secs": (1, 1), "sec": (1, 1), "s": (1, 1),
        "minutes": (60, 1), "minute": (60, 1), "mins": (60, 1), "min": (60, 1),
        "hours": (3600, 1), "hour": (3600, 1), "hrs": (3600, 1), "hr": (3600, 1), "h": (3600, 1),
        "days": (86_400, 1), "day": (86_400, 1), "d": (86_400, 1),
        "weeks": (604_800, 1), "week": (604_800, 1),
    ]

    init(secondsPerUnit: Int64, unitsPerSecond: Int64, reference: Timestamp) {
        self.secondsPerUnit = secondsPerUnit
        self.unitsPerSecond = unitsPerSecond
        self.reference = reference
    }

    /// Parses a `units` attribute; `nil` when it is not `<known unit> since <date>`.
    init?(_ text: String) {
        let lowered = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let since = lowered.range(of: " since ") else { return nil }
        let unit = lowered[..<since.lowerBound].trimmingCharacters(in: .whitespaces)
        guard let scale = Self.units[unit],
              let reference = Self.parseDateTime(lowered[since.upperBound...]) else { return nil }
        self.init(secondsPerUnit: scale.perUnit, unitsPerSecond: scale.perSecond, reference: reference)
    }

    /// The moment `value` units after the reference (floored to whole seconds for sub-second
    /// units); `nil` when it overflows.
    func timestamp(_ value: Int64) -> Timestamp? {
        let seconds: Int64
        if unitsPerSecond > 1 {
            seconds = value.floorDivided(by: unitsPerSecond)
        } else {
            let (product, overflow) = value.multipliedReportingOverflow(by: secondsPerUnit)
            if overflow { return nil }
            seconds = product
        }
        let (sum, overflow) = reference.secondsSinceEpoch.addingReportingOverflow(seconds)
        // Outside the years 0000–9999, differences of timestamps could overflow later.
        return overflow || !TimestampParser.supportedSeconds.contains(sum) ? nil : Timestamp(secondsSinceEpoch: sum)
    }

    /// The moment `value` units after the reference, rounded to the nearest second; `nil` for NaN,
    /// infinities and moments outside the years 0000–9999 (``TimestampParser/supportedSeconds``).
    func timestamp(_ value: Double) -> Timestamp? {
        let seconds = (value * Double(secondsPerUnit) / Double(unitsPerSecond)).rounded()
        guard seconds.isFinite, abs(seconds) < 1e15 else { return nil }
        let sum = reference.secondsSinceEpoch + Int64(seconds)
        return TimestampParser.supportedSeconds.contains(sum) ? Timestamp(secondsSinceEpoch: sum) : nil
    }

    /// Parses an ISO 8601 / CF date-time: `2013-01-01`, `2013-01-01T06:00`, `2013-01-01 06:00:00.5`,
    /// `2013-01-01T06:00:00Z`, `2013-01-01T06:00:00+01:00`. Month, day and time fields may have one
    /// digit (CF allows `1970-1-1 0:0:0`). Fractional seconds are dropped; a zone offset is applied
    /// so the result is UTC. `nil` when the text is anything else or a field is out of range.
    static func parseDateTime<S: StringProtocol>(_ text: S) -> Timestamp? {
        var scanner = Scanner(Array(text.trimmingCharacters(in: .whitespaces).utf8))
        let negativeYear = scanner.take("-")
        guard let year = scanner.number(maxDigits: 6), scanner.take("-"),
              let month = scanner.number(maxDigits: 2), scanner.take("-"),
              let day = scanner.number(maxDigits: 2) else { return nil }
        var hour = 0, minute = 0, second = 0
        if scanner.take("T") || scanner.take("t") || (scanner.peekDigitAfterSpace() && scanner.take(" ")) {
            guard let h = scanner.number(maxDigits: 2), scanner.take(":"),
                  let m = scanner.number(maxDigits: 2) else { return nil }
            (hour, minute) = (h, m)
            if scanner.take(":") {
                guard let s = scanner.number(maxDigits: 2) else { return nil }
                second = s
                if scanner.take(".") || scanner.take(",") {
                    guard scanner.number(maxDigits: 12) != nil else { return nil }
                }
            }
        }
        _ = scanner.take(" ")
        var offsetSeconds = 0
        if scanner.take("Z") || scanner.take("z") || scanner.take("UTC") || scanner.take("utc")
            || scanner.take("GMT") || scanner.take("gmt")
        {
            offsetSeconds = 0
        } else if let sign = scanner.takeSign() {
            guard let first = scanner.number(maxDigits: 4) else { return nil }
            var hours = first, minutes = 0
            if first >= 100 { (hours, minutes) = (first / 100, first % 100) }
            else if scanner.take(":") {
                guard let m = scanner.number(maxDigits: 2) else { return nil }
                minutes = m
            }
            guard hours <= 23, minutes <= 59 else { return nil }
            offsetSeconds = sign * (hours * 3600 + minutes * 60)
        }
        guard scanner.atEnd else { return nil }
        let civil = CivilDateTime(year: negativeYear ? -year : year, month: month, day: day,
                                  hour: hour, minute: minute, second: second)
        guard civil.isValid else { return nil }
        return civil.timestamp.adding(seconds: Int64(-offsetSeconds))
    }

    /// A cursor over ASCII bytes.
    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { index == bytes.count }

        mutating func take(_ literal: String) -> Bool {
            let expected = Array(literal.utf8)
            guard bytes.count - index >= expected.count,
                  Array(bytes[index..<(index + expected.count)]) == expected else { return false }
            index += expected.count
            return true
        }

        mutating func takeSign() -> Int? {
            if take("+") { return 1 }
            if take("-") { return -1 }
            return nil
        }

        func peekDigitAfterSpace() -> Bool {
            index + 1 < bytes.count && bytes[index] == 0x20 && (0x30...0x39).contains(bytes[index + 1])
        }

        mutating func number(maxDigits: Int) -> Int? {
            var value = 0, digits = 0
            while index < bytes.count, digits < maxDigits, (0x30...0x39).contains(bytes[index]) {
                value = value * 10 + Int(bytes[index] - 0x30)
                index += 1
                digits += 1
            }
            return digits == 0 ? nil : value
        }
    }
}
