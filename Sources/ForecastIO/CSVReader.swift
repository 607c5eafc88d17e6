import ForecastCore
import Foundation

/// Reads a delimited text file with a header row into a ``TimeSeries``, streaming.
///
/// ```swift
/// let series = try CSVReader().read(path: "Datasets/weather_nyc_jfk_hourly_2013.csv")
/// series.count                                   // 8706
/// try series.column(named: "pressure_mbar").missingCount   // 831
/// ```
///
/// **Source.** A path, or `-` for standard input; streams are copied once to a temporary file
/// (``InputSource``). A file starting with gzip's signature is decompressed as it is read (zlib).
///
/// **Layout.** Lines before the header that start with `#` are comments and skipped (see
/// ``readComments(path:)``); blank lines are skipped everywhere. The first other line is the
/// header (unless ``CSVReadOptions/hasHeader`` is off: columns `col1`, `col2`, …; a header whose
/// fields all read as values is refused as ``CSVError/headerLooksLikeData(path:line:fields:)``); every
/// row after it must have as many fields. Fields follow RFC 4180 (see ``CSVReadOptions/delimiter``
/// for the delimiter): quoted fields may hold delimiters, line breaks and doubled quotes; LF, CRLF
/// and CR line ends; a UTF-8 byte-order mark is skipped. Column names are trimmed of surrounding
/// spaces and must be unique.
///
/// **Time column.** Given by ``CSVReadOptions/timeColumn``, else the first column named like
/// one of ``CSVReadOptions/timeColumnNames`` (any case), else the first column whose cell on the
/// first data row is a timestamp. Its cells are parsed with ``CSVReadOptions/timeFormat`` when given,
/// else by ``TimestampParser``, and stored as UTC; a time column found by name or given may instead
/// hold Unix epoch times, whose unit (seconds … nanoseconds) the first cell's magnitude fixes. Slash
/// dates (`01/31/2020`) are read month-first or day-first as the whole column allows; a column that
/// allows both with different results is ``CSVError/ambiguousDayMonth(path:line:column:name:text:)``.
///
/// **Other columns**, cells trimmed of spaces and tabs, decided by the whole column:
/// - empty, `NA`, `NaN`, `null` and `N/A` (any case) are missing values, read as `Double.nan`;
/// - a column whose other cells are all decimal numbers (`inf` allowed; with
///   ``CSVReadOptions/decimal`` and ``CSVReadOptions/thousands`` as separators) is numeric;
/// - a column with no number at all (only text and missing markers) is a text column: its name
///   is listed in `textColumnNames` and its cells are dropped;
/// - a column that holds numbers **and** other text, or a cell that looks like a number in another
///   notation (`12,8`, `36,301,200`, `$12.50`), is an error,
///   ``CSVError/badNumber(path:line:column:name:text:)`` at the first such cell, whose message names
///   the option that reads it. So `n.a.`, `?` or `-` in a price column stops the load instead of
///   silently making the column text. (`N/A` in any case is a missing marker, not text.)
///
/// **Order.** With ``CSVReadOptions/requireIncreasingTime``, a file whose times strictly decrease is
/// reversed, repeated timestamps follow ``CSVReadOptions/duplicates``, and any other disorder is an
/// error naming the row; ``TimeSeries/notes`` says what was done.
///
/// **Streaming.** The file is read in 1 MiB chunks and parsed from the bytes; only the parsed
/// columns are kept (8 bytes per numeric cell and per timestamp, 4 per row for its line number),
/// never the file's text.
public struct CSVReader: Sendable {
    /// How files are read.
    public var options: CSVReadOptions

    public init(options: CSVReadOptions = CSVReadOptions()) {
        self.options = options
    }

