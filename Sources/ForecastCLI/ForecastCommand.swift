import ArgumentParser
import ForecastCore

/// The root `forecast` command: version and subcommands only.
@main
struct ForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Forecast time series with recurrent neural networks.",
        discussion: """
            Read a CSV or HDF5 series, describe it, and forecast a column with a stacked SimpleRNN, LSTM \
            or GRU; save trained models, forecast with them or with Keras models, and export them to Keras. \
            Run 'forecast help <subcommand>' for the options of each.
            """,
        version: ForecastVersion.current,
        subcommands: [InspectCommand.self, PredictCommand.self, BacktestCommand.self, TrainCommand.self, ExportCommand.self]
    )

    /// Parses, runs, and reports any error as one line with a documented exit status.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            ErrorReporting.exit(with: error, command: self)
        }
    }
}
