/// Models × metrics over every point of a backtest, with the best model of each metric.
///
/// MASE is scaled, fold by fold, by the in-sample MAE of the seasonal-naive forecast on that fold's
/// training part, so a MASE below 1 beats seasonal naive's in-sample error. "Best" is the smallest
/// value, except for the mean error, where it is the smallest |mean error| (least biased). Ties are
/// all best; NaN is never best.
public struct Leaderboard: Sendable, Equatable, Codable {
    /// One row per model, in the order the models were given.
    public var rows: [Row]

    /// One model's overall metrics.
    public struct Row: Sendable, Equatable, Codable {
        public var model: String
        public var metrics: MetricValues
        /// The metrics in which this model is best (or tied for best), in ``Metric`` order.
        public var bestIn: [Metric]
        /// With prediction intervals: coverage, width, Winkler score and MSIS at each level over all
        /// steps (``IntervalMetrics`` with `step` nil), levels ascending; empty without intervals.
        public var intervals: [IntervalMetrics]

        public init(model: String, metrics: MetricValues, bestIn: [Metric], intervals: [IntervalMetrics] = []) {
            self.model = model
            self.metrics = metrics
            self.bestIn = bestIn
            self.intervals = intervals
        }
    }

    /// Ranks `metrics`, one per model, and marks the best in each column; each row gets the
    /// entries of `intervals` that are its model's over all steps.
    public init(models: [(model: String, metrics: MetricValues)], intervals: [IntervalMetrics] = []) {
        var best: [Metric: Double] = [:]
        for metric in Metric.allCases {
            let keys = models.map { metric.rankingKey(metric.value(in: $0.metrics)) }.filter { !$0.isNaN }
            best[metric] = keys.min()
        }
        rows = models.map { entry in
            Row(model: entry.model, metrics: entry.metrics,
                bestIn: Metric.allCases.filter { metric in
                    metric.rankingKey(metric.value(in: entry.metrics)) == best[metric]
                },
                intervals: intervals.filter { $0.model == entry.model && $0.step == nil })
        }
    }

    /// The models best (or tied for best) in `metric`; empty when every value is NaN.
    public func best(in metric: Metric) -> [String] {
        rows.filter { $0.bestIn.contains(metric) }.map(\.model)
    }
}
