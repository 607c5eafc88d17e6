import ForecastCore
import ForecastPreprocessing

/// One series made ready to train a network on: its inputs prepared (``RNNForecasterConfiguration/networkSeries(_:target:horizon:frequency:knownFuture:)``),
/// split in time, scaled on its training rows only, and cut into training and validation windows.
///
/// What ``RNNForecaster`` trains one network on, and what ``GlobalRNNForecaster`` concatenates over
/// many series (each scaled on its own training rows).
public struct NetworkTrainingData: Sendable {
    /// The configuration with what was estimated on this series filled in: the transform's λ,
    /// ``RNNForecasterConfiguration/nonNegative`` and the anchor's season.
    public var configuration: RNNForecasterConfiguration
    /// Lookback, horizon, input columns (target first).
    public var spec: WindowSpec
    /// One per input column, target first (with ``WindowAnchor/last``, the scaler of its changes).
    public var scalers: [Scaler]
    /// Rows trained on and rows validated on, of the prepared series.
    public var split: ChronologicalSplit
    /// Scaled windows whose targets lie in the training rows.
    public var trainingWindows: Windows
    /// Scaled windows whose targets lie in the validation rows.
    public var validationWindows: Windows
    /// Per validation window and step (`[windows, horizon]`), the value a forecast of changes is
    /// added to (0 without an anchor).
    public var validationAnchors: [Double]
    /// Every prepared row scaled, `[rows, features]` row-major: what the training windows are cut
    /// from, except with ``WindowAnchor/last`` (whose windows measure the target from their own last
    /// value). Empty unless asked for (`keepingScaledRows`: a global network's windows are views of it).
    public var scaledRows: [Float]

