// How a model is trained, as one value that is validated, logged and written beside results.

/// Everything that controls a training run. Defaults follow Keras where Keras has one.
public struct TrainingConfiguration: Sendable, Equatable, Codable {
    /// Passes over the training windows. Default: 100.
    public var epochs = 100
    /// Windows per mini-batch (the last batch of an epoch may be smaller). Default: 32, as in Keras.
    public var batchSize = 32
    /// Adam step size. Default: `1e-3`, as in Keras.
    public var learningRate: Float = 1e-3
    /// Global L2 norm gradients are clipped to (Keras' `global_clipnorm`); `nil` never clips.
    /// Default: `1.0` (Keras never clips by default; exploding gradients are the commonest way a
    /// plain RNN fails).
    public var clipNorm: Float? = 1.0
    /// Epochs without a lower validation loss before training stops. Default: 10 (Keras'
    /// `EarlyStopping` uses 0, which stops on the first noisy epoch).
    public var patienceEpochs = 10
    /// Whether the weights of the epoch with the lowest validation loss are put back at the end.
    /// Default: `true`. Unlike Keras' `restore_best_weights`, this also applies when training runs
    /// all its epochs without stopping early.
    public var restoreBestWeights = true
    /// L2 penalty `λ`: adds `λ · Σ w²` over every kernel — each recurrent layer's input kernel and
    /// recurrent kernel and the Dense head's kernel, never a bias — to the loss (Keras
    /// `kernel_regularizer=l2(λ)` plus `recurrent_regularizer=l2(λ)`). Default: 0 (off).
    public var l2: Float = 0
    /// The loss minimized and reported. Default: ``LossFunction/mse``.
    public var loss: LossFunction = .mse
    /// Seed for initialization and shuffling. Same seed + same thread count = bit-identical model.
    public var seed: UInt64 = 42
    /// The order each epoch visits the training windows in. Default: ``ShuffleOrder/eachEpoch``
    /// (`nil`, in configurations saved before it was recorded, means the same).
    public var shuffle: ShuffleOrder? = .eachEpoch
    /// Threads: each batch is split into this many contiguous parts, trained in parallel with their
    /// gradients summed in a fixed order (see ``Trainer``). Default: 1. (The CLI's `--threads auto`
    /// passes the available cores.)
    public var threads = 1

    public init() {}

    /// Throws ``TrainingError/invalidConfiguration(field:value:expected:)`` naming the first field out of range.
    public func validate() throws(TrainingError) {
        if epochs < 1 { throw .invalidConfiguration(field: "epochs", value: "\(epochs)", expected: "at least 1") }
        if batchSize < 1 { throw .invalidConfiguration(field: "batchSize", value: "\(batchSize)", expected: "at least 1") }
        if !(learningRate > 0 && learningRate.isFinite) {
            throw .invalidConfiguration(field: "learningRate", value: "\(learningRate)", expected: "a finite number above 0")
        }
        if let clipNorm, !(clipNorm > 0 && clipNorm.isFinite) {
            throw .invalidConfiguration(field: "clipNorm", value: "\(clipNorm)", expected: "a finite number above 0, or none")
        }
        if patienceEpochs < 0 { throw .invalidConfiguration(field: "patienceEpochs", value: "\(patienceEpochs)", expected: "0 or more") }
        if !(l2 >= 0 && l2.isFinite) { throw .invalidConfiguration(field: "l2", value: "\(l2)", expected: "a finite number, 0 or more") }
        if threads < 1 { throw .invalidConfiguration(field: "threads", value: "\(threads)", expected: "at least 1") }
    }
}
