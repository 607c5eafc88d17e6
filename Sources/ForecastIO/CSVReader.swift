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
        let path = scanner.path
        _ = try scanner.skipLeadingComments()
        scanner.delimiter = try delimiterByte(&scanner)

        // Header.
        guard try scanner.next() else { throw .emptyFile(path: path) }
        let headerLine = scanner.recordLine
        let names: [String]
        if options.hasHeader {
            names = (0..<scanner.fieldCount).map { trimmedName(scanner.string($0)) }
            if names.count > 1, (0..<scanner.fieldCount).allSatisfy({ looksLikeValue(scanner.field($0)) }) {
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
        var mode = TimeMode.calendar
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
                    timeIndex = try detectTimeColumn(scanner, names: names)
                }
                mode = firstRowMode(scanner.cell(timeIndex), escaped: scanner.fieldEscaped[timeIndex],
                                    epochAllowed: epochAllowed)
                wallClock = options.timeZone != nil && isWallClock(scanner.cell(timeIndex), mode)
                naive = !wallClock && !namesZone(scanner.cell(timeIndex), mode)
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
                if k == timeIndex {
                    let (p, n) = trimmed(cell)
                    switch mode {
                    case .calendar:
                        if let t = TimestampParser.calendar(p, n) {
                            times.append(t.secondsSinceEpoch)
                        } else if let t = try zoneNamed(p, n, path: path, line: line, column: k + 1, name: names[k],
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
                            if a != b, firstDifference == nil { firstDifference = (line, text(cell)) }
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
                        throw .badNumber(path: path, line: line, column: k + 1, name: names[k], text: text(cell))
                    }
                    isText[k] = true
                    firstText[k] = (line, text(cell))
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
        for k in 0..<width where k != timeIndex {
            if isText[k] { textColumns.append(names[k]) } else { columnIndices.append(k) }
        }
        var stamps = times.takeArray()
        if wallClock, let zone = options.timeZone {
            try convertLocal(&stamps, zone: LocalTime(zone: zone), absolute: absoluteRows, lines: lines, path: path,
                             column: timeIndex + 1, name: timeName, notes: &notes)
        }
        var columnValues = columnIndices.map { values[$0].takeArray() }
        if options.requireIncreasingTime {
            try ordered(&stamps, &columnValues, lines: lines, path: path, column: timeIndex + 1, name: timeName,
                        notes: &notes)
        }
        var series = TimeSeries(timeColumnName: timeName, timestamps: stamps.map(Timestamp.init(secondsSinceEpoch:)),
                                columns: zip(columnIndices, columnValues).map { Column(name: names[$0], values: $1) },
                                textColumnNames: textColumns)
        series.notes = notes
        if wallClock { series.timeZoneName = options.timeZone?.identifier }
        series.timesAreNaive = naive
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

    /// The delimiter given in the options, or the one of `,` `;` tab `|` seen most often outside
    /// quotes in the header line (`,` on a tie or when none occurs).
    private func delimiterByte(_ scanner: inout CSVRecordScanner) throws(CSVError) -> UInt8 {
        if let given = options.delimiter {
            guard given.isASCII, let byte = given.asciiValue, byte != UInt8(ascii: "\""), byte != 0x0A, byte != 0x0D
            else { throw .invalidDelimiter(path: scanner.path, delimiter: given) }
            return byte
        }
        let line = try scanner.peekFirstLine()
        var counts = (comma: 0, semicolon: 0, tab: 0, pipe: 0)
        var inQuotes = false
        for byte in line {
            switch byte {
            case UInt8(ascii: "\""): inQuotes.toggle()
            case UInt8(ascii: ",") where !inQuotes: counts.comma += 1
            case UInt8(ascii: ";") where !inQuotes: counts.semicolon += 1
            case 0x09 where !inQuotes: counts.tab += 1
            case UInt8(ascii: "|") where !inQuotes: counts.pipe += 1
            default: break
            }
        }
        let best = max(counts.comma, counts.semicolon, counts.tab, counts.pipe)
        if best == 0 || counts.comma == best { return UInt8(ascii: ",") }
        if counts.semicolon == best { return UInt8(ascii: ";") }
        if counts.tab == best { return 0x09 }
        return UInt8(ascii: "|")
    }

    /// How the time column's cells are read.
    private enum TimeMode {
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
    }

    /// The reading the first data row's time cell calls for.
    private func firstRowMode(_ cell: UnsafeBufferPointer<UInt8>, escaped: Bool, epochAllowed: Bool) -> TimeMode {
        if let format = options.timeFormat { return .format(format) }
        let (p, n) = trimmed(cell)
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

    private func badTime(_ path: String, _ cell: UnsafeBufferPointer<UInt8>, _ line: Int, _ k: Int, _ names: [String],
                         _ mode: TimeMode) -> CSVError {
        .badTimestamp(path: path, line: line, column: k + 1, name: names[k], text: text(cell), tried: mode.tried)
    }

    /// Whether the first time cell is a wall-clock time that ``CSVReadOptions/timeZone`` applies to:
    /// it has a time of day and names no zone or offset. Dates alone stay calendar dates.
    private func isWallClock(_ cell: UnsafeBufferPointer<UInt8>, _ mode: TimeMode) -> Bool {
        let (_, n) = trimmed(cell)
        switch mode {
        case .epoch: return false
        case let .format(format): return format.hasTimeOfDay && !format.hasZone
        case .calendar, .slash: return n > 10 && !namesZone(cell, mode)
        }
    }

    /// Whether the first time cell fixes its moment by itself: epoch times, a `Z`, an offset or a zone
    /// name (`… PST`, `… America/Chicago`), or a `--time-format` with `%z`. A cell that does not is a
    /// naive time (``TimeSeries/timesAreNaive``), unless `--timezone` reads it.
    private func namesZone(_ cell: UnsafeBufferPointer<UInt8>, _ mode: TimeMode) -> Bool {
        let (p, n) = trimmed(cell)
        switch mode {
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

    /// A calendar cell that ends in a zone name (`2010-01-01 00:00:00 PST`, `… America/Chicago`), as a UTC
    /// moment; `nil` when the cell has no such ending. An abbreviation that stands for one offset is read
    /// as that offset; one that stands for several (`CST`, `IST`) only with ``CSVReadOptions/timeZone``,
    /// which picks the offset its zone had then.
    /// - Throws: ``CSVError/zoneNameNotRead(path:line:column:name:text:reason:)``.
    private func zoneNamed(_ p: UnsafePointer<UInt8>, _ n: Int, path: String, line: Int, column: Int, name: String,
                           previous: Int64?) throws(CSVError) -> Timestamp? {
        var split = n
        while split > 0, p[split - 1] != 0x20 { split -= 1 }
        guard split > 10 else { return nil }
        let zoneText = String(decoding: UnsafeBufferPointer(start: p + split, count: n - split), as: UTF8.self)
        guard zoneText.first?.isLetter == true, let local = TimestampParser.calendar(p, split - 1) else { return nil }
        let text = String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
        func fail(_ reason: String) -> CSVError {
            .zoneNameNotRead(path: path, line: line, column: column, name: name, text: text, reason: reason)
        }
        if zoneText.contains("/") {
            guard let zone = TimeZone(identifier: zoneText) else { throw fail("\"\(zoneText)\" is not an IANA time-zone name") }
            let moments = LocalTime(zone: zone).moments(ofLocal: local)
            guard let first = moments.first else { throw fail("that time does not exist in \(zoneText)") }
            return moments.first { previous == nil || $0.secondsSinceEpoch > previous! } ?? first
        }
        guard let offsets = LocalTime.abbreviations[zoneText.uppercased()] else {
            throw fail("the zone abbreviation \"\(zoneText)\" is not one forecast knows")
        }
        if offsets.count > 1 {
            guard let zone = options.timeZone else {
                throw fail("\(zoneText) stands for more than one zone")
            }
            // The offset among the abbreviation's that the zone uses around that time.
            let converter = LocalTime(zone: zone)
            let used = Set([-86_400, 0, 86_400].map { converter.offset(at: local.adding(seconds: Int64($0))) })
            guard let offset = offsets.first(where: used.contains) else {
                throw fail("\(zoneText) is not an offset \(zone.identifier) (--timezone) uses at that time")
            }
            return local.adding(seconds: Int64(-offset))
        }
        return local.adding(seconds: Int64(-offsets[0]))
    }

    /// Converts the wall-clock times in `stamps` (stored as if UTC) to UTC moments in `zone`, except the
    /// rows in `absolute`. A time in a repeated hour (clocks set back) is the occurrence that keeps the
    /// file's order; a time in a skipped hour is an error. Notes the daylight-saving changes crossed.
    private func convertLocal(_ stamps: inout [Int64], zone: LocalTime, absolute: Set<Int>,
                              lines: borrowing CSVColumnBuffer<UInt32>, path: String, column: Int, name: String,
                              notes: inout [String]) throws(CSVError) {
        let n = stamps.count
        var increasing = true
        for i in 1..<max(n, 1) where stamps[i] != stamps[i - 1] { increasing = stamps[i] > stamps[i - 1]; break }
        var previous: Int64? = nil
        var previousOffset: Int? = nil
        var changes: [Timestamp] = []
        var repeated = 0
        for i in 0..<n {
            if absolute.contains(i) { previous = stamps[i]; continue }
            let local = Timestamp(secondsSinceEpoch: stamps[i])
            let moments = zone.moments(ofLocal: local)
            guard !moments.isEmpty else {
                throw .nonexistentLocalTime(path: path, line: Int(lines.base[i]), column: column, name: name,
                                            local: local, zone: zone.zone.identifier)
            }
            var chosen = moments[0]
            if moments.count > 1 {
                repeated += 1
                if let previous {
                    chosen = increasing ? (moments.first { $0.secondsSinceEpoch > previous } ?? moments[0])
                                        : (moments.last { $0.secondsSinceEpoch < previous } ?? moments[moments.count - 1])
                }
            }
            stamps[i] = chosen.secondsSinceEpoch
            let offset = zone.offset(at: chosen)
            if let previousOffset, previousOffset != offset { changes.append(chosen) }
            previousOffset = offset
            previous = chosen.secondsSinceEpoch
        }
        var note = "local times read in \(zone.zone.identifier)"
        if !changes.isEmpty {
            let shown = changes.prefix(3).map { t -> String in
                t.iso8601(offset: zone.offset(at: t))
            }
            note += "; \(changes.count) daylight-saving change\(changes.count == 1 ? "" : "s") (" + shown.joined(separator: ", ")
                + (changes.count > 3 ? ", …" : "") + ")"
        }
        if repeated > 0 { note += "; \(repeated) row\(repeated == 1 ? "" : "s") in repeated hours placed in file order" }
        notes.append(note)
    }

    /// Checks the order of the rows; reverses a file whose times strictly decrease (newest first) and
    /// merges repeated timestamps per ``CSVReadOptions/duplicates``, saying so in `notes`.
    private func ordered(_ stamps: inout [Int64], _ columns: inout [[Double]], lines: borrowing CSVColumnBuffer<UInt32>,
                         path: String, column: Int, name: String, notes: inout [String]) throws(CSVError) {
        let n = stamps.count
        guard n > 1 else { return }
        var direction = 0
        for i in 1..<n where stamps[i] != stamps[i - 1] { direction = stamps[i] > stamps[i - 1] ? 1 : -1; break }
        var repeated = 0
        for i in 1..<n {
            let previous = stamps[i - 1], current = stamps[i]
            let line = Int(lines.base[i])
            if current == previous {
                if options.duplicates == .error {
                    throw .duplicateTimestamp(path: path, line: line, column: column, name: name,
                                              timestamp: Timestamp(secondsSinceEpoch: current))
                }
                repeated += 1
            } else if (current > previous) != (direction > 0) {
                let t = Timestamp(secondsSinceEpoch: current), before = Timestamp(secondsSinceEpoch: previous)
                if direction > 0 {
                    throw .decreasingTimestamp(path: path, line: line, column: column, name: name, timestamp: t, previous: before)
                }
                throw .increasingInNewestFirstFile(path: path, line: line, column: column, name: name, timestamp: t,
                                                   previous: before)
            }
        }
        if repeated > 0 {
            var w = 0, i = 0
            while i < n {
                var j = i + 1
                while j < n, stamps[j] == stamps[i] { j += 1 }
                stamps[w] = stamps[i]
                for c in columns.indices {
                    switch options.duplicates {
                    case .first, .error: columns[c][w] = columns[c][i]
                    case .last: columns[c][w] = columns[c][j - 1]
                    case .mean:
                        var sum = 0.0, count = 0
                        for r in i..<j where !columns[c][r].isNaN { sum += columns[c][r]; count += 1 }
                        columns[c][w] = count == 0 ? .nan : sum / Double(count)
                    }
                }
                w += 1
                i = j
            }
            stamps.removeLast(n - w)
            for c in columns.indices { columns[c].removeLast(n - w) }
            notes.append("\(repeated) row\(repeated == 1 ? "" : "s") repeating a timestamp merged "
                         + "(--duplicates \(options.duplicates.rawValue)): \(n) rows read, \(w) kept")
        }
        if direction < 0 {
            stamps.reverse()
            for c in columns.indices { columns[c].reverse() }
            notes.append("rows were newest first (times decrease down the file); read in time order")
        }
    }

    /// The first column whose first-row cell is a timestamp (in the `--time-format` when given).
    /// When none is, a column whose cell looks like a date or time in another layout is named, with
    /// `--time-format`; "no time column" is said only when none looks like one.
    private func detectTimeColumn(_ scanner: borrowing CSVRecordScanner, names: [String]) throws(CSVError) -> Int {
        for k in 0..<scanner.fieldCount {
            let (p, n) = trimmed(scanner.field(k))
            if let format = options.timeFormat {
                if format.parse(p, n) != nil { return k }
            } else if TimestampParser.calendar(p, n) != nil || TimestampParser.isSlashDate(p, n) {
                return k
            }
        }
        for k in 0..<scanner.fieldCount where looksLikeTime(scanner.field(k)) {
            throw .unreadTimeColumn(path: scanner.path, line: scanner.recordLine, column: k + 1, name: names[k],
                                    text: text(scanner.field(k)),
                                    tried: options.timeFormat.map { "the --time-format \"\($0.pattern)\"" }
                                        ?? TimestampParser.acceptedFormats)
        }
        throw .noTimeColumn(path: scanner.path, columns: names)
    }

    /// Whether a cell has the look of a date or time: digits with at least two of `-` `/` `.` `:` between
    /// them, or a month name beside digits.
    private func looksLikeTime(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
        var digits = 0, separators = 0
        for b in cell {
            if b &- 0x30 < 10 { digits += 1 } else if b == UInt8(ascii: "-") || b == UInt8(ascii: "/") || b == UInt8(ascii: ":")
                || b == UInt8(ascii: ".") { separators += 1 }
        }
        if digits >= 4, separators >= 2, !CSVNumberParser.looksNumeric(cell) { return true }
        let lower = text(cell).lowercased()
        let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        return digits >= 2 && months.contains { lower.contains($0) } && lower.count <= 40
    }

    /// Whether a header field reads as a value (a number or a timestamp): a sign the file has no header.
    private func looksLikeValue(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
        let (p, n) = trimmed(cell)
        guard n > 0 else { return false }
        var value = 0.0
        if CSVNumberParser.parse(p, n, into: &value) == .number { return true }
        return TimestampParser.calendar(p, n) != nil || TimestampParser.isSlashDate(p, n)
            || options.timeFormat?.parse(p, n) != nil
    }

    /// The cell without leading and trailing spaces.
    @inline(__always)
    private func trimmed(_ cell: UnsafeBufferPointer<UInt8>) -> (UnsafePointer<UInt8>, Int) {
        guard let base = cell.baseAddress else { return (UnsafePointer(bitPattern: 1)!, 0) }
        var start = 0, end = cell.count
        while start < end, base[start] == 0x20 { start += 1 }
        while end > start, base[end - 1] == 0x20 { end -= 1 }
        return (base + start, end - start)
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
