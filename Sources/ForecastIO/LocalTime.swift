import ForecastCore
import Foundation

/// Local wall-clock times of an IANA time zone (Foundation's `TimeZone`, the system's zone database),
/// turned into UTC moments, and the zone names and abbreviations a timestamp cell may end in.
///
/// ```swift
/// let chicago = LocalTime(zone: TimeZone(identifier: "America/Chicago")!)
/// // 2012-11-04 01:30 happened twice: 06:30Z (CDT) and 07:30Z (CST).
/// chicago.moments(ofLocal: Timestamp(year: 2012, month: 11, day: 4, hour: 1, minute: 30))
/// // 2013-03-10 02:30 never happened (clocks went from 02:00 to 03:00): [].
/// ```
public struct LocalTime: Sendable {
    public let zone: TimeZone

    public init(zone: TimeZone) { self.zone = zone }

    /// The zone's offset from UTC at a moment, in seconds (east positive).
    public func offset(at moment: Timestamp) -> Int {
        zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(moment.secondsSinceEpoch)))
    }

    /// The UTC moments at which the zone's clocks showed `local` (a wall-clock time stored as if it
    /// were UTC), earliest first: one normally, two in a repeated hour (clocks set back), none in a
    /// skipped hour (clocks set forward).
    public func moments(ofLocal local: Timestamp) -> [Timestamp] {
        let before = offset(at: local.adding(seconds: -86_400)), after = offset(at: local.adding(seconds: 86_400))
        var result: [Timestamp] = []
        for o in Set([before, after, offset(at: local)]) {
            let moment = local.adding(seconds: Int64(-o))
            if offset(at: moment) == o { result.append(moment) }
        }
        return result.sorted()
    }

    /// UTC offsets (seconds) of common zone abbreviations. Several stand for more than one zone
    /// (`CST`: US Central or China; `IST`: India, Ireland or Israel; `BST`: British summer or Bangladesh):
    /// those are read only with `--timezone`, which picks the offset its zone had.
    public static let abbreviations: [String: [Int]] = [
        "UTC": [0], "GMT": [0], "Z": [0], "WET": [0], "WEST": [3600], "CET": [3600], "CEST": [7200],
        "EET": [7200], "EEST": [10800], "MSK": [10800],
        "EST": [-18000], "EDT": [-14400], "CST": [-21600, 28800], "CDT": [-18000, -14400], "MST": [-25200],
        "MDT": [-21600], "PST": [-28800], "PDT": [-25200], "AKST": [-32400], "AKDT": [-28800], "HST": [-36000],
        "AST": [-14400, 10800], "ADT": [-10800], "NST": [-12600], "NDT": [-9000],
        "IST": [19800, 3600, 7200], "BST": [3600, 21600], "JST": [32400], "KST": [32400], "HKT": [28800],
        "SGT": [28800], "AEST": [36000], "AEDT": [39600], "ACST": [34200], "ACDT": [37800], "AWST": [28800],
        "NZST": [43200], "NZDT": [46800], "SAST": [7200],
    ]
}
