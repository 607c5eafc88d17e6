import ArgumentParser
import ForecastNN
import ForecastPreprocessing
import ForecastTraining

extension CellKind: ExpressibleByArgument {}
extension LossFunction: ExpressibleByArgument {}
extension ScalerKind: ExpressibleByArgument {}
extension MissingValueFill: ExpressibleByArgument {}
extension WindowAnchor: ExpressibleByArgument {}

/// What network to build and what it sees: cell, layers, window, input columns.
struct ModelOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Column to forecast. Required, except with a --model that names it.", valueName: "column"))
    var target: String?

    @Option(help: ArgumentHelp("Other columns fed to the network at every step, comma-separated; each is scaled on the training part only. Default: none.",
                               valueName: "col,col"))
    var features: String?

    @Option(help: ArgumentHelp("Recurrent cell of every layer.", valueName: "lstm|gru|rnn"))
    var cell: CellKind = .lstm

    @Option(help: ArgumentHelp("Units per recurrent layer, first to last; the number of values is the depth.", valueName: "n,n"))
    var units: String = "64,64"

    @Option(help: ArgumentHelp("Steps ahead to forecast. Default: one season of the inferred frequency (24 hourly, 7 daily, 5 business-daily, 12 monthly).",
                               valueName: "steps"))
    var horizon: Int?

    @Option(help: ArgumentHelp("Input steps per window. Default: two seasons of the inferred frequency (48 hourly, 14 daily, 10 business-daily, 24 monthly).",
                               valueName: "steps"))
    var lookback: Int?

    @Flag(inversion: .prefixedNo, help: "GRU only: apply the reset gate after the recurrent matrix product (Keras' reset_after; PyTorch's GRU).")
    var resetAfter = true

    @Option(help: ArgumentHelp("Scaling of every input column and the target, fitted on the training part only.", valueName: "standard|minmax"))
    var scaler: ScalerKind = .standard

    @Option(help: ArgumentHelp("Fill missing input values instead of stopping at the first one.", valueName: "ffill|interpolate"))
    var fill: MissingValueFill?

    @Option(help: ArgumentHelp("""
        What the target's window values are measured from: 'none' (levels) or 'last' (changes from each \
        window's last value, added back to the forecast: lets a network follow prices to levels it never \
        saw in training).
        """, valueName: "none|last"))
    var anchor: WindowAnchor = .none

    @Option(help: ArgumentHelp("Fraction of rows at the end held out for validation and early stopping.", valueName: "fraction"))
    var validationFraction = 0.1

    func validate() throws {
        _ = try parsedUnits()
        if let horizon, horizon < 1 { throw ValidationError("--horizon \(horizon): the horizon must be at least 1 step") }
        if let lookback, lookback < 1 { throw ValidationError("--lookback \(lookback): the lookback must be at least 1 step") }
        if !(validationFraction > 0 && validationFraction < 1) {
            throw ValidationError("--validation-fraction \(validationFraction): expected a fraction above 0 and below 1")
        }
    }

    func parsedUnits() throws -> [Int] {
        let parts = units.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let values = parts.map { Int($0) }
        guard !parts.isEmpty, values.allSatisfy({ ($0 ?? 0) >= 1 }) else {
            throw ValidationError("--units \(units): expected positive whole numbers separated by commas, such as 64,64")
        }
        return values.map { $0! }
    }

    var featureList: [String] {
        (features ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Fills the model part of a forecaster configuration.
    func apply(to configuration: inout RNNForecasterConfiguration) throws {
        configuration.cell = cell
        configuration.units = try parsedUnits()
        configuration.gruResetAfter = resetAfter
        configuration.lookback = lookback
        configuration.features = featureList
        configuration.scaler = scaler
        configuration.fill = fill
        configuration.validationFraction = validationFraction
        configuration.anchor = anchor == .none ? nil : anchor
    }
}

import Foundation
