import ArgumentParser
import ForecastCore
import Foundation

/// The root `forecast` command: version and subcommands only.
@main
struct ForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Forecast time series with recurrent neural networks.",
        discussion: """
            Read a CSV or HDF5 series, describe it, and forecast a column with a stacked SimpleRNN, LSTM \
            or GRU; backtest networks against naive baselines; save trained models, forecast with them or \
            with Keras models, and export them to Keras. Run 'forecast help <subcommand>' for the options of each.
            """,
        version: ForecastVersion.current,
        subcommands: [InspectCommand.self, PredictCommand.self, BacktestCommand.self, MergeCommand.self, TrainCommand.self, ExportCommand.self,
                      CheckHDF5Command.self]
    )

    /// Parses, runs, and reports any error as one line with a documented exit status. With no
    /// arguments, prints the help on standard error and exits with the usage status; a mistyped
    /// subcommand gets the nearest name suggested.
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard let first = arguments.first else {
            FileHandle.standardError.write(Data((helpMessage() + "\n").utf8))
            Foundation.exit(ExitStatus.usage)
        }
        let names = configuration.subcommands.filter { $0.configuration.shouldDisplay }.map { $0._commandName } + ["help"]
        if !first.hasPrefix("-"), !names.contains(first), first != CheckHDF5Command._commandName {
            var message = "error: unknown command '\(first)'"
            if let near = Self.nearest(first, in: names) { message += "; did you mean '\(near)'?" }
            FileHandle.standardError.write(Data((message + " Commands: \(names.dropLast().joined(separator: ", ")); see forecast --help\n").utf8))
            Foundation.exit(ExitStatus.usage)
        }
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            ErrorReporting.exit(with: error, command: self)
        }
    }

    /// The name in `names` within edit distance 2 of `word` (the closest), if any.
    static func nearest(_ word: String, in names: [String]) -> String? {
        func distance(_ a: [Character], _ b: [Character]) -> Int {
            var previous = Array(0...b.count)
            for (i, x) in a.enumerated() {
                var current = [i + 1]
                for (j, y) in b.enumerated() {
                    current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
                }
                previous = current
            }
            return previous[b.count]
        }
        let scored = names.map { ($0, distance(Array(word.lowercased()), Array($0))) }.filter { $0.1 <= 2 }
        return scored.min { $0.1 < $1.1 }?.0
    }
}
