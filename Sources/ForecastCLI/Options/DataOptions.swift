import ArgumentParser
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

    func validate() throws {
        _ = try parsedDelimiter()
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
