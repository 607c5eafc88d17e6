import ForecastCore
import Foundation

/// A feature computed from each step's timestamp, so that it is known for every step of the horizon
/// too: what lets a network know that tomorrow is a Monday, or that 08:00 comes next.
///
/// Cyclic features are encoded as a sine and a cosine over their period, so that the end of a cycle
/// sits next to its start (23:00 beside 00:00): `hour` over 24 hours (minutes as fractions),
/// `weekday` over 7 days (Monday = 0), `month` over 12 months (January = 0), `yearday` over
/// 365.2425 days (1 January = 0). `weekend` and `holiday` are 0/1 flags. All use the UTC calendar
/// fields of the timestamps as the file wrote them.
public enum CalendarFeature: String, CaseIterable, Codable, Sendable {
    case hour, weekday, month, yearday, weekend, holiday

    /// The columns this feature adds: `hour_sin`, `hour_cos`; `weekend`; ….
    public var columnNames: [String] {
        switch self {
        case .weekend, .holiday: return [rawValue]
        default: return [rawValue + "_sin", rawValue + "_cos"]
        }
    }

    /// The feature's values at `t`, one per column.
    public func values(at t: Timestamp, holidays: HolidayCalendar) -> [Double] {
        func cyclic(_ position: Double, period: Double) -> [Double] {
            let angle = 2 * Double.pi * position / period
            return [sin(angle), cos(angle)]
        }
        let c = t.civil
        switch self {
        case .hour: return cyclic(Double(t.secondOfDay) / 3600, period: 24)
        case .weekday: return cyclic(Double(t.weekday - 1), period: 7)
        case .month: return cyclic(Double(c.month - 1), period: 12)
        case .yearday:
            let dayOfYear = t.daysSinceEpoch - Timestamp.daysSinceEpoch(year: c.year, month: 1, day: 1)
            return cyclic(Double(dayOfYear) + Double(t.secondOfDay) / 86_400, period: 365.2425)
        case .weekend: return [t.isWeekend ? 1 : 0]
        case .holiday: return [holidays.contains(t) ? 1 : 0]
        }
    }

    /// The features `auto` picks for a frequency: hourly and faster → hour, weekday, holiday; daily →
    /// weekday, yearday, holiday; business days → weekday, month; monthly → month; weekly → yearday;
    /// irregular → none.
    public static func automatic(for frequency: Frequency) -> [CalendarFeature] {
        switch frequency {
        case .regular(let seconds) where seconds < 86_400: return [.hour, .weekday, .holiday]
        case .regular(let seconds) where seconds == 86_400: return [.weekday, .yearday, .holiday]
        case .regular: return [.yearday]
        case .businessDays: return [.weekday, .month]
        case .calendarMonths: return [.month]
        case .irregular: return []
        }
    }

    /// The columns of `features` at each of `timestamps`: `[column][row]`, with their names.
    public static func columns(_ features: [CalendarFeature], at timestamps: [Timestamp],
                               holidays: HolidayCalendar) -> [(name: String, values: [Double])] {
        features.flatMap { feature -> [(name: String, values: [Double])] in
            let rows = timestamps.map { feature.values(at: $0, holidays: holidays) }
            return feature.columnNames.enumerated().map { i, name in (name, rows.map { $0[i] }) }
        }
    }
}
