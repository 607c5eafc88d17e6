/// Where one fold of a backtest sits in the series, as 0-based row indices.
public struct FoldLayout: Sendable, Equatable, Codable {
    /// Fold number, 1…K, oldest first.
    public var fold: Int
    /// The fold's training part, ending at ``originRow``: the rows a model fitted at this fold is
    /// fitted on, and the in-sample rows of its MASE scale.
    public var trainingRows: Range<Int>
    /// The forecast origin o: the last row the model may see.
    public var originRow: Int
    /// The rows forecast, o + g + 1 …< o + g + h + 1.
    public var forecastRows: Range<Int>
    /// The fold (1-based) whose training rows fitted the model used here; equal to ``fold`` when
    /// this fold refits.
    public var fittedAtFold: Int
    /// The rows passed to `forecast(after:)`: the training rows of the fold that fitted the model,
    /// extended up to ``originRow`` (equal to ``trainingRows`` when this fold refits).
    public var historyRows: Range<Int>

    public init(fold: Int, trainingRows: Range<Int>, originRow: Int, forecastRows: Range<Int>,
                fittedAtFold: Int, historyRows: Range<Int>) {
        self.fold = fold
        self.trainingRows = trainingRows
        self.originRow = originRow
        self.forecastRows = forecastRows
        self.fittedAtFold = fittedAtFold
        self.historyRows = historyRows
    }

    /// Whether a model is fitted at this fold.
    public var refits: Bool { fittedAtFold == fold }
}
