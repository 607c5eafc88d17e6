import ForecastCore

/// Calendar features as network inputs: extra input columns, each row carrying the features of the
/// timestamp `shift` steps later (the horizon), so that the last `horizon` rows of a window carry
/// the calendar of exactly the steps it forecasts (known in advance, so nothing leaks). Beyond the
/// last row, timestamps continue on the series' frequency grid.
///
/// With a lookback shorter than the horizon the network sees the calendar of the last `lookback`
/// forecast steps only.
public struct CalendarInputs: Sendable, Equatable, Codable {
    public var features: [CalendarFeature]
    public var holidays: HolidayCalendar
    /// Steps ahead each row's features are taken from: the horizon.
    public var shift: Int

    public init(features: [CalendarFeature], holidays: HolidayCalendar = .unitedStatesFederal, shift: Int) {
        self.features = features
        self.holidays = holidays
        self.shift = shift
    }

    /// The input columns added, prefixed `calendar_` so they never clash with the file's columns.
    public var columnNames: [String] { features.flatMap(\.columnNames).map { "calendar_" + $0 } }

    /// `series` with the calendar columns added.
    /// - Throws: ``CalendarError/irregular`` when the frequency gives no future timestamps.
    public func adding(to series: TimeSeries, frequency: Frequency) throws -> TimeSeries {
        guard let last = series.timestamps.last else { return series }
        let future = frequency.timestamps(after: last, count: shift)
        guard future.count == shift else { throw CalendarError.irregular(frequency: frequency.description) }
        let times = Array((series.timestamps + future).dropFirst(shift))
        var out = series
        for (name, values) in zip(columnNames, CalendarFeature.columns(features, at: times, holidays: holidays).map(\.values)) {
            out.columns.append(Column(name: name, values: values))
        }
        return out
    }
}

/// Errors of computing calendar inputs.
public enum CalendarError: Error, Equatable, CustomStringConvertible {
    case irregular(frequency: String)
    case unknownFeature(String)

    public var description: String {
        switch self {
        case let .irregular(frequency):
            return "the series is \(frequency), so the timestamps of the forecast steps are unknown and calendar features cannot be computed; "
                + "drop --calendar, or use a regular series"
        case let .unknownFeature(name):
            return "--calendar \(name): unknown calendar feature; expected auto or any of "
                + CalendarFeature.allCases.map(\.rawValue).joined(separator: ", ")
        }
    }
}
