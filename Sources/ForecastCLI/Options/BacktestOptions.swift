import ArgumentParser
import ForecastEvaluation

extension BaselineKind: ExpressibleByArgument {}

/// Which models are compared and how the forecast origins are laid out.
struct BacktestOptions: ParsableArguments {
    @Option(help: ArgumentHelp("""
        Models to compare, comma-separated: networks lstm, gru, rnn (built with the Model and Training \
        options) and baselines naive, seasonal-naive, drift, mean, moving-average. Default: the --cell \
        network, naive, seasonal-naive and drift.
        """, valueName: "m,m"))
    var models: String?

    @Option(help: ArgumentHelp("Forecast origins (folds); the last fold ends at the last observation.", valueName: "k"))
    var folds = 5

    @Option(help: ArgumentHelp("Rows between consecutive origins. Default: the horizon (folds do not overlap).", valueName: "rows"))
    var step: Int?

    @Option(help: ArgumentHelp("Train on the last N rows before each origin (sliding window). Default: all rows before it (expanding).",
                               valueName: "rows"))
    var trainWindow: Int?

    @Option(help: ArgumentHelp("Refit every k folds (1 = at every fold), or 'once' at the first fold only.", valueName: "k|once"))
    var refitEvery = "1"

    @Option(help: ArgumentHelp("Rows skipped between the end of training and the first forecast point.", valueName: "rows"))
    var gap = 0

    @Option(help: ArgumentHelp("Season length in rows, for seasonal naive and MASE. Default: from the frequency (24 hourly, 7 daily, 5 business days, 12 monthly).",
                               valueName: "rows"))
    var season: Int?

    @Option(help: ArgumentHelp("Values the moving-average baseline averages.", valueName: "k"))
    var window = 7

    func validate() throws {
        if folds < 1 { throw ValidationError("--folds \(folds): expected at least 1 fold") }
        if let step, step < 1 { throw ValidationError("--step \(step): expected at least 1 row") }
        if let trainWindow, trainWindow < 2 { throw ValidationError("--train-window \(trainWindow): expected at least 2 rows") }
        if gap < 0 { throw ValidationError("--gap \(gap): expected 0 or more rows") }
        if let season, season < 1 { throw ValidationError("--season \(season): expected at least 1 row") }
        if window < 1 { throw ValidationError("--window \(window): expected at least 1 value") }
        _ = try refitPolicy()
    }

    func refitPolicy() throws -> RefitPolicy {
        if refitEvery == "once" { return .once }
        guard let k = Int(refitEvery), k >= 1 else {
            throw ValidationError("--refit-every \(refitEvery): expected a whole number of folds (1 = every fold) or 'once'")
        }
        return k == 1 ? .everyFold : .every(folds: k)
    }

    /// Model names in the order given.
    func modelNames(defaultNetwork: String) -> [String] {
        guard let models else { return [defaultNetwork, "naive", "seasonal-naive", "drift"] }
        return models.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

import Foundation
