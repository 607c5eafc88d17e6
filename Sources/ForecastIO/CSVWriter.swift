import ForecastCore

/// Writes time series and plain tables as CSV, atomically (through ``AtomicFile``).
///
/// A series is written as a header (`timeColumnName`, then the numeric column names) and one row
/// per timestamp: the timestamp in ISO 8601 UTC (`2013-01-01T06:00:00Z`), then each value in
/// Swift's shortest round-trip form (`Double.description`: `0.1`, `1e-07`, `-inf`), with an empty
/// cell for NaN. ``CSVReader`` reads the file back to an equal series. Text columns are not
/// written (a ``TimeSeries`` keeps only their names).
///
/// Optional comment lines come first, each as `# <text>`: a place for reproducibility stamps
/// (version, command, input checksum), which ``CSVReader`` skips and
/// ``CSVReader/readComments(path:)`` returns.
///
/// ```swift
/// let writer = CSVWriter(comments: ["forecast 0.1.0", "input sha256 30b399a9…"])
/// try writer.write(series, to: "out/series.csv")
/// try writer.write(header: ["model", "mae"], rows: [["lstm", "1.25"]], to: "out/metrics.csv")
/// ```
public struct CSVWriter: Sendable {
    /// Field delimiter: one ASCII character other than a quote, CR or LF (others throw
    /// ``CSVWriterError/invalidDelimiter(path:delimiter:)`` on write). Default: `,`.
    public var delimiter: Character
    /// Lines written before the header, each prefixed with `# `; a text with line breaks
    /// becomes several comment lines. Default: none.
    public var comments: [String]

    public init(delimiter: Character = ",", comments: [String] = []) {
        self.delimiter = delimiter
        self.comments = comments
    }

    /// Writes `series` to `path`, replacing it atomically.
    /// - Throws: ``AtomicFileError`` naming the path.
    public func write(_ series: TimeSeries, to path: String) throws {
        _ = try delimiterByte(path: path)
        try AtomicFile.write(to: path) { file in try write(series, into: file) }
    }

    /// Writes `series` (comments, header, rows) into an open atomic file.
    /// - Throws: ``AtomicFileError`` naming the path.
    public func write(_ series: TimeSeries, into file: AtomicFileWriter) throws {
        let d = try delimiterByte(path: file.targetPath)
        try writeComments(into: file)
        try writeRow([series.timeColumnName] + series.columnNames, into: file)
        var line: [UInt8] = []
        line.reserveCapacity(64 + 24 * series.columns.count)
        for row in 0..<series.count {
            line.removeAll(keepingCapacity: true)
            Self.appendISO8601(series.timestamps[row], to: &line)
            for column in series.columns {
                line.append(d)
                let v = column.values[row]
                if !v.isNaN { line.append(contentsOf: v.description.utf8) }
            }
            line.append(0x0A)
            try file.write(line)
        }
    }

    /// Writes a table of strings: `header`, then `rows`, each field quoted when it needs to be
    /// (it holds the delimiter, a quote or a line break, or starts with `#`).
    /// - Throws: ``AtomicFileError`` naming the path; ``CSVWriterError/raggedRow(path:row:fields:expected:)``
    ///   when a row's length differs from the header's (nothing is written then).
    public func write(header: [String], rows: some Sequence<[String]>, to path: String) throws {
        _ = try delimiterByte(path: path)
        try AtomicFile.write(to: path) { file in
            try writeComments(into: file)
            try writeRow(header, into: file)
            for (index, row) in rows.enumerated() {
                guard row.count == header.count else {
                    throw CSVWriterError.raggedRow(path: path, row: index + 1, fields: row.count, expected: header.count)
                }
                try writeRow(row, into: file)
            }
        }
    }

    /// `field` as it appears in a file with this writer's delimiter: unchanged, or quoted with
    /// inner quotes doubled when it holds the delimiter, a quote, CR or LF, or starts with `#`.
    public func escaped(_ field: String) -> String {
        let needsQuotes = field.hasPrefix("#") || field.contains { c in
            c == delimiter || c == "\"" || c == "\n" || c == "\r" || c == "\r\n"
        }
        guard needsQuotes else { return field }
        var out = "\""
        for c in field {
            if c == "\"" { out += "\"\"" } else { out.append(c) }
        }
        return out + "\""
    }

    // MARK: Pieces

    private func delimiterByte(path: String) throws -> UInt8 {
        guard let byte = delimiter.asciiValue, delimiter.isASCII, byte != UInt8(ascii: "\""),
              byte != 0x0A, byte != 0x0D else { throw CSVWriterError.invalidDelimiter(path: path, delimiter: delimiter) }
        return byte
    }

    private func writeComments(into file: AtomicFileWriter) throws {
        for comment in comments {
            for line in comment.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
                try file.write("# \(line)\n")
            }
        }
    }

    private func writeRow(_ fields: [String], into file: AtomicFileWriter) throws {
        // A lone empty field would read back as a blank line, which readers skip: quote it.
        if fields.count == 1, fields[0].isEmpty { return try file.write("\"\"\n") }
        try file.write(fields.map(escaped).joined(separator: String(delimiter)) + "\n")
    }

    /// Appends `YYYY-MM-DDTHH:MM:SSZ` (years 0–9999).
    static func appendISO8601(_ t: Timestamp, to out: inout [UInt8]) {
        let c = t.civil
        func two(_ v: Int) { out.append(UInt8(0x30 + v / 10)); out.append(UInt8(0x30 + v % 10)) }
        let y = min(max(c.year, 0), 9999)
        two(y / 100); two(y % 100); out.append(UInt8(ascii: "-"))
        two(c.month); out.append(UInt8(ascii: "-")); two(c.day); out.append(UInt8(ascii: "T"))
        two(c.hour); out.append(UInt8(ascii: ":")); two(c.minute); out.append(UInt8(ascii: ":"))
        two(c.second); out.append(UInt8(ascii: "Z"))
    }
}

/// Problems with what a caller asked ``CSVWriter`` to write.
public enum CSVWriterError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Row `row` (1-based, after the header) has a different number of fields than the header.
    case raggedRow(path: String, row: Int, fields: Int, expected: Int)
    /// The delimiter cannot be used.
    case invalidDelimiter(path: String, delimiter: Character)

    public var description: String {
        switch self {
        case let .raggedRow(path, row, fields, expected):
            return "\(path): row \(row) has \(fields) fields; the header has \(expected), so every row needs \(expected)"
        case let .invalidDelimiter(path, delimiter):
            return "\(path): cannot use \"\(delimiter)\" as the delimiter; "
                + "expected one ASCII character other than a quote, CR or LF, such as \",\", \";\" or a tab"
        }
    }
}
