import ForecastCore

/// Reads a delimited text file with a header row into a ``TimeSeries``, streaming.
///
/// ```swift
/// let series = try CSVReader().read(path: "Datasets/weather_nyc_jfk_hourly_2013.csv")
/// series.count                                   // 8706
/// try series.column(named: "pressure_mbar").missingCount   // 831
/// ```
///
/// **Layout.** Lines before the header that start with `#` are comments and skipped (see
/// ``readComments(path:)``); blank lines are skipped everywhere. The first other line is the
/// header; every row after it must have as many fields. Fields follow RFC 4180 (see
/// ``CSVReadOptions/delimiter`` for the delimiter): quoted fields may hold delimiters, line breaks
/// and doubled quotes; LF, CRLF and CR line ends; a UTF-8 byte-order mark is skipped. Column names
/// are trimmed of surrounding spaces and must be unique.
///
/// **Time column.** Given by ``CSVReadOptions/timeColumn``, else the first column named like
/// one of ``CSVReadOptions/timeColumnNames`` (any case), else the first column whose cell on the
/// first data row is a calendar date or date-time. Its cells are parsed by ``TimestampParser``
/// and stored as UTC; a time column found by name or given may instead hold Unix epoch seconds.
/// The first cell fixes which (calendar forms or epoch seconds) for the whole column.
///
/// **Other columns**, cells trimmed of spaces and tabs, decided by the whole column:
/// - empty, `NA`, `NaN`, `null` and `N/A` (any case) are missing values, read as `Double.nan`;
/// - a column whose other cells are all decimal numbers (`inf` allowed) is numeric;
/// - a column with no number at all (only text and missing markers) is a text column: its name
///   is listed in `textColumnNames` and its cells are dropped;
/// - a column that holds numbers **and** other text is an error,
///   ``CSVError/badNumber(path:line:column:name:text:)`` at the first cell that is not a number.
///   So `n.a.`, `?` or `-` in a price column stops the load instead of silently making the column
///   text. (`N/A` in any case is a missing marker, not text.)
///
/// **Streaming.** The file is read in 1 MiB chunks and parsed from the bytes; only the parsed
/// columns are kept (8 bytes per numeric cell and per timestamp), never the file's text.
public struct CSVReader: Sendable {
    /// How files are read.
    public var options: CSVReadOptions

    public init(options: CSVReadOptions = CSVReadOptions()) {
        self.options = options
    }

    /// Reads the file at `path`.
    /// - Returns: the series, rows in file order; timestamps strictly increase when
    ///   ``CSVReadOptions/requireIncreasingTime``.
    /// - Throws: ``CSVError``, naming the file, line and column of the first problem.
    public func read(path: String) throws(CSVError) -> TimeSeries {
        var scanner = try CSVRecordScanner(path: path)
        _ = try scanner.skipLeadingComments()
        scanner.delimiter = try delimiterByte(&scanner)

        // Header.
        guard try scanner.next() else { throw .emptyFile(path: path) }
        let headerLine = scanner.recordLine
        let names = (0..<scanner.fieldCount).map { trimmedName(scanner.string($0)) }
        var seen: [String: Int] = [:]
        for (k, name) in names.enumerated() {
            if let first = seen[name] {
                throw .duplicateColumnName(path: path, name: name, first: first + 1, second: k + 1)
            }
            seen[name] = k
        }
        let width = names.count

        var timeIndex = -1
        var epochAllowed = true
        if let given = options.timeColumn {
            guard let k = seen[given] ?? names.firstIndex(where: { $0.lowercased() == given.lowercased() }) else {
                throw .unknownTimeColumn(path: path, name: given, available: names)
            }
            timeIndex = k
        } else if let k = names.firstIndex(where: { CSVReadOptions.timeColumnNames.contains($0.lowercased()) }) {
            timeIndex = k
        } else {
            epochAllowed = false
        }

        // Per-column state.
        let values = UnsafeMutablePointer<CSVColumnBuffer<Double>>.allocate(capacity: width)
        values.initialize(repeating: CSVColumnBuffer<Double>(capacity: 16), count: width)
        for k in 0..<width { values[k] = CSVColumnBuffer<Double>() }
        var times = CSVColumnBuffer<Int64>()   // timestamps, as seconds since the epoch
        defer {
            for k in 0..<width { values[k].deallocate() }
            values.deallocate()
            times.deallocate()
        }
        var isText = [Bool](repeating: false, count: width)
        var numbersSeen = [Bool](repeating: false, count: width)
        var firstText = [(line: Int, text: String)?](repeating: nil, count: width)
        var epochMode = false
        var rows = 0
        var previous = Int64.min
        let requireIncreasing = options.requireIncreasingTime
        var reserved = false

        while try scanner.next() {
            let line = scanner.recordLine
            guard scanner.fieldCount == width else {
                throw .raggedRow(path: path, line: line, fields: scanner.fieldCount, expected: width)
            }
            if rows == 0 {
                if timeIndex < 0 {
                    timeIndex = try detectTimeColumn(scanner, names: names)
                }
                let cell = scanner.field(timeIndex)
                epochMode = epochAllowed && !scanner.fieldEscaped[timeIndex]
                    && TimestampParser.parse(bytes: cell) == nil
                    && TimestampParser.parse(bytes: cell, allowEpochSeconds: true) != nil
            } else if rows == 1024, !reserved {
                reserved = true
                let consumed = scanner.consumed, fileSize = scanner.fileSize
                if consumed > 0, fileSize > consumed {
                    // Room for the whole file, estimated from the bytes per row so far, so that
                    // growing never holds two copies of a large column.
                    let estimate = Int(Double(fileSize) / Double(consumed) * Double(rows) * 1.02) + 16
                    times.reserve(estimate)
                    for k in 0..<width where k != timeIndex && !isText[k] { values[k].reserve(estimate) }
                }
            }

            for k in 0..<width {
                let cell = scanner.cell(k)
                if k == timeIndex {
                    let t = parseTime(cell, epochMode: epochMode)
                    guard let t else {
                        throw .badTimestamp(path: path, line: line, column: k + 1, name: names[k],
                                            text: text(cell))
                    }
                    let seconds = t.secondsSinceEpoch
                    if requireIncreasing, rows > 0, seconds <= previous {
                        if seconds == previous {
                            throw .duplicateTimestamp(path: path, line: line, column: k + 1, name: names[k], timestamp: t)
                        }
                        throw .decreasingTimestamp(path: path, line: line, column: k + 1, name: names[k],
                                                   timestamp: t, previous: Timestamp(secondsSinceEpoch: previous))
                    }
                    previous = seconds
                    times.append(t.secondsSinceEpoch)
                    continue
                }
                var value = 0.0
                let outcome = CSVNumberParser.parse(cell.baseAddress ?? UnsafePointer(bitPattern: 1)!, cell.count, into: &value)
                if isText[k] {
                    if outcome == .number, let bad = firstText[k] {
                        throw .badNumber(path: path, line: bad.line, column: k + 1, name: names[k], text: bad.text)
                    }
                    continue
                }
                switch outcome {
                case .number:
                    numbersSeen[k] = true
                    values[k].append(value)
                case .missing:
                    values[k].append(.nan)
                case .invalid:
                    if numbersSeen[k] {
                        throw .badNumber(path: path, line: line, column: k + 1, name: names[k], text: text(cell))
                    }
                    isText[k] = true
                    firstText[k] = (line, text(cell))
                    values[k].removeAll()
                }
            }
            rows += 1
        }
        guard rows > 0 else { throw .noDataRows(path: path, line: headerLine) }

        var columns: [Column] = []
        var textColumns: [String] = []
        for k in 0..<width where k != timeIndex {
            if isText[k] {
                textColumns.append(names[k])
            } else {
                columns.append(Column(name: names[k], values: values[k].takeArray()))
            }
        }
        return TimeSeries(timeColumnName: names[timeIndex], timestamps: times.takeArray().map(Timestamp.init(secondsSinceEpoch:)), columns: columns,
                          textColumnNames: textColumns)
    }

