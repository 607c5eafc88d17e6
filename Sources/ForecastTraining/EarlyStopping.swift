// Early stopping on a monitored loss with patience, as Keras' EarlyStopping (min_delta 0).

/// Tracks the best loss seen and decides when to stop: an epoch improves when its loss is strictly
/// lower than the best so far; training stops once `patienceEpochs` epochs in a row have not improved.
public struct EarlyStopping: Sendable, Equatable {
    /// Epochs without improvement that are tolerated.
    public let patienceEpochs: Int
    /// Lowest loss so far (`.infinity` before the first epoch).
    public private(set) var bestLoss = Double.infinity
    /// Epoch (1-based) of ``bestLoss``; 0 before the first epoch.
    public private(set) var bestEpoch = 0
    /// Epochs since the last improvement.
    public private(set) var epochsWithoutImprovement = 0

    public init(patienceEpochs: Int) {
        self.patienceEpochs = patienceEpochs
    }

    /// Records the loss of `epoch`.
    /// - Returns: whether it improved on the best, and whether training should stop now.
    public mutating func record(loss: Double, epoch: Int) -> (improved: Bool, shouldStop: Bool) {
        if loss < bestLoss {
            bestLoss = loss
            bestEpoch = epoch
            epochsWithoutImprovement = 0
            return (true, false)
        }
        epochsWithoutImprovement += 1
        return (false, epochsWithoutImprovement >= patienceEpochs)
    }
}
