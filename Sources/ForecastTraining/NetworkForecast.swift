// The one forecast path of a trained network: prepare the inputs, window, scale, predict, undo.
import ForecastCore
import ForecastNN
import ForecastPreprocessing

extension RNNForecasterConfiguration {
    /// The series a network of this configuration reads, from `history`: the target,
    /// ``features`` and ``futureFeatures`` (filled with ``fill``; a missing value is an error), the
    /// target replaced by its ``transform`` (the first rows without a transformed value dropped),
    /// the future features shifted by `horizon` (``FutureInputs``, their last `horizon` values from
    /// `knownFuture`), then the ``calendar`` columns (``CalendarInputs``, shifted by `horizon`), then
    /// a global model's ``seriesCode`` columns.
    /// Its columns are the network's inputs, target first.
    ///
    /// - Parameter knownFuture: the future features' values in the `horizon` rows after `history`
    ///   (row k is step k + 1); `nil` when fitting (those values are then missing, and unread).
    /// - Throws: the missing value, a target value outside the transform's domain, a missing
    ///   known-future value, or a calendar on an irregular series.
    public func networkSeries(_ history: TimeSeries, target: String, horizon: Int, frequency: Frequency,
                              knownFuture: TimeSeries? = nil) throws -> TimeSeries {
        let future = futureFeatures ?? []
        let names = [target] + features + future
        var series = try history.selecting(columns: names)
        if let fill { series = series.filling(names, with: fill) }
        try series.requireNoMissingValues(in: names)
        if let transform {
            let values = series.columns[0].values
            try transform.validate(values, column: target)
            series.columns[0] = Column(name: target, values: transform.forward(values))
            if transform.lag > 0 { series = series.rows(min(transform.lag, series.count)..<series.count) }
        }
        if !future.isEmpty {
            series = try FutureInputs(columns: future, shift: horizon)
                .replacing(in: series, knownFuture: knownFuture, target: target, frequency: frequency)
        }
        if let calendar, !calendar.isEmpty {
            series = try CalendarInputs(features: calendar, holidays: holidays ?? .unitedStatesFederal, shift: horizon)
                .adding(to: series, frequency: frequency)
        }
        if let seriesCode { series = seriesCode.adding(to: series) }
        return series
    }
}

extension Network {
    /// Forecasts the `spec.horizon` steps after the last row of `history`, from its last
    /// `spec.lookback` rows: prepared as `configuration` says (``RNNForecasterConfiguration/networkSeries(_:target:horizon:frequency:)``;
    /// a network imported from Keras has none, and reads the columns as they are, filled with `fill`),
    /// measured from the last target value with ``WindowAnchor/last``, scaled with `scalers` (one per
    /// input column, target first), predicted, inverse-scaled with the target's scaler (plus the
    /// anchor value), the transform undone and, for a non-negative target, clipped at 0; dated on
    /// the history's grid and named after the network's cell (`keras` for other layer stacks).
    ///
    /// Known-future inputs (``RNNForecasterConfiguration/futureFeatures``) take their values for
    /// the steps forecast from `knownFuture` (row k is step k + 1), which must hold them.
    ///
    /// What ``FittedRNN/forecast(after:)`` and a saved model's forecast both run.
    /// - Throws: ``WindowingError`` when the series is shorter than the lookback or a value is
    ///   missing (and no fill is set); ``ModelError`` when the spec does not fit the network.
    public func forecast(after history: TimeSeries, spec: WindowSpec, scalers: [Scaler], fill: MissingValueFill?,
                         configuration: RNNForecasterConfiguration?, knownFuture: TimeSeries? = nil) throws -> Forecast {
        let target = spec.targetColumn
        let frequency = history.inferFrequency()
        var prepared = history
        var inputFill = fill
        if var configuration {
            configuration.fill = fill
            // Forecasting: the known future is required (an empty one names step 1 as missing).
            let future = knownFuture ?? TimeSeries(timestamps: [], columns: (configuration.futureFeatures ?? []).map {
                Column(name: $0, values: [])
            })
            prepared = try configuration.networkSeries(history, target: target, horizon: spec.horizon,
                                                       frequency: frequency, knownFuture: future)
            inputFill = nil
        }
        let anchor = configuration?.anchor ?? .none
        let (input, offsets) = try spec.scaledLastInput(from: prepared, scalers: scalers, fill: inputFill, anchor: anchor,
                                                        season: configuration?.season)
        let output = try predict(input, count: 1, time: spec.lookback)
        var values = output.indices.map { scalers[0].inverseTransform(Double(output[$0])) + offsets[$0] }
        if let transform = configuration?.transform {
            let raw = try history.selecting(columns: [target]).filling([target], with: fill ?? .forward).columns[0].values
            values = transform.inverse(values, after: raw)
        }
        if configuration?.nonNegative == true { values = values.map { max(0, $0) } }
        return Forecast(model: architecture?.cell.rawValue ?? "keras", target: target, after: history, values: values,
                        frequency: frequency)
    }
}
