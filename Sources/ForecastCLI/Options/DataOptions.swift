import ArgumentParser
import ForecastCore
import ForecastIO

/// Options that say how to read the input file; shared by every subcommand that reads a series.
struct DataOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("CSV or HDF5 file holding the series.", valueName: "file"))
    var file: String

    @Option(help: ArgumentHelp("CSV field delimiter: ',', ';' or 'tab'. Default: detected from the header line.",
                               valueName: "char"))
    var delimiter: String?

    @Option(help: ArgumentHelp("""
        Column holding the timestamps. Default: a column named like time, timestamp, date, datetime or ds, \
        else the first column whose first value is a date.
        """, valueName: "name"))
    var timeColumn: String?

    @Option(help: ArgumentHelp("HDF5 dataset or group to read (e.g. /data). Default: the only series in the file.",
                               valueName: "path"))
    var dataset: String?

    @Option(help: ArgumentHelp("Use only rows at or after this time (a date or date-time, as in the file's time column).",
                               valueName: "time"))
    var from: String?

    @Option(help: ArgumentHelp("Use only rows at or before this time.", valueName: "time"))
    var to: String?

    func validate() throws {
        _ = try parsedDelimiter()
        _ = try range()
    }

    /// The `--from` / `--to` bounds, inclusive; `nil` where not given.
    func range() throws -> (from: Timestamp?, to: Timestamp?) {
        func parse(_ text: String?, _ option: String) throws -> Timestamp? {
            guard let text else { return nil }
            guard let t = TimestampParser.parse(text) else {
                throw ValidationError("\(option) \"\(text)\": expected a date or date-time such as 2016-10-01 or 2016-10-01T00:00")
            }
            return t
        }
        let bounds = (try parse(from, "--from"), try parse(to, "--to"))
        if let a = bounds.0, let b = bounds.1, b < a {
            throw ValidationError("--from \(from!) is after --to \(to!); expected --from before --to")
        }
        return bounds
    }

    /// Loads the series and keeps the rows inside `--from` / `--to`.
    /// - Throws: the loader's errors, or a data error when no row is left.
    func loadSeries(requireIncreasingTime: Bool = true) throws -> TimeSeries {
        let series = try loader(requireIncreasingTime: requireIncreasingTime).load(path: file)
        let (lower, upper) = try range()
        guard lower != nil || upper != nil else { return series }
        let first = series.timestamps.firstIndex { lower == nil || $0 >= lower! } ?? series.count
        let end = series.timestamps.lastIndex { upper == nil || $0 <= upper! }.map { $0 + 1 } ?? 0
        guard first < end else {
            throw CommandError("\(file): no rows between --from \(from ?? "start") and --to \(to ?? "end"); "
                + "the file covers \(series.timestamps.first?.iso8601 ?? "-") .. \(series.timestamps.last?.iso8601 ?? "-")")
        }
        return series.rows(first..<end)
    }

    /// The delimiter as a character; `tab`, `\t` and a literal tab mean tab.
    func parsedDelimiter() throws -> Character? {
        guard let delimiter else { return nil }
        switch delimiter {
        case ",": return ","
        case ";": return ";"
        case "tab", "\\t", "\t": return "\t"
        default:
            throw ValidationError("--delimiter \"\(delimiter)\": expected ',', ';' or 'tab'")
        }
    }

    /// The loader these options describe. `requireIncreasingTime` is false only for `inspect`,
    /// which reports disorder instead of stopping at it.
    func loader(requireIncreasingTime: Bool = true) throws -> SeriesLoader {
        SeriesLoader(csv: CSVReadOptions(delimiter: try parsedDelimiter(), timeColumn: timeColumn,
                                         requireIncreasingTime: requireIncreasingTime),
                     hdf5Dataset: dataset)
    }
}
