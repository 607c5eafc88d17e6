import ForecastCore

/// Everything a backtest produced: each forecast point, the folds, metrics per fold, per horizon
/// step and overall, and the warnings a caller should print.
///
/// A value type, `Codable`, so the CLI can write it as JSON (set a `nonConformingFloatEncodingStrategy`:
/// a metric with nothing to average is NaN, a MASE whose scale is 0 is +∞) or flatten it to CSV/HDF5.
/// Arrays are in a fixed order: models in the order given, folds oldest first, steps 1…h, whatever
/// the thread count.
public struct BacktestResult: Sendable, Equatable, Codable {
    /// The configuration that produced these results.
    public var configuration: BacktestConfiguration
    /// The column forecast.
    public var target: String
    /// The season length MASE was scaled with (given, or inferred from the frequency).
    public var season: Int
    /// Model names, in the order given.
    public var models: [String]
    /// The folds, oldest first.
    public var folds: [BacktestFold]
    /// Every forecast point: model by model, fold by fold, step by step (`models.count × folds × horizon`).
    public var points: [ForecastPoint]
    /// Metrics of each (model, fold): model by model, fold by fold.
    public var foldMetrics: [FoldMetrics]
    /// Metrics of each (model, step ahead) over all folds: model by model, step 1…h.
    public var stepMetrics: [StepMetrics]
    /// Metrics of each model over all its points, with the best model per metric.
    public var leaderboard: Leaderboard
    /// Human-readable warnings, e.g. actuals of zero left out of MAPE.
    public var warnings: [String]
    /// Prediction-interval levels in percent, ascending; empty when no model gave intervals.
    public var levels: [Int]
    /// Coverage, width, Winkler score and MSIS per model, level and step (and over all steps).
    public var intervalMetrics: [IntervalMetrics]
    /// Calibration windows per model, summed over the refitting folds: the fits that calibrating each
    /// fold on its own would take. 0 without intervals.
    public var calibrationWindows = 0
    /// Fits per model that the calibration took: the distinct windows that no refitting fold already
    /// fits (the others reuse a fold's forecast or a window shared with another fold's calibration).
    public var calibrationFits = 0
    /// For the models that choose their model in each fold (`auto`), in model order, the model each
    /// fold forecast with (a fold that does not refit, the refitting fold's); `nil` when none does.
    public var choices: [ModelChoices]?

    public init(configuration: BacktestConfiguration, target: String, season: Int, models: [String],
                folds: [BacktestFold], points: [ForecastPoint], foldMetrics: [FoldMetrics],
                stepMetrics: [StepMetrics], leaderboard: Leaderboard, warnings: [String], levels: [Int] = [],
                intervalMetrics: [IntervalMetrics] = []) {
        self.levels = levels
        self.intervalMetrics = intervalMetrics
        self.configuration = configuration
        self.target = target
        self.season = season
        self.models = models
        self.folds = folds
        self.points = points
        self.foldMetrics = foldMetrics
        self.stepMetrics = stepMetrics
        self.leaderboard = leaderboard
        self.warnings = warnings
    }

    /// The points of one model, fold by fold, step by step.
    public func points(of model: String) -> [ForecastPoint] {
        points.filter { $0.model == model }
    }

    /// For each choosing model, the model it forecast with, by fold number (``FoldLayout/fold``); empty
    /// without `auto`.
    public var choicesByFold: [String: [Int: String]] {
        var byModel: [String: [Int: String]] = [:]
        for choice in choices ?? [] {
            byModel[choice.model] = Dictionary(zip(folds.map(\.layout.fold), choice.folds), uniquingKeysWith: { a, _ in a })
        }
        return byModel
    }
}

/// The model a choosing model (`auto`) forecast with in each fold of a backtest.
public struct ModelChoices: Sendable, Equatable, Codable {
    /// The choosing model's name.
    public var model: String
    /// Fold by fold, oldest first: the chosen model's name.
    public var folds: [String]

    public init(model: String, folds: [String]) {
        self.model = model
        self.folds = folds
    }
}

