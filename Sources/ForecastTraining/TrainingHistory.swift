// What a training run reports: per epoch, and as a whole.

/// Progress after one epoch, passed to the trainer's callback.
public struct EpochReport: Sendable, Equatable {
    /// Epoch just finished, 1-based.
    public var epoch: Int
    /// Epochs configured.
    public var epochs: Int
    /// Mean training loss over the epoch's windows (each batch's loss weighted by its size, plus
    /// the L2 penalty), as Keras' `loss`.
    public var trainingLoss: Double
    /// Loss on the validation windows after the epoch (plus the L2 penalty, as Keras' `val_loss`);
    /// `nil` without validation windows.
    public var validationLoss: Double?
    /// Seconds since training started.
    public var elapsedSeconds: Double
}

/// The losses of every epoch and how training ended.
public struct TrainingHistory: Sendable, Equatable, Codable {
    /// Training loss per epoch run.
    public var trainingLosses: [Double] = []
    /// Validation loss per epoch run (empty without validation windows).
    public var validationLosses: [Double] = []
    /// Epoch (1-based) with the lowest monitored loss (validation if given, else training).
    public var bestEpoch = 0
    /// Whether early stopping ended training before the configured epochs.
    public var stoppedEarly = false
    /// Whether the best epoch's weights were restored at the end.
    public var restoredBestWeights = false

    /// Epochs actually run.
    public var epochsRun: Int { trainingLosses.count }

    /// An empty history (no epoch run), as for a model imported rather than trained.
    public init() {}
}
