import ArgumentParser
import ForecastCore

/// The root `forecast` command: version and subcommands only.
@main
struct ForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Forecast time series with recurrent neural networks.",
        version: ForecastVersion.current,
        subcommands: []
    )
}
