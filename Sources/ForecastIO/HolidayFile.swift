import ForecastCore
import Foundation

/// Reads a list of holidays: one date per line (`2024-12-26`, or any date form the CSV reader
/// accepts); blank lines and lines starting with `#` are skipped, as is a header line `date`.
public enum HolidayFile {
    /// The calendar of the dates in the file at `path`, named after the file.
    /// - Throws: ``HolidayFileError`` naming the file, and the line and text of the first bad date.
    public static func read(path: String) throws -> HolidayCalendar {
        guard let data = FileManager.default.contents(atPath: path) else { throw HolidayFileError.cannotOpen(path: path) }
        let text = String(decoding: data, as: UTF8.self)
        var days = Set<Int>()
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") || (i == 0 && line.lowercased() == "date") { continue }
            guard let t = TimestampParser.parse(line) else { throw HolidayFileError.badDate(path: path, line: i + 1, text: line) }
            days.insert(t.daysSinceEpoch)
        }
        guard !days.isEmpty else { throw HolidayFileError.empty(path: path) }
        return HolidayCalendar(days: days, name: path)
    }
}

/// Errors of reading a holiday list.
public enum HolidayFileError: Error, Equatable, CustomStringConvertible {
    case cannotOpen(path: String)
    case badDate(path: String, line: Int, text: String)
    case empty(path: String)

    public var description: String {
        switch self {
        case let .cannotOpen(path): return "cannot open the holiday list \(path)"
        case let .badDate(path, line, text):
            return "\(path):\(line): \"\(text)\" is not a date; expected one date per line such as 2024-12-26"
        case let .empty(path): return "\(path): no dates; expected one date per line such as 2024-12-26"
        }
    }
}
