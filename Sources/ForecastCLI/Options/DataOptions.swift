import ArgumentParser
import ForecastCore
import ForecastIO
import ForecastPreprocessing
import Foundation

/// Options that say how to read the input file; shared by every subcommand that reads a series.
struct DataOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("CSV (or .csv.gz) or HDF5 file holding the series; - reads standard input.",
                                 valueName: "file"))
    var file: String

    @Option(help: ArgumentHelp("""
        CSV field delimiter: any one character (',', ';', '|', …), or 'tab' or 'space'. \
        Default: detected from the header line (',', ';', tab or '|').
        """, valueName: "char"),
            transform: CSVDelimiter.parse)
    var delimiter: CSVDelimiter?

    @Flag(help: "The CSV file has no header line: columns are named col1, col2, … by position.")
    var noHeader = false

    @Option(help: ArgumentHelp("""
        Layout of the time column in strptime directives: '%m/%d/%Y %H:%M', '%d.%m.%Y', '%Y-%m', \
        '%Y-%m-%d %H:%M:%S.%f', '%d %b %Y', with %z for offsets. Default: detected (ISO 8601, YYYY-MM, \
        DD.MM.YYYY, MM/DD/YYYY or DD/MM/YYYY when the column tells which, YYYYMMDD, epoch s / ms / µs).
        """, valueName: "format"),
            transform: TimestampFormat.parse)
    var timeFormat: TimestampFormat?

    @Option(help: ArgumentHelp("Decimal separator of the CSV's numbers: '.' or ','. Default: '.'.", valueName: "char"),
            transform: DecimalSeparator.parse)
    var decimal: DecimalSeparator?

    @Option(help: ArgumentHelp("""
        Thousands separator of the CSV's numbers: ',', '.', "'" or 'space' (also no-break spaces), \
        only between groups of three digits. Default: none.
        """, valueName: "char"),
            transform: ThousandsSeparator.parse)
    var thousands: ThousandsSeparator?

    @Option(help: ArgumentHelp("""
        Currency symbol the CSV's numbers carry before or after them ('$', '€', '£', 'CHF'), dropped before \
        reading: $1,234.50 is 1234.5 with --thousands ',', 12,80 € is 12.8 with --decimal ','. \
        Default: none (a cell with a currency sign is refused, naming this option).
        """, valueName: "symbol"))
    var currency: String?

    @Flag(help: ArgumentHelp("""
        The CSV's numbers may end in a percent sign: 12.5% is read as 12.5 (the unit stays percent; nothing \
        is divided by 100). Default: off (a cell with % is refused, naming this option).
        """))
    var percent = false

    @Option(help: ArgumentHelp("""
        IANA time zone of a file written in local time (America/Chicago, Europe/Berlin): times of day \
        without an offset are converted by its rules (repeated hours in file order; a skipped hour is an \
        error) and outputs show the local offset (2018-10-01T07:00:00-05:00). Dates alone are not converted. \
        Default: times without an offset are kept as written and shown without a zone (2013-12-30T19:00:00).
        """, valueName: "zone"),
            transform: ZoneName.parse)
    var timezone: ZoneName?

    @Option(help: ArgumentHelp("""
        Rows that repeat a timestamp: error (refuse the file), first or last (keep that row), mean \
        (average each column).
        """, valueName: "policy"))
    var duplicates: DuplicateTimestamps = .error

    @Option(help: ArgumentHelp("""
        Column holding the timestamps. Default: a column named like time, timestamp, date, datetime or ds, \
        else the first column whose first value is a date.
        """, valueName: "name"))
    var timeColumn: String?

    @Option(help: ArgumentHelp("""
        Column naming each row's series in a long file (one row per series and time, as Nixtla's \
        unique_id, ds, y): each id becomes its own series of --target. Default: unique_id when the file has it.
        """, valueName: "name"))
    var idColumn: String?

    @Option(help: ArgumentHelp("HDF5 dataset or group to read (e.g. /data). Default: the only series in the file.",
                               valueName: "path"))
    var dataset: String?

    @Option(help: ArgumentHelp("""
        Use only rows at or after this time: a date or date-time read like the file's times (a local time \
        under --timezone, as written for times without a zone); an offset or Z in it is always honoured.
        """, valueName: "time"),
            transform: TimeBound.parse)
    var from: TimeBound?

    @Option(help: ArgumentHelp("Use only rows at or before this time (read as --from is).", valueName: "time"),
            transform: TimeBound.parse)
    var to: TimeBound?

    @Option(help: ArgumentHelp("""
        With --fill: the longest run of consecutive missing values (rows) a fill may bridge, or 'none'. \
        Default: one season of the series' frequency (hourly 24, daily 7, monthly 12; 1 for irregular series).
        """, valueName: "rows"),
            transform: MaxGap.parse)
    var maxGap: MaxGap?

    @Flag(help: ArgumentHelp("""
        Insert the timestamps missing from the series' grid (the gaps 'forecast inspect' lists) as rows of \
        missing values, which --fill then fills within --max-gap, so that rows are steps of time again: \
        seasonal naive at 168 hourly rows is the same hour last week, and the calendar of a forecast step \
        is its own. As pandas' asfreq. Business-day series gain their market holidays. Default: rows are \
        taken as consecutive steps, gaps or not.
        """))
    var fillGaps = false

    func validate() throws {
        if let currency, currency.isEmpty || currency.count > 4
            || currency.contains(where: { $0.isNumber || $0.isWhitespace || ".,+-%'\"".contains($0) }) {
            throw ValidationError("--currency \"\(currency)\": expected a currency symbol of 1 to 4 characters "
                                  + "without digits, spaces, signs or separators, such as '$', '€' or 'CHF'")
        }
        if let decimal, let thousands, decimal.character == thousands.character {
            throw ValidationError("--decimal \(decimal.character) and --thousands \(thousands.character) are the same; "
                                  + "expected two different separators")
        }
    }

    /// Loads the series and keeps the rows inside `--from` / `--to`.
    /// - Throws: the loader's errors, or a data error naming the file when no row is in the range.
    func loadSeries(requireIncreasingTime: Bool = true) throws -> TimeSeries {
        let series = try IsolatedRead.series(file, loader: loader(requireIncreasingTime: requireIncreasingTime))
        if let name = series.timeZoneName, let zone = TimeZone(identifier: name) {
            // Outputs keep the file's local offsets from here on (set once, before any output).
            let local = LocalTime(zone: zone)
            Timestamp.displayZone = Timestamp.DisplayZone(name: name, offset: { local.offset(at: $0) })
        } else if series.timesAreNaive {
            // Times that named no zone are shown as written, without a `Z`.
            Timestamp.displayZone = .naive
        }
        func moment(_ bound: TimeBound?, _ option: String) throws -> Timestamp? {
            do { return try bound?.moment(in: series, upper: option == "--to") } catch {
                throw CommandError("\(option) \(error)", status: ExitStatus.usage)
            }
        }
        let start = try moment(from, "--from"), end = try moment(to, "--to")
        if let start, let end, end < start {
            throw CommandError("--from \(from!) (\(start.iso8601)) is after --to \(to!) (\(end.iso8601)); expected --from "
                               + "before --to", status: ExitStatus.usage)
        }
        // A long file's rows are in file order: --from/--to cut each series when it is split off.
        if series.rowIDs != nil { return series }
        do {
            return try completed(series.rows(from: start, to: end))
        } catch let error as TimeSeriesError {
            throw CommandError("\(file): \(error)")
        }
    }

    /// How the stamp's note of `--fill-gaps` begins.
    static let insertedNote = "--fill-gaps inserted"

    /// `series` with `--fill-gaps`: its grid's missing timestamps inserted as rows of missing values,
    /// and a note saying how many (for the stamp); unchanged without the flag.
    /// - Throws: a command error naming the file when the series has no grid or a row is off it.
    func completed(_ series: TimeSeries) throws -> TimeSeries {
        guard fillGaps else { return series }
        do {
            var (completed, inserted) = try series.insertingMissingTimes()
            if inserted > 0 {
                completed.notes.append("\(Self.insertedNote) \(inserted) missing timestamp\(inserted == 1 ? "" : "s") "
                                       + "as rows of missing values")
            }
            return completed
        } catch let error as GridError {
            throw CommandError("\(InputSource.displayName(file)): --fill-gaps: \(error)", status: ExitStatus.usage)
        }
    }

    /// The series a run covers: each id of a long file (its `target`), each column of `targets` in a
    /// wide file, or `nil` for one series. With `knownFuture` columns (`--future-features`) each
    /// member holds them and keeps its rows after its last target value (their future values), to be
    /// split off with ``SeriesCollection/splittingAtLastValues()``.
    /// - Throws: a command error naming the file for `--targets` with a long file, an unknown column,
    ///   an (id, time) pair given twice, series of different frequencies, or a known-future column
    ///   that is also the target or in `features`.
    func collection(of series: TimeSeries, target: String?, targets: TargetSelection?, features: [String],
                    knownFuture: [String] = []) throws -> SeriesCollection? {
        let name = InputSource.displayName(file)
        do {
            if series.rowIDs != nil {
                guard targets == nil, let target else {
                    throw CommandError("--targets: \(name) is a long file (series by \"\(series.idColumnName ?? "id")\"), one column per "
                                       + "quantity; forecast each series' column with --target", status: ExitStatus.usage)
                }
                if let twice = knownFuture.first(where: { $0 == target || features.contains($0) }) {
                    throw CommandError("\(FutureInputsError.listedTwice(column: twice))", status: ExitStatus.usage)
                }
                let start = try from?.moment(in: series, upper: false), end = try to?.moment(in: series, upper: true)
                var long = try SeriesCollection.long(series, target: target, features: features, knownFuture: knownFuture,
                                                     from: start, to: end)
                for i in long.members.indices { long.members[i].series = try completed(long.members[i].series) }
                return long
            }
            guard let targets else { return nil }
            let columns = targets.columns(in: series, features: features + knownFuture)
            if let twice = knownFuture.first(where: { columns.contains($0) || features.contains($0) }) {
                throw CommandError("\(FutureInputsError.listedTwice(column: twice))", status: ExitStatus.usage)
            }
            return try SeriesCollection.wide(series, targets: columns, features: features, knownFuture: knownFuture)
        } catch let error as CommandError {
            throw error
        } catch {
            throw CommandError("\(name): \(error)")
        }
    }

    /// The model input `columns` of `series` checked before training or forecasting: every value finite
    /// (else an error naming the column, row and time), and with `fill`, no run of missing values longer
    /// than `--max-gap` (else an error naming the run). Prints what `fill` fills (unless `quiet`) and
    /// returns `series` with those lines added to its notes, for the stamp.
    func checkedInputs(_ series: TimeSeries, columns: [String], fill: MissingValueFill?, quiet: Bool) throws -> TimeSeries {
        let name = InputSource.displayName(file)
        for column in columns {
            let values = try series.column(named: column).values
            if let row = values.firstIndex(where: { $0.isInfinite }) {
                throw CommandError("\(name): column \"\(column)\" holds \(values[row]) at row \(row + 1) "
                                   + "(\(series.timestamps[row].iso8601)); expected finite numbers, which a model can scale")
            }
            if let s = try series.column(named: column).summary, !(s.max - s.min).isFinite {
                throw CommandError("\(name): column \"\(column)\" spans \(s.min) .. \(s.max), wider than a double holds; "
                                   + "expected values whose range is below 1.8e308 (rescale the column)")
            }
        }
        guard let fill else {
            if fillGaps, series.notes.contains(where: { $0.hasPrefix(Self.insertedNote) }) {
                throw CommandError("--fill-gaps inserted rows of missing values; expected --fill ffill or --fill interpolate "
                                   + "to fill them", status: ExitStatus.usage)
            }
            return series
        }
        let limit: Int?
        switch maxGap {
        case .none: limit = series.inferFrequency().seasonalPeriod ?? 1
        case .some(.unlimited): limit = nil
        case let .some(.rows(n)): limit = n
        }
        var checked = series
        do {
            for summary in try series.fillSummaries(of: columns, maxGap: limit) where summary.filled > 0 {
                let note = summary.note(method: fill)
                Warnings.print(note, quiet: quiet)
                checked.notes.append(note)
            }
        } catch let error as FillGapError {
            throw CommandError("\(name): \(error)")
        }
        return checked
    }

    /// Each series' inputs (its target and `features`) checked and filled as ``checkedInputs(_:columns:fill:quiet:)``
    /// checks one series'; one line (unless `quiet`) says how many series `fill` filled.
    func checkedInputs(_ collection: SeriesCollection, features: [String], fill: MissingValueFill?,
                       quiet: Bool) throws -> SeriesCollection {
        var checked = collection
        var filled = 0
        for i in checked.members.indices {
            let member = checked.members[i]
            checked.members[i].series = try checkedInputs(member.series, columns: [member.target] + features, fill: fill, quiet: true)
            if checked.members[i].series.notes.count > member.series.notes.count { filled += 1 }
        }
        if filled > 0, let fill {
            Warnings.print("--fill \(fill.rawValue) filled missing values in \(filled) of \(checked.members.count) series", quiet: quiet)
        }
        return checked
    }

    /// The loader these options describe. `requireIncreasingTime` is false only for `inspect`,
    /// which reports disorder instead of stopping at it.
    func loader(requireIncreasingTime: Bool = true) -> SeriesLoader {
        SeriesLoader(csv: CSVReadOptions(delimiter: delimiter?.character, timeColumn: timeColumn,
                                         requireIncreasingTime: requireIncreasingTime, hasHeader: !noHeader,
                                         timeFormat: timeFormat, decimal: decimal?.character ?? ".",
                                         thousands: thousands?.character, duplicates: duplicates,
                                         timeZone: timezone?.zone, currency: currency, percent: percent, idColumn: idColumn),
                     hdf5Dataset: dataset)
    }
}
