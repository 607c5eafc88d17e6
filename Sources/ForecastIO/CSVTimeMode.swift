import ForecastCore
import Foundation

/// How ``CSVReader`` reads the cells of the time column, decided on the first data row (and narrowed
/// for slash dates as rows come).
enum CSVTimeMode {
    case calendar
    case epoch(TimestampParser.EpochUnit)
    case format(TimestampFormat)
    /// Slash dates; which readings (month first, day first) every cell so far allows.
    case slash(monthFirst: Bool, dayFirst: Bool)

    /// What was tried, for messages.
    var tried: String {
        switch self {
        case .calendar: return "expected " + TimestampParser.acceptedFormats
        case let .epoch(unit): return "expected Unix epoch \(unit.rawValue), as the first row holds"
        case let .format(format): return "expected the --time-format \"\(format.pattern)\""
        case let .slash(monthFirst, dayFirst):
            let readings = [monthFirst ? "MM/DD/YYYY" : nil, dayFirst ? "DD/MM/YYYY" : nil].compactMap { $0 }
            return "expected \(readings.joined(separator: " or ")) [HH:MM[:SS]], as the rows before hold"
        }
    }

    /// The reading the first data row's time cell calls for.
    static func forFirstRow(_ cell: UnsafeBufferPointer<UInt8>, escaped: Bool, epochAllowed: Bool,
                            timeFormat: TimestampFormat?) -> CSVTimeMode {
        if let format = timeFormat { return .format(format) }
        let (p, n) = CSVCell.trimmed(cell)
        guard n > 0 else { return .calendar }
        if TimestampParser.calendar(p, n) != nil { return .calendar }
        let monthFirst = TimestampParser.slashDate(p, n, dayFirst: false) != nil
        let dayFirst = TimestampParser.slashDate(p, n, dayFirst: true) != nil
        if monthFirst || dayFirst { return .slash(monthFirst: monthFirst, dayFirst: dayFirst) }
        // Eight digits that make a date (20200131) are YYYYMMDD, not epoch seconds of 1970–1973.
        if n == 8, let compact = try? TimestampFormat("%Y%m%d"), compact.parse(p, n) != nil,
           (1800...2200).contains(TimestampParser.epochValue(p, 4).map { Int($0) } ?? 0) {
            return .format(compact)
        }
        if epochAllowed, !escaped, let value = TimestampParser.epochValue(p, n) {
            return .epoch(TimestampParser.EpochUnit.unit(for: value))
        }
        return .calendar
    }

    /// Whether the first time cell is a wall-clock time that ``CSVReadOptions/timeZone`` applies to:
    /// it has a time of day and names no zone or offset. Dates alone stay calendar dates.
    func isWallClock(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
        let (_, n) = CSVCell.trimmed(cell)
        switch self {
        case .epoch: return false
        case let .format(format): return format.hasTimeOfDay && !format.hasZone
        case .calendar, .slash: return n > 10 && !namesZone(cell)
        }
    }

    /// Whether the first time cell fixes its moment by itself: epoch times, a `Z`, an offset or a zone
    /// name (`… PST`, `… America/Chicago`), or a `--time-format` with `%z`. A cell that does not is a
    /// naive time (``TimeSeries/timesAreNaive``), unless `--timezone` reads it.
    func namesZone(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
        let (p, n) = CSVCell.trimmed(cell)
        switch self {
        case .epoch: return true
        case let .format(format): return format.hasZone
        case .calendar, .slash:
            guard n > 10 else { return false }
            let last = p[n - 1] | 0x20
            if last >= UInt8(ascii: "a") && last <= UInt8(ascii: "z") { return true }   // Z, or a zone name
            for i in 11..<n where p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-") { return true }
            return false
        }
    }
}