    /// The `#` comment lines before the header of the file at `path` (text after `#` and one
    /// optional space), such as the reproducibility stamps ``CSVWriter`` writes.
    /// - Throws: ``CSVError/cannotOpen(path:reason:)`` or ``CSVError/readFailed(path:reason:)``.
    public func readComments(path: String) throws(CSVError) -> [String] {
        var scanner = try CSVRecordScanner(path: path)
        return try scanner.skipLeadingComments()
    }

    // MARK: Steps

    /// The delimiter given in the options, or the one of `,` `;` tab seen most often outside
    /// quotes in the header line (`,` on a tie or when none occurs).
    private func delimiterByte(_ scanner: inout CSVRecordScanner) throws(CSVError) -> UInt8 {
        if let given = options.delimiter {
            guard given.isASCII, let byte = given.asciiValue, byte != UInt8(ascii: "\""), byte != 0x0A, byte != 0x0D
            else { throw .invalidDelimiter(path: scanner.path, delimiter: given) }
            return byte
        }
        let line = try scanner.peekFirstLine()
        var counts = (comma: 0, semicolon: 0, tab: 0)
        var inQuotes = false
        for byte in line {
            switch byte {
            case UInt8(ascii: "\""): inQuotes.toggle()
            case UInt8(ascii: ",") where !inQuotes: counts.comma += 1
            case UInt8(ascii: ";") where !inQuotes: counts.semicolon += 1
            case 0x09 where !inQuotes: counts.tab += 1
            default: break
            }
        }
        if counts.semicolon > counts.comma, counts.semicolon >= counts.tab { return UInt8(ascii: ";") }
        if counts.tab > counts.comma, counts.tab > counts.semicolon { return 0x09 }
        return UInt8(ascii: ",")
    }

    /// The first column whose first-row cell is a calendar date or date-time.
    private func detectTimeColumn(_ scanner: borrowing CSVRecordScanner, names: [String]) throws(CSVError) -> Int {
        for k in 0..<scanner.fieldCount where TimestampParser.parse(bytes: scanner.field(k)) != nil {
            return k
        }
        throw .noTimeColumn(path: scanner.path, columns: names)
    }

    @inline(__always)
    private func parseTime(_ cell: UnsafeBufferPointer<UInt8>, epochMode: Bool) -> Timestamp? {
        guard let base = cell.baseAddress else { return nil }
        var start = 0, end = cell.count
        while start < end, base[start] == 0x20 { start += 1 }
        while end > start, base[end - 1] == 0x20 { end -= 1 }
        return epochMode ? TimestampParser.epochSeconds(base + start, end - start)
                         : TimestampParser.calendar(base + start, end - start)
    }

    private func trimmedName(_ name: String) -> String {
        var s = Substring(name)
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return String(s)
    }

    private func text(_ cell: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: cell, as: UTF8.self)
    }
}
