import ForecastCore
import Foundation

/// Everything that can be wrong with a CSV file or with the options used to read it.
///
/// Each case names the file, and where it applies the line and column (both 1-based; the column is
/// the field index, followed in the message by the column's header name). A line is the physical
/// line on which the row starts (a quoted field may span lines). `description` reads
/// `<file>:<line>:<column>: <what is wrong>; <what was expected>`:
///
/// ```
/// prices.csv:214:3: cannot read "n.a." as a number in column "close"; expected a decimal number, or an empty cell for a missing value
/// ```
public enum CSVError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be opened; `reason` is the system's message (`No such file or directory`).
    case cannotOpen(path: String, reason: String)
    /// Reading failed after the file was opened.
    case readFailed(path: String, reason: String)
    /// The file holds no header (it is empty, or holds only blank and `#` comment lines).
    case emptyFile(path: String)
    /// The file has a header but no data rows.
    case noDataRows(path: String, line: Int)
    /// A row has more or fewer fields than the header.
    case raggedRow(path: String, line: Int, fields: Int, expected: Int)
    /// A cell in a numeric column is neither a number nor a missing-value marker.
    case badNumber(path: String, line: Int, column: Int, name: String, text: String)
    /// A cell in the time column is in none of the accepted timestamp forms; `tried` says which were.
    case badTimestamp(path: String, line: Int, column: Int, name: String, text: String, tried: String)
    /// Slash dates that read as both month/day/year and day/month/year in every row, with different
    /// results; `line` and `text` are the first cell where the two readings differ.
    case ambiguousDayMonth(path: String, line: Int, column: Int, name: String, text: String)
    /// No column's first cell is in a form read, but this one looks like a date or time.
    case unreadTimeColumn(path: String, line: Int, column: Int, name: String, text: String, tried: String)
    /// The first line's fields all read as numbers or timestamps: the file seems to have no header.
    case headerLooksLikeData(path: String, line: Int, fields: [String])
    /// A wall-clock time that does not exist in the `--timezone` zone (it falls in the hour skipped
    /// when clocks were set forward); `local` is the time as written.
    case nonexistentLocalTime(path: String, line: Int, column: Int, name: String, local: Timestamp, zone: String)
    /// A timestamp ends in a zone name or abbreviation that cannot be read; `reason` says why.
    case zoneNameNotRead(path: String, line: Int, column: Int, name: String, text: String, reason: String)
    /// In a file whose times decrease (newest first), a timestamp is later than the row before.
    case increasingInNewestFirstFile(path: String, line: Int, column: Int, name: String,
                                     timestamp: Timestamp, previous: Timestamp)
    /// A timestamp equals the one on the row before (only when timestamps must increase).
    case duplicateTimestamp(path: String, line: Int, column: Int, name: String, timestamp: Timestamp)
    /// A timestamp is earlier than the one on the row before (only when timestamps must increase).
    case decreasingTimestamp(path: String, line: Int, column: Int, name: String,
                             timestamp: Timestamp, previous: Timestamp)
    /// The time column given in the options is not in the header.
    case unknownTimeColumn(path: String, name: String, available: [String])
    /// `--id-column` names no column of the file.
    case unknownIDColumn(path: String, name: String, available: [String])
    /// A row of a long file has an empty series id.
    case emptyID(path: String, line: Int, column: Int, name: String)
    /// No column is named like a time column and none holds timestamps on the first data row.
    case noTimeColumn(path: String, columns: [String])
    /// A quoted field is still open at the end of the file; `line` is where the quote opened.
    case unterminatedQuote(path: String, line: Int, column: Int)
    /// Characters follow the closing quote of a field before the next delimiter.
    case textAfterClosingQuote(path: String, line: Int, column: Int)
    /// Two header fields have the same name.
    case duplicateColumnName(path: String, name: String, first: Int, second: Int)
    /// The delimiter given in the options cannot be used.
    case invalidDelimiter(path: String, delimiter: Character)

    public var description: String {
        switch self {
        case let .cannotOpen(path, reason):
            return "cannot open \(path): \(reason)"
        case let .readFailed(path, reason):
            return "\(path): read failed: \(reason); check that the file is readable"
        case let .emptyFile(path):
            return "\(path): the file is empty; expected a header row naming the columns, then data rows"
        case let .noDataRows(path, line):
            return "\(path):\(line): the file has a header but no data rows; expected at least one row after the header"
        case let .raggedRow(path, line, fields, expected):
            return "\(path):\(line): line \(line) has \(fields) field\(fields == 1 ? "" : "s"); the header has \(expected)"
        case let .badNumber(path, line, column, name, text):
            return "\(path):\(line):\(column): cannot read \(Self.quoted(text)) as a number in column \"\(name)\"; "
                + (CSVNumberParser.hint(for: text) ?? "expected a decimal number, or an empty cell for a missing value")
        case let .badTimestamp(path, line, column, name, text, tried):
            return "\(path):\(line):\(column): cannot read \(Self.quoted(text)) as a timestamp in column \"\(name)\"; "
                + "\(tried); give the layout with --time-format (strptime directives, e.g. \"%m/%d/%Y %H:%M\")"
        case let .ambiguousDayMonth(path, line, column, name, text):
            let monthFirst = Self.reading(text, dayFirst: false)
            return "\(path):\(line):\(column): \(Self.quoted(text)) in column \"\(name)\" reads as \(monthFirst) "
                + "(month/day) or \(Self.reading(text, dayFirst: true)) (day/month), and every date in the column reads "
                + "both ways; give --time-format \"%m/%d/%Y\" or --time-format \"%d/%m/%Y\" (add \" %H:%M\" for times)"
        case let .unreadTimeColumn(path, line, column, name, text, tried):
            return "\(path):\(line):\(column): column \"\(name)\" looks like time, but \(Self.quoted(text)) is in none of "
                + "the forms read (\(tried)); give its layout with --time-format (strptime directives, e.g. "
                + "\"%d %b %Y\") and --time-column \"\(name)\""
        case let .headerLooksLikeData(path, line, fields):
            return "\(path):\(line): the first line (" + fields.map { Self.quoted($0) }.joined(separator: ", ")
                + ") holds values, not column names; give --no-header to read the file without a header "
                + "(columns named col1, col2, …), or add a header line"
        case let .nonexistentLocalTime(path, line, column, name, local, zone):
            return "\(path):\(line):\(column): \(local.iso8601(offset: nil).dropLast()) in column \"\(name)\" never happened in \(zone) "
                + "(--timezone): clocks skipped that hour; expected a time that exists there (is the file in another zone, "
                + "or in UTC without a Z? then drop --timezone or give the right one)"
        case let .zoneNameNotRead(path, line, column, name, text, reason):
            return "\(path):\(line):\(column): cannot read the zone of \(Self.quoted(text)) in column \"\(name)\": \(reason); "
                + "expected an unambiguous abbreviation (PST, CET, UTC, …), an IANA name (America/Chicago), or "
                + "--timezone with the file's IANA zone"
        case let .increasingInNewestFirstFile(path, line, column, name, timestamp, previous):
            return "\(path):\(line):\(column): timestamp \(timestamp) in column \"\(name)\" comes after the previous "
                + "row's \(previous), but the file's times decrease before it (newest first); timestamps must "
                + "decrease or increase throughout"
        case let .duplicateTimestamp(path, line, column, name, timestamp):
            return "\(path):\(line):\(column): timestamp \(timestamp) in column \"\(name)\" repeats the previous row's; "
                + "timestamps must strictly increase"
        case let .decreasingTimestamp(path, line, column, name, timestamp, previous):
            return "\(path):\(line):\(column): timestamp \(timestamp) in column \"\(name)\" comes before the previous "
                + "row's \(previous); timestamps must strictly increase"
        case let .unknownIDColumn(path, name, available):
            return "\(path): --id-column \(name): no such column; the columns are: " + available.map { "\"\($0)\"" }.joined(separator: ", ")
        case let .emptyID(path, line, column, name):
            return "\(path):\(line):\(column): the series id (column \"\(name)\") is empty; every row of a long file names its series"
        case let .unknownTimeColumn(path, name, available):
            return "\(path): no column named \"\(name)\" to use as the time column; the columns are: "
                + available.map { "\"\($0)\"" }.joined(separator: ", ")
        case let .noTimeColumn(path, columns):
            return "\(path): no time column found among "
                + columns.map { "\"\($0)\"" }.joined(separator: ", ")
                + "; name it time, timestamp, date, datetime or ds, or give the time column explicitly"
        case let .unterminatedQuote(path, line, column):
            return "\(path):\(line):\(column): the quoted field opened here is never closed; "
                + "expected a closing \" (write a quote inside a quoted field as \"\")"
        case let .textAfterClosingQuote(path, line, column):
            return "\(path):\(line):\(column): text follows the closing quote of a field; "
                + "expected a delimiter or the end of the line (write a quote inside a quoted field as \"\")"
        case let .duplicateColumnName(path, name, first, second):
            return "\(path):1:\(second): column name \"\(name)\" is used again (first in column \(first)); "
                + "expected every column name to be different"
        case let .invalidDelimiter(path, delimiter):
            return "\(path): cannot use \(Self.quoted(String(delimiter))) as the delimiter; "
                + "expected one ASCII character other than a quote, CR or LF, such as \",\", \";\", \"|\" or a tab"
        }
    }

    /// A slash date's ISO date in one reading, or `?` when that reading does not parse.
    private static func reading(_ text: String, dayFirst: Bool) -> String {
        var copy = text.trimmingCharacters(in: .whitespaces)
        let t = copy.withUTF8 { bytes -> Timestamp? in
            guard let base = bytes.baseAddress else { return nil }
            return TimestampParser.slashDate(base, bytes.count, dayFirst: dayFirst)
        }
        return t?.shortDescription ?? "?"
    }

    /// The cell text in quotes, shortened to 40 characters.
    private static func quoted(_ text: String) -> String {
        let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
        return "\"\(shown)\""
    }
}