/// One fold of a backtest: its row layout, its timestamps and its MASE scale.
public struct BacktestFold: Sendable, Equatable, Codable {
    /// Rows of the fold (training, origin, forecast, history given to the model).
    public var layout: FoldLayout
    /// Timestamp of the origin row, the last row the models see (neuralforecast's `cutoff`).
    public var origin: Timestamp
    /// Timestamp of the first forecast row.
    public var firstTarget: Timestamp
    /// Timestamp of the last forecast row.
    public var lastTarget: Timestamp
    /// In-sample seasonal-naive MAE of the training part, the denominator of this fold's MASE;
    /// NaN when the training part has no pair of values one season apart (missing pairs are left out).
    public var maseScale: Double

    public init(layout: FoldLayout, origin: Timestamp, firstTarget: Timestamp, lastTarget: Timestamp,
                maseScale: Double) {
        self.layout = layout
        self.origin = origin
        self.firstTarget = firstTarget
        self.lastTarget = lastTarget
        self.maseScale = maseScale
    }

    public static func == (lhs: BacktestFold, rhs: BacktestFold) -> Bool {
        lhs.layout == rhs.layout && lhs.origin == rhs.origin && lhs.firstTarget == rhs.firstTarget
            && lhs.lastTarget == rhs.lastTarget && sameValue(lhs.maseScale, rhs.maseScale)
    }
}

/// One forecast value and what it was compared with.
public struct ForecastPoint: Sendable, Equatable, Codable {
    /// Name of the model that made it.
    public var model: String
    /// Fold number, 1…K, oldest first.
    public var fold: Int
    /// Timestamp of the fold's origin, the last row the model saw.
    public var origin: Timestamp
    /// Timestamp of the forecast row.
    public var target: Timestamp
    /// Steps after the end of the gap: 1…h (the row is origin + gap + step).
    public var step: Int
    /// Observed value; NaN when missing.
    public var actual: Double
    /// Forecast value, in the target's units.
    public var prediction: Double
    /// Lower and upper interval bounds, one per level of ``BacktestResult/levels``; empty without
    /// intervals (NaN for a model without them in a backtest of several).
    public var lower: [Double]
    public var upper: [Double]
    /// The fold's MASE scale (in-sample seasonal-naive MAE), which also scales MSIS.
    public var scale: Double

    public init(model: String, fold: Int, origin: Timestamp, target: Timestamp, step: Int,
                actual: Double, prediction: Double, lower: [Double] = [], upper: [Double] = [], scale: Double = .nan) {
        self.lower = lower
        self.upper = upper
        self.scale = scale
        self.model = model
        self.fold = fold
        self.origin = origin
        self.target = target
        self.step = step
        self.actual = actual
        self.prediction = prediction
    }

    /// Field-by-field equality in which two NaNs (missing actuals) are equal.
    public static func == (lhs: ForecastPoint, rhs: ForecastPoint) -> Bool {
        lhs.model == rhs.model && lhs.fold == rhs.fold && lhs.origin == rhs.origin && lhs.target == rhs.target
            && lhs.step == rhs.step && sameValue(lhs.actual, rhs.actual)
            && sameValue(lhs.prediction, rhs.prediction)
            && lhs.lower.count == rhs.lower.count && zip(lhs.lower, rhs.lower).allSatisfy(sameValue)
            && lhs.upper.count == rhs.upper.count && zip(lhs.upper, rhs.upper).allSatisfy(sameValue)
    }
}

/// Metrics of one model on one fold.
public struct FoldMetrics: Sendable, Equatable, Codable {
    public var model: String
    /// Fold number, 1…K.
    public var fold: Int
    /// Timestamp of the fold's origin.
    public var origin: Timestamp
    public var metrics: MetricValues

    public init(model: String, fold: Int, origin: Timestamp, metrics: MetricValues) {
        self.model = model
        self.fold = fold
        self.origin = origin
        self.metrics = metrics
    }
}

/// Metrics of one model at one step ahead, over every fold.
public struct StepMetrics: Sendable, Equatable, Codable {
    public var model: String
    /// Steps ahead, 1…h (after the gap).
    public var step: Int
    public var metrics: MetricValues

    public init(model: String, step: Int, metrics: MetricValues) {
        self.model = model
        self.step = step
        self.metrics = metrics
    }
}

/// Equality of doubles in which two NaNs are equal.
func sameValue(_ a: Double, _ b: Double) -> Bool { a == b || (a.isNaN && b.isNaN) }