    /// Prepares `history` for a network of `configuration` forecasting `target` `horizon` steps ahead.
    ///
    /// The training rows are the first `1 - validationFraction` of the prepared rows (the rest, at
    /// least `horizon` rows when validating, are validation rows); every scaler is fitted on the
    /// training rows only.
    /// - Throws: ``ForecastingError`` (the target listed as a feature, a constant target, no season
    ///   for the anchor), ``WindowingError/tooShort(column:rows:lookback:horizon:)``, or the errors
    ///   of preparing the inputs.
    /// - Parameter keepingScaledRows: also keep ``scaledRows``. Default: false.
    public init(_ history: TimeSeries, target: String, horizon: Int, configuration: RNNForecasterConfiguration,
                keepingScaledRows: Bool = false) throws {
        var config = configuration
        if config.features.contains(target) { throw ForecastingError.targetAlsoFeature(column: target) }
        if let twice = (config.futureFeatures ?? []).first(where: { $0 == target || config.features.contains($0) }) {
            throw FutureInputsError.listedTwice(column: twice)
        }
        let frequency = history.inferFrequency()
        // Parameters estimated on the history's first rows (the training part, at most): the
        // transform's (Box-Cox λ) and whether forecasts stay non-negative.
        let raw = try history.filling([target], with: config.fill ?? .forward).column(named: target).values
        let early = Array(raw.prefix(max(1, Int(Double(raw.count) * (1 - config.validationFraction)))))
        config.transform = config.transform?.resolved(on: early)
        config.nonNegative = early.allSatisfy { $0.isNaN || $0 >= 0 }
        let series = try config.networkSeries(history, target: target, horizon: horizon, frequency: frequency)
        let inputNames = series.columnNames
        let lookback = try config.effectiveLookback(for: frequency)
        let spec = WindowSpec(lookback: lookback, horizon: horizon, inputColumns: inputNames, targetColumn: target)
        try spec.validate()
        if config.anchor == .season {
            let candidates = config.seasons ?? [config.season ?? frequency.seasonalPeriod].compactMap { $0 }
            guard !candidates.isEmpty else { throw ForecastingError.seasonUnknown(frequency: frequency.description) }
            // The longest season whose values one season back are inside every window.
            guard let m = candidates.filter({ $0 >= horizon && $0 <= lookback }).max() else {
                throw ForecastingError.seasonOutOfWindow(seasons: candidates, horizon: horizon, lookback: lookback)
            }
            config.season = m
        }

        // Rows: training first, the last validationFraction for validation (at least one window's
        // worth of targets when validating at all).
        let rows = series.count
        let validationRows = config.validationFraction > 0 ? max(horizon, Int(Double(rows) * config.validationFraction)) : 0
        let trainingRows = rows - validationRows
        guard trainingRows >= lookback + horizon else {
            throw WindowingError.tooShort(column: target, rows: rows, lookback: lookback, horizon: horizon)
        }
        let split = ChronologicalSplit(training: 0..<trainingRows, validation: trainingRows..<rows, test: rows..<rows)

        // Scalers see the training rows only. The series code's 0/1 columns are fed as they are.
        let codeColumns = Set(config.seriesCode?.columnNames ?? [])
        var scalers: [Scaler] = []
        for name in inputNames {
            if codeColumns.contains(name) { scalers.append(Scaler(kind: config.scaler, offset: 0, scale: 1)); continue }
            let values = try series.column(named: name).values
            // Missing values are skipped: a known-future input's last `horizon` rows, unknown when
            // fitting (and never read by a window).
            scalers.append(try Scaler.fit(config.scaler, on: values[split.training]))
        }
        let targetTraining = try series.column(named: target).values[split.training]
        if let first = targetTraining.first, targetTraining.allSatisfy({ $0 == first }) {
            throw ForecastingError.constantTarget(column: target, value: first)
        }
        let scaled = try zip(inputNames, scalers).map { name, scaler in scaler.transform(try series.column(named: name).values) }
        var scaledRows = [Float](repeating: 0, count: keepingScaledRows ? rows * scaled.count : 0)
        if keepingScaledRows {
            for (f, column) in scaled.enumerated() {
                for r in 0..<rows { scaledRows[r * scaled.count + f] = Float(column[r]) }
            }
        }
        var trainingWindows = spec.windows(inputs: scaled, target: scaled[0], targetRows: split.training)
        var validationWindows = spec.windows(inputs: scaled, target: scaled[0], targetRows: split.validation)
        var validationAnchors = [Double](repeating: 0, count: validationWindows.count * horizon)
        if config.anchor == .last {
            // The target becomes changes from each window's last value; its scaler is refitted on the
            // training windows' target changes (training rows only, as before).
            let raw = try series.column(named: target).values
            let training = trainingWindows.changesFromLastInput(of: raw)
            let validation = validationWindows.changesFromLastInput(of: raw)
            scalers[0] = try Scaler.fit(config.scaler, on: training.targets)
            trainingWindows.replaceTargetColumn(inputs: training.inputs, targets: training.targets, scaler: scalers[0])
            validationWindows.replaceTargetColumn(inputs: validation.inputs, targets: validation.targets, scaler: scalers[0])
            validationAnchors = validation.anchors.flatMap { Array(repeating: $0, count: horizon) }
        } else if config.anchor == .season, let m = config.season {
            // Targets become changes from the value one season earlier; the inputs keep their levels,
            // and both go through the target's level scaler (an affine map, inverted exactly).
            let raw = try series.column(named: target).values
            let training = trainingWindows.changesFromSeasonEarlier(of: raw, season: m)
            let validation = validationWindows.changesFromSeasonEarlier(of: raw, season: m)
            trainingWindows.replaceTargets(training.targets, scaler: scalers[0])
            validationWindows.replaceTargets(validation.targets, scaler: scalers[0])
            validationAnchors = validation.anchors
        }
        self.configuration = config
        self.spec = spec
        self.scalers = scalers
        self.split = split
        self.trainingWindows = trainingWindows
        self.validationWindows = validationWindows
        self.validationAnchors = validationAnchors
        self.scaledRows = scaledRows
    }
}
