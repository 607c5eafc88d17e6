import ForecastCore
import Foundation

/// Finds the time column when no `--time-column` names it or no column is named like one, and tells a
/// header line from a first row of values.
struct CSVTimeColumnDetector {
    /// The `--time-format`, when given: a cell in it is a timestamp.
    let timeFormat: TimestampFormat?

    /// The first column whose first-row cell is a timestamp (in the `--time-format` when given).
    /// When none is, a column whose cell looks like a date or time in another layout is named, with
    /// `--time-format`; "no time column" is said only when none looks like one.
    func detect(_ scanner: borrowing CSVRecordScanner, names: [String]) throws(CSVError) -> Int {
        for k in 0..<scanner.fieldCount {
            let (p, n) = CSVCell.trimmed(scanner.field(k))
            if let format = timeFormat {
                if format.parse(p, n) != nil { return k }
            } else if TimestampParser.calendar(p, n) != nil || TimestampParser.isSlashDate(p, n) {
                return k
            }
        }
        for k in 0..<scanner.fieldCount where looksLikeTime(scanner.field(k)) {
            throw .unreadTimeColumn(path: scanner.path, line: scanner.recordLine, column: k + 1, name: names[k],
                                    text: CSVCell.text(scanner.field(k)),
                                    tried: timeFormat.map { "the --time-format \"\($0.pattern)\"" }
                                        ?? TimestampParser.acceptedFormats)
        }
        throw .noTimeColumn(path: scanner.path, columns: names)
    }

    /// Whether a cell has the look of a date or time: digits with at least two of `-` `/` `.` `:` between
    /// them, or a month name beside digits.
    func looksLikeTime(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
        var digits = 0, separators = 0
        for b in cell {
            if b &- 0x30 < 10 { digits += 1 } else if b == UInt8(ascii: "-") || b == UInt8(ascii: "/") || b == UInt8(ascii: ":")
                || b == UInt8(ascii: ".") { separators += 1 }
        }
        if digits >= 4, separators >= 2, !CSVNumberParser.looksNumeric(cell) { return true }
        let lower = CSVCell.text(cell).lowercased()
        let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        return digits >= 2 && months.contains { lower.contains($0) } && lower.count <= 40
    }

    /// Whether a header field reads as a value (a number or a timestamp): a sign the file has no header.
    func looksLikeValue(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
        let (p, n) = CSVCell.trimmed(cell)
        guard n > 0 else { return false }
        var value = 0.0
        if CSVNumberParser.parse(p, n, into: &value) == .number { return true }
        return TimestampParser.calendar(p, n) != nil || TimestampParser.isSlashDate(p, n)
            || timeFormat?.parse(p, n) != nil
    }
}
