import ArgumentParser
import Foundation

/// Where results go besides the terminal.
struct OutputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Also write the results to a file: .csv, .json or .h5 (HDF5 that xarray and h5py open).", valueName: "path"))
    var output: String?

    @Option(help: ArgumentHelp("Draw history, validation fit and forecast as an SVG chart.", valueName: "path.svg"))
    var plot: String?

    @Flag(help: "Print one JSON document on standard output instead of tables.")
    var json = false

    @Flag(help: "No progress display (it is also off when standard error is not a terminal).")
    var quiet = false

    enum Format: String { case csv, json, h5 }

    func validate() throws {
        _ = try outputFormat()
        if let plot, !plot.lowercased().hasSuffix(".svg") {
            throw ValidationError("--plot \(plot): expected a file name ending in .svg")
        }
    }

    /// The format `--output` asks for, from its extension.
    func outputFormat() throws -> Format? {
        guard let output else { return nil }
        switch (output as NSString).pathExtension.lowercased() {
        case "csv": return .csv
        case "json": return .json
        case "h5", "hdf5", "nc": return .h5
        default: throw ValidationError("--output \(output): expected a file name ending in .csv, .json or .h5")
        }
    }
}
