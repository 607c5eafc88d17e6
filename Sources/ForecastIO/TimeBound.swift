import ForecastCore
import Foundation

/// A bound of a time range as a user types it (`--from 2013-03-10T01:00`, `--to 2013-06-30`), read in
/// the series' own clock: a local time in the zone the file was read in (`--timezone`), as written for
/// naive and UTC files, and as the moment it names whenever it carries an offset, `Z` or zone name.
///
/// ```swift
/// let from = try #require(TimeBound("2012-11-04T01:30"))
/// var series = …                                  // read with --timezone America/Chicago
/// try from.moment(in: series, upper: false)       // 2012-11-04T06:30:00Z (01:30 CDT, the first of two)
/// try from.moment(in: series, upper: true)        // 2012-11-04T07:30:00Z (01:30 CST, the second)
/// ```
public struct TimeBound: Sendable, Equatable, CustomStringConvertible {
    /// The text as given.
    public let text: String
    /// The time as written (a wall-clock time stored as if UTC), or the moment when ``namesZone``.
    private let parsed: Timestamp
    /// Whether the text fixes its own moment: a `Z`, an offset (`-05:00`) or a zone name.
    public let namesZone: Bool

    /// Reads a date or date-time in any form ``TimestampParser`` detects; `nil` when it is none.
    public init?(_ text: String) {
        guard let t = TimestampParser.parse(text) else { return nil }
        self.text = text
        parsed = t
        let trimmed = Array(text.utf8.drop { $0 == 0x20 }.reversed().drop { $0 == 0x20 }.reversed())
        let last = (trimmed.last ?? 0) | 0x20
        namesZone = trimmed.count > 10 && ((last >= UInt8(ascii: "a") && last <= UInt8(ascii: "z"))
            || trimmed[11...].contains { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") })
    }

    public var description: String { text }

    /// The moment this bound stands for in `series`: itself when it names its zone; a local time in
    /// ``TimeSeries/timeZoneName`` when the file was read in one (in a repeated hour the earlier moment for
    /// a lower bound, the later for an upper one, so the whole hour is inside); else as written, like the
    /// file's own naive or UTC times.
    /// - Throws: ``TimeBoundError/nonexistentLocalTime(bound:zone:)`` for a local time the zone skipped.
    public func moment(in series: TimeSeries, upper: Bool) throws(TimeBoundError) -> Timestamp {
        guard !namesZone, let name = series.timeZoneName, let zone = TimeZone(identifier: name) else { return parsed }
        let moments = LocalTime(zone: zone).moments(ofLocal: parsed)
        guard let first = moments.first, let last = moments.last else {
            throw .nonexistentLocalTime(bound: text, zone: name)
        }
        return upper ? last : first
    }
}

/// A ``TimeBound`` that names no moment in the series' zone.
public enum TimeBoundError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A local time inside a skipped hour (clocks set forward).
    case nonexistentLocalTime(bound: String, zone: String)

    public var description: String {
        switch self {
        case let .nonexistentLocalTime(bound, zone):
            return "\(bound) never happened in \(zone) (the clocks skipped it); expected a local time that exists "
                + "there, or one with an offset (2013-03-10T02:30:00-06:00)"
        }
    }
}
