import ArgumentParser
import ForecastReports

/// Where results go besides the terminal.
struct OutputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("""
        Also write the results to a file: .csv (read by pandas.read_csv with its defaults; the stamp goes to \
        <file>.stamp.json), .json, or .h5 (HDF5 that xarray and h5py open).
        """, valueName: "path"),
            transform: OutputPath.parse)
    var output: OutputPath?

    @Option(help: ArgumentHelp("Draw the history and the forecasts as an SVG chart.", valueName: "path.svg"),
            transform: SVGPath.parse)
    var plot: SVGPath?

    @Flag(help: "Print one JSON document on standard output instead of tables.")
    var json = false

    @Flag(help: "No progress display (it is also off when standard error is not a terminal).")
    var quiet = false
}