    /// Reads the file at `path` (`-` for standard input; a gzip file is decompressed as it is read).
    /// - Returns: the series; with ``CSVReadOptions/requireIncreasingTime``, timestamps strictly
    ///   increase (a newest-first file is reversed, repeated timestamps merged per
    ///   ``CSVReadOptions/duplicates``), and ``TimeSeries/notes`` says what was done; otherwise rows in
    ///   file order.
    /// - Throws: ``CSVError``, naming the file, line and column of the first problem.
    public func read(path given: String) throws(CSVError) -> TimeSeries {
        var scanner = try CSVRecordScanner(path: given)
        let detector = CSVTimeColumnDetector(timeFormat: options.timeFormat)
        let localTimes = CSVLocalTimes(timeZone: options.timeZone)
        let path = scanner.path
        _ = try scanner.skipLeadingComments()
        scanner.delimiter = try options.delimiterByte(&scanner)

        // Header.
        guard try scanner.next() else { throw .emptyFile(path: path) }
        let headerLine = scanner.recordLine
        let names: [String]
        if options.hasHeader {
            names = (0..<scanner.fieldCount).map { trimmedName(scanner.string($0)) }
            if names.count > 1, (0..<scanner.fieldCount).allSatisfy({ detector.looksLikeValue(scanner.field($0)) }) {
                throw .headerLooksLikeData(path: path, line: headerLine, fields: Array(names.prefix(3)))
            }
        } else {
            names = (0..<scanner.fieldCount).map { "col\($0 + 1)" }
        }
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
        } else if options.hasHeader,
                  let k = names.firstIndex(where: { CSVReadOptions.timeColumnNames.contains($0.lowercased()) }) {
            timeIndex = k
        } else {
            epochAllowed = false
        }

        // A long file's id column: kept as text, one id per row.
        var idIndex = -1
        if let id = options.idColumn {
            guard let k = seen[id] else { throw .unknownIDColumn(path: path, name: id, available: names) }
            idIndex = k
        } else if options.hasHeader, let k = seen["unique_id"], k != timeIndex {
            idIndex = k
        }
        var ids: [String] = []

        // Per-column state.
        let values = UnsafeMutablePointer<CSVColumnBuffer<Double>>.allocate(capacity: width)
        values.initialize(repeating: CSVColumnBuffer<Double>(capacity: 16), count: width)
        for k in 0..<width { values[k] = CSVColumnBuffer<Double>() }
        var times = CSVColumnBuffer<Int64>()       // timestamps, as seconds since the epoch
        var otherReading = CSVColumnBuffer<Int64>(capacity: 16)   // day/month while slash dates are ambiguous
        var lines = CSVColumnBuffer<UInt32>()      // file line of each row, for order errors
        defer {
            for k in 0..<width { values[k].deallocate() }
            values.deallocate()
            times.deallocate()
            otherReading.deallocate()
            lines.deallocate()
        }
        var isText = [Bool](repeating: false, count: width)
        var numbersSeen = [Bool](repeating: false, count: width)
        var firstText = [(line: Int, text: String)?](repeating: nil, count: width)
        var mode = CSVTimeMode.calendar
        var firstDifference: (line: Int, text: String)? = nil   // a slash date the two readings disagree on
        var wallClock = false              // cells are local times to convert with options.timeZone
        var naive = false                  // cells name no zone and no --timezone reads them
        var absoluteRows: Set<Int> = []    // rows whose cell named its zone (`… PST`): already UTC
        var rows = 0
        var reserved = false
        let affixes = CSVNumberAffixes(currency: options.currency, percent: options.percent)
        var stripped = UnsafeMutablePointer<UInt8>.allocate(capacity: 64), strippedCapacity = 64
        defer { stripped.deallocate() }
        let localized = options.decimal != "." || options.thousands != nil
        let decimalByte = options.decimal.asciiValue ?? UInt8(ascii: ".")
        let thousandsByte = options.thousands.map { $0 == "\u{A0}" ? UInt8(ascii: " ") : ($0.asciiValue ?? 0) }
        var normalized = [UInt8](repeating: 0, count: 64)

