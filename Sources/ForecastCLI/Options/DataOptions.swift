import ArgumentParser
import ForecastCore
import ForecastIO

/// Options that say how to read the input file; shared by every subcommand that reads a series.
struct DataOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("CSV or HDF5 file holding the series.", valueName: "file"))
    var file: String

    @Option(help: ArgumentHelp("CSV field delimiter: ',', ';' or 'tab'. Default: detected from the header line.",
                               valueName: "char"),
            transform: CSVDelimiter.parse)
    var delimiter: CSVDelimiter?

    @Option(help: ArgumentHelp("""
        Column holding the timestamps. Default: a column named like time, timestamp, date, datetime or ds, \
        else the first column whose first value is a date.
        """, valueName: "name"))
    var timeColumn: String?

    @Option(help: ArgumentHelp("HDF5 dataset or group to read (e.g. /data). Default: the only series in the file.",
                               valueName: "path"))
    var dataset: String?

    @Option(help: ArgumentHelp("Use only rows at or after this time (a date or date-time, as in the file's time column).",
                               valueName: "time"),
            transform: Timestamp.parse)
    var from: Timestamp?

    @Option(help: ArgumentHelp("Use only rows at or before this time.", valueName: "time"), transform: Timestamp.parse)
    var to: Timestamp?

    func validate() throws {
        if let from, let to, to < from {
            throw ValidationError("--from \(from.iso8601) is after --to \(to.iso8601); expected --from before --to")
        }
    }

    /// Loads the series and keeps the rows inside `--from` / `--to`.
    /// - Throws: the loader's errors, or a data error naming the file when no row is in the range.
    func loadSeries(requireIncreasingTime: Bool = true) throws -> TimeSeries {
        let series = try loader(requireIncreasingTime: requireIncreasingTime).load(path: file)
        do {
            return try series.rows(from: from, to: to)
        } catch let error as TimeSeriesError {
            throw CommandError("\(file): \(error)")
        }
    }

    /// The loader these options describe. `requireIncreasingTime` is false only for `inspect`,
    /// which reports disorder instead of stopping at it.
    func loader(requireIncreasingTime: Bool = true) -> SeriesLoader {
        SeriesLoader(csv: CSVReadOptions(delimiter: delimiter?.character, timeColumn: timeColumn,
                                         requireIncreasingTime: requireIncreasingTime),
                     hdf5Dataset: dataset)
    }
}
