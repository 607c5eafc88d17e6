// The one forecast path of a trained network: window, scale, predict, inverse-scale.
import ForecastCore
import ForecastNN
import ForecastPreprocessing

extension Network {
    /// Forecasts the `spec.horizon` steps after the last row of `history`, from its last
    /// `spec.lookback` rows: filled with `fill`, measured from the last target value with
    /// ``WindowAnchor/last``, scaled with `scalers` (one per input column, target first), predicted,
    /// and inverse-scaled with the target's scaler (plus the anchor value), dated on the history's grid
    /// and named after the network's cell (`keras` for other layer stacks).
    ///
    /// What ``FittedRNN/forecast(after:)`` and a saved model's forecast both run.
    /// - Throws: ``WindowingError`` when the series is shorter than the lookback or a value is
    ///   missing (and no fill is set); ``ModelError`` when the spec does not fit the network.
    public func forecast(after history: TimeSeries, spec: WindowSpec, scalers: [Scaler], fill: MissingValueFill?,
                         anchor: WindowAnchor) throws -> Forecast {
        let (input, offset) = try spec.scaledLastInput(from: history, scalers: scalers, fill: fill, anchor: anchor)
        let output = try predict(input, count: 1, time: spec.lookback)
        return Forecast(model: architecture?.cell.rawValue ?? "keras", target: spec.targetColumn, after: history,
                        values: output.map { scalers[0].inverseTransform(Double($0)) + offset })
    }
}
