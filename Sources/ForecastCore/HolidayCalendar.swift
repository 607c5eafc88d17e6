/// A set of holidays: the days (UTC calendar dates) a `holiday` calendar feature flags.
///
/// ``unitedStatesFederal`` follows 5 U.S.C. 6103 as pandas' `USFederalHolidayCalendar` does (the
/// tests compare the two over 1970–2035):
/// - on fixed dates, moved to the Friday before when they fall on a Saturday and to the Monday after
///   when on a Sunday (the observed day): New Year's Day (1 January; so 31 December of the year
///   before when 1 January is a Saturday), Juneteenth (19 June, from 2021), Independence Day
///   (4 July), Veterans Day (11 November), Christmas Day (25 December);
/// - on weekdays: Martin Luther King Jr. Day (third Monday of January, from 1986), Washington's
///   Birthday (third Monday of February), Memorial Day (last Monday of May), Labor Day (first
///   Monday of September), Columbus Day (second Monday of October), Thanksgiving (fourth Thursday of
///   November).
/// Other calendars come from a list of dates (`--holidays FILE`, ``init(days:name:)``).
public struct HolidayCalendar: Sendable, Equatable {
    /// Name for messages and stamps: `us`, or the file a list came from.
    public var name: String
    /// Explicit days (days since 1970-01-01); empty for a rule-based calendar.
    private var days: Set<Int>
    private var rules: Bool

    /// A calendar of exactly these days (days since 1970-01-01, UTC).
    public init(days: Set<Int>, name: String) {
        self.name = name
        self.days = days
        rules = false
    }

    /// The United States federal holidays, observed days.
    public static let unitedStatesFederal = HolidayCalendar(rulesNamed: "us")

    private init(rulesNamed name: String) {
        self.name = name
        days = []
        rules = true
    }

    /// Whether the calendar day of `t` (UTC) is a holiday.
    public func contains(_ t: Timestamp) -> Bool { contains(day: t.daysSinceEpoch) }

    /// Whether a day (days since 1970-01-01) is a holiday.
    public func contains(day: Int) -> Bool {
        guard rules else { return days.contains(day) }
        let (year, _, _) = Timestamp.civilFromDays(day)
        // New Year's Day of the next year can be observed on 31 December.
        return Self.federalHolidays(year: year).contains(day) || Self.federalHolidays(year: year + 1).contains(day)
    }

    /// The observed federal holidays of `year` (days since 1970-01-01); New Year's Day may fall in the year before.
    public static func federalHolidays(year: Int) -> Set<Int> {
        func day(_ month: Int, _ d: Int) -> Int { Timestamp.daysSinceEpoch(year: year, month: month, day: d) }
        func weekday(_ day: Int) -> Int { ((day + 3) % 7 + 7) % 7 + 1 }   // 1 = Monday … 7 = Sunday
        /// The n-th `weekday` (1 = Monday) of `month`; n = -1 for the last.
        func nth(_ n: Int, _ wanted: Int, of month: Int) -> Int {
            if n > 0 {
                let first = day(month, 1)
                return first + (wanted - weekday(first) + 7) % 7 + 7 * (n - 1)
            }
            let last = day(month, Timestamp.daysInMonth(year: year, month: month))
            return last - (weekday(last) - wanted + 7) % 7
        }
        func observed(_ d: Int) -> Int {
            switch weekday(d) {
            case 6: return d - 1    // Saturday → Friday
            case 7: return d + 1    // Sunday → Monday
            default: return d
            }
        }
        var holidays: Set<Int> = [observed(day(1, 1)), observed(day(7, 4)), observed(day(11, 11)), observed(day(12, 25)),
                                  nth(3, 1, of: 2), nth(-1, 1, of: 5), nth(1, 1, of: 9), nth(2, 1, of: 10), nth(4, 4, of: 11)]
        if year >= 1986 { holidays.insert(nth(3, 1, of: 1)) }
        if year >= 2021 { holidays.insert(observed(day(6, 19))) }
        return holidays
    }

    /// Whether the days come from the federal rules rather than a list.
    public var isRuleBased: Bool { rules }

    public static func == (lhs: HolidayCalendar, rhs: HolidayCalendar) -> Bool {
        lhs.name == rhs.name && lhs.days == rhs.days && lhs.rules == rhs.rules
    }
}

extension HolidayCalendar: Codable {
    enum CodingKeys: String, CodingKey { case name, days }

    /// `{"name": "us"}` for the federal rules; `{"name": "<file>", "days": ["2024-12-26", …]}` for a list.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let name = try c.decode(String.self, forKey: .name)
        guard let days = try c.decodeIfPresent([Timestamp].self, forKey: .days) else {
            guard name == "us" else {
                throw DecodingError.dataCorruptedError(forKey: .name, in: c, debugDescription: "\(name): a holiday calendar without days; expected \"us\" or a list of days")
            }
            self = .unitedStatesFederal
            return
        }
        self.init(days: Set(days.map(\.daysSinceEpoch)), name: name)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        if !rules { try c.encode(days.sorted().map { Timestamp(secondsSinceEpoch: Int64($0) * 86_400) }, forKey: .days) }
    }
}
