import ArgumentParser
import ForecastCore
import ForecastIO
import ForecastEvaluation
import ForecastNN
import ForecastModels
import ForecastPreprocessing
import ForecastReports
import ForecastTraining
import Foundation

/// Exit statuses of `forecast` (documented in the README).
enum ExitStatus {
    /// A run that failed for a reason other than its input (training diverged, say).
    static let failure: Int32 = 1
    /// Bad command-line usage: unknown option, bad option value (swift-argument-parser's EX_USAGE).
    static let usage: Int32 = 64
    /// The input file was read but its content is unusable (EX_DATAERR).
    static let dataError: Int32 = 65
    /// The input file cannot be opened (EX_NOINPUT).
    static let noInput: Int32 = 66
    /// An output file cannot be written (EX_CANTCREAT).
    static let cannotCreate: Int32 = 73
}

/// Turns any error that reaches the top of a command into one line on standard error and an exit status.
enum ErrorReporting {
    /// The exit status for errors of our own; `nil` for swift-argument-parser's (help, version, usage).
    static func status(for error: Error) -> Int32? {
        switch error {
        case let e as CSVError:
            if case .cannotOpen = e { return ExitStatus.noInput }
            return ExitStatus.dataError
        case let e as HDF5Error:
            if case .fileNotFound = e { return ExitStatus.noInput }
            return ExitStatus.dataError
        case is AtomicFileError:
            return ExitStatus.cannotCreate
        case is SeriesLoadError, is TimeSeriesError, is WindowingError, is ScalerError,
             is ForecastingError, is ModelError, is BacktestError, is BaselineError, is IntervalError, is HolidayFileError, is TransformError, is CalendarError, is FutureInputsError,
             is ModelFileError, is AutoError, is CollectionBacktestError:
            return ExitStatus.dataError
        case is ShardFileError, is ShardMergeError:
            return ExitStatus.dataError
        case is BacktestShardError:
            return ExitStatus.usage
        case is TrainingError:
            return ExitStatus.failure
        case let e as CommandError:
            return e.status
        default:
            return nil
        }
    }

    /// Prints `error: <description>` and exits; hands errors that are not ours to swift-argument-parser.
    /// Usage errors also become one line (the message and a pointer to `--help`); help and version
    /// requests print as swift-argument-parser prints them.
    static func exit(with error: Error, command: any ParsableCommand.Type) -> Never {
        if let status = status(for: error) {
            FileHandle.standardError.write(Data("error: \(String(describing: error))\n".utf8))
            Foundation.exit(status)
        }
        let code = command.exitCode(for: error)
        guard code != .success else { command.exit(withError: error) }
        var message = command.message(for: error)
        if message.hasSuffix(".") { message.removeLast() }   // swift-argument-parser ends some with a period
        FileHandle.standardError.write(Data("error: \(message); see --help\n".utf8))
        Foundation.exit(code.rawValue)
    }
}

/// An error raised by a command itself, with the exit status it should give.
struct CommandError: Error, CustomStringConvertible {
    var description: String
    var status: Int32 = ExitStatus.dataError

    init(_ description: String, status: Int32 = ExitStatus.dataError) {
        self.description = description
        self.status = status
    }
}

/// Warnings on standard error: things the user should know that do not stop the run.
enum Warnings {
    /// Prints `warning: <text>` unless `quiet`.
    static func print(_ text: String, quiet: Bool) {
        guard !quiet else { return }
        FileHandle.standardError.write(Data("warning: \(text)\n".utf8))
    }

    /// Networks and baselines step through rows, not through time: say so when the series has gaps
    /// that matter — more than 1 % of its grid missing, or one gap longer than a season. Market
    /// holidays (business-day gaps of one or two days) are not counted.
    static func gaps(in series: TimeSeries, file: String, quiet: Bool) {
        let frequency = series.inferFrequency()
        var gaps = series.gapReport(frequency: frequency).gaps
        if frequency == .businessDays { gaps.removeAll { $0.missing <= 2 } }
        let missing = gaps.reduce(0) { $0 + $1.missing }
        guard let largest = gaps.max(by: { $0.missing < $1.missing }) else { return }
        let season = frequency.seasonalPeriod ?? 1
        guard missing * 100 > series.count || largest.missing > season else { return }
        print("\(file): \(missing) timestamps are missing in \(gaps.count) gaps (largest: \(largest.missing) after "
              + "\(largest.after.shortDescription)); models treat consecutive rows as consecutive steps; narrow the "
              + "range with --from/--to, or insert and fill them with --fill-gaps --fill interpolate, if that matters",
              quiet: quiet)
    }
}