        var haveRecord = options.hasHeader ? try scanner.next() : true
        while haveRecord {
            defer { rows += 1 }
            let line = scanner.recordLine
            guard scanner.fieldCount == width else {
                throw .raggedRow(path: path, line: line, fields: scanner.fieldCount, expected: width)
            }
            if rows == 0 {
                if timeIndex < 0 {
                    timeIndex = try detector.detect(scanner, names: names)
                }
                mode = CSVTimeMode.forFirstRow(scanner.cell(timeIndex), escaped: scanner.fieldEscaped[timeIndex],
                                    epochAllowed: epochAllowed, timeFormat: options.timeFormat)
                wallClock = options.timeZone != nil && mode.isWallClock(scanner.cell(timeIndex))
                naive = !wallClock && !mode.namesZone(scanner.cell(timeIndex))
            } else if rows == 1024, !reserved {
                reserved = true
                let consumed = scanner.consumed, fileSize = scanner.fileSize
                if consumed > 0, fileSize > consumed {
                    // Room for the whole file, estimated from the bytes per row so far, so that
                    // growing never holds two copies of a large column.
                    let estimate = Int(Double(fileSize) / Double(consumed) * Double(rows) * 1.02) + 16
                    times.reserve(estimate)
                    lines.reserve(estimate)
                    for k in 0..<width where k != timeIndex && !isText[k] { values[k].reserve(estimate) }
                }
            }
            lines.append(UInt32(truncatingIfNeeded: line))

            for k in 0..<width {
                let cell = scanner.cell(k)
                if k == idIndex {
                    let (p, n) = CSVCell.trimmed(cell)
                    guard n > 0 else { throw .emptyID(path: path, line: line, column: k + 1, name: names[k]) }
                    ids.append(String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self))
                    continue
                }
                if k == timeIndex {
                    let (p, n) = CSVCell.trimmed(cell)
                    switch mode {
                    case .calendar:
                        if let t = TimestampParser.calendar(p, n) {
                            times.append(t.secondsSinceEpoch)
                        } else if let t = try localTimes.zoneNamed(p, n, path: path, line: line, column: k + 1, name: names[k],
                                                        previous: times.count > 0 ? times.base[times.count - 1] : nil) {
                            times.append(t.secondsSinceEpoch)
                            absoluteRows.insert(rows)
                        } else {
                            throw badTime(path, cell, line, k, names, mode)
                        }
                    case let .epoch(unit):
                        guard let t = TimestampParser.epoch(p, n, unit: unit) else { throw badTime(path, cell, line, k, names, mode) }
                        times.append(t.secondsSinceEpoch)
                    case let .format(format):
                        guard let t = format.parse(p, n) else { throw badTime(path, cell, line, k, names, mode) }
                        times.append(t.secondsSinceEpoch)
                    case let .slash(monthFirst, dayFirst):
                        let a = monthFirst ? TimestampParser.slashDate(p, n, dayFirst: false) : nil
                        let b = dayFirst ? TimestampParser.slashDate(p, n, dayFirst: true) : nil
                        switch (a, b) {
                        case let (a?, b?):
                            times.append(a.secondsSinceEpoch)
                            otherReading.append(b.secondsSinceEpoch)
                            if a != b, firstDifference == nil { firstDifference = (line, CSVCell.text(cell)) }
                        case let (a?, nil):
                            if dayFirst { mode = .slash(monthFirst: true, dayFirst: false) }
                            times.append(a.secondsSinceEpoch)
                        case let (nil, b?):
                            if monthFirst {
                                swap(&times, &otherReading)
                                mode = .slash(monthFirst: false, dayFirst: true)
                            }
                            times.append(b.secondsSinceEpoch)
                        case (nil, nil):
                            throw badTime(path, cell, line, k, names, mode)
                        }
                    }
                    continue
                }
                var value = 0.0
                var outcome: CSVNumberParser.Outcome
                var number = cell
                if !affixes.isEmpty {
                    if strippedCapacity < cell.count + 1 {
                        stripped.deallocate()
                        strippedCapacity = cell.count + 1
                        stripped = UnsafeMutablePointer<UInt8>.allocate(capacity: strippedCapacity)
                    }
                    number = UnsafeBufferPointer(start: stripped, count: affixes.strip(cell, into: stripped))
                }
                if localized {
                    if normalized.count < number.count { normalized = [UInt8](repeating: 0, count: number.count) }
                    outcome = normalized.withUnsafeMutableBufferPointer { out in
                        guard let n = CSVNumberParser.normalize(number, decimal: decimalByte, thousands: thousandsByte,
                                                                into: out.baseAddress!) else { return .invalid }
                        return CSVNumberParser.parse(UnsafePointer(out.baseAddress!), n, into: &value)
                    }
                } else {
                    outcome = CSVNumberParser.parse(number.baseAddress ?? UnsafePointer(bitPattern: 1)!, number.count, into: &value)
                }
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
                    if numbersSeen[k] || CSVNumberParser.looksNumeric(cell) {
                        throw .badNumber(path: path, line: line, column: k + 1, name: names[k], text: CSVCell.text(cell))
                    }
                    isText[k] = true
                    firstText[k] = (line, CSVCell.text(cell))
                    values[k].removeAll()
                }
            }
            haveRecord = try scanner.next()
        }
        guard rows > 0 else { throw .noDataRows(path: path, line: headerLine) }

        var notes: [String] = []
        let timeName = names[timeIndex]
        switch mode {
        case let .epoch(unit):
            notes.append("time column \"\(timeName)\" read as Unix epoch \(unit.rawValue)")
        case let .slash(monthFirst, dayFirst):
            if monthFirst, dayFirst, let difference = firstDifference {
                throw .ambiguousDayMonth(path: path, line: difference.line, column: timeIndex + 1, name: timeName,
                                         text: difference.text)
            }
            notes.append("time column \"\(timeName)\" read as " + (monthFirst ? "month/day/year" : "day/month/year"))
        case let .format(format) where options.timeFormat == nil:
            notes.append("time column \"\(timeName)\" read as \(format.pattern == "%Y%m%d" ? "YYYYMMDD" : format.pattern)")
        case .calendar, .format:
            break
        }

        var columnIndices: [Int] = []
        var textColumns: [String] = []
        for k in 0..<width where k != timeIndex && k != idIndex {
            if isText[k] { textColumns.append(names[k]) } else { columnIndices.append(k) }
        }
        var stamps = times.takeArray()
        if wallClock, let zone = options.timeZone {
            try localTimes.convert(&stamps, zone: LocalTime(zone: zone), absolute: absoluteRows, lines: lines, path: path,
                             column: timeIndex + 1, name: timeName, notes: &notes)
        }
        var columnValues = columnIndices.map { values[$0].takeArray() }
        if options.requireIncreasingTime && idIndex < 0 {
            try CSVRowOrder(duplicates: options.duplicates).apply(&stamps, &columnValues, lines: lines, path: path, column: timeIndex + 1, name: timeName,
                        notes: &notes)
        }
        var series = TimeSeries(timeColumnName: timeName, timestamps: stamps.map(Timestamp.init(secondsSinceEpoch:)),
                                columns: zip(columnIndices, columnValues).map { Column(name: names[$0], values: $1) },
                                textColumnNames: textColumns)
        series.notes = notes
        if wallClock { series.timeZoneName = options.timeZone?.identifier }
        series.timesAreNaive = naive
        if idIndex >= 0 {
            series.rowIDs = ids
            series.idColumnName = names[idIndex]
        }
        return series
    }

    /// The `#` comment lines before the header of the file at `path` (text after `#` and one
    /// optional space), such as the reproducibility stamps ``CSVWriter`` writes.
    /// - Throws: ``CSVError/cannotOpen(path:reason:)`` or ``CSVError/readFailed(path:reason:)``.
    public func readComments(path: String) throws(CSVError) -> [String] {
        var scanner = try CSVRecordScanner(path: path)
        return try scanner.skipLeadingComments()
    }

    // MARK: Steps

    /// The error for a time cell that the column's reading (`mode`) cannot read.
    private func badTime(_ path: String, _ cell: UnsafeBufferPointer<UInt8>, _ line: Int, _ k: Int, _ names: [String],
                         _ mode: CSVTimeMode) -> CSVError {
        .badTimestamp(path: path, line: line, column: k + 1, name: names[k], text: CSVCell.text(cell), tried: mode.tried)
    }

    private func trimmedName(_ name: String) -> String {
        var s = Substring(name)
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return String(s)
    }
}
