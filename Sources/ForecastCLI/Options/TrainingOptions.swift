import ArgumentParser
import ForecastTraining

/// How the network is trained: optimizer, epochs, early stopping, seed, threads. Options left out
/// take ``TrainingConfiguration``'s defaults; they are optional so that `predict --model` can refuse
/// them.
struct TrainingOptions: ParsableArguments {
    private static let defaults = TrainingConfiguration()

    @Option(help: ArgumentHelp("Maximum passes over the training windows. Default: \(defaults.epochs).", valueName: "n"))
    var epochs: Int?

    @Option(help: ArgumentHelp("Windows per mini-batch. Default: \(defaults.batchSize), as Keras.", valueName: "n"))
    var batchSize: Int?

    @Option(help: ArgumentHelp("Adam step size. Default: \(defaults.learningRate), as Keras.", valueName: "rate"))
    var learningRate: Float?

    @Option(help: ArgumentHelp("Global L2 norm the gradients are clipped to, as Keras' global_clipnorm, or 'none'. Default: \(ClipNorm(defaults.clipNorm).defaultValueDescription).",
                               valueName: "norm|none"),
            transform: ClipNorm.parse)
    var clipNorm: ClipNorm?

    @Option(help: ArgumentHelp("Epochs without a better validation loss before training stops; the best weights are restored. Default: \(defaults.patienceEpochs).",
                               valueName: "epochs"))
    var patience: Int?

    @Option(help: ArgumentHelp("L2 penalty on the kernels (Keras' kernel_regularizer=l2(λ)); 0 is off. Default: \(defaults.l2).", valueName: "λ"))
    var l2: Float?

    @Option(help: ArgumentHelp("Training loss. Default: \(defaults.loss.rawValue).", valueName: "mse|mae|huber"))
    var loss: LossFunction?

    @Option(help: ArgumentHelp("Seed of initialization and shuffling. Same seed and threads give the same model and numbers. Default: \(defaults.seed).",
                               valueName: "n"))
    var seed: UInt64?

    @Option(help: ArgumentHelp("""
        The order each epoch visits the training windows in: 'each-epoch' (a new random permutation every \
        epoch, as PyTorch's DataLoader), 'once' (one permutation, repeated every epoch: what Keras' \
        fit(shuffle=True) does after keras.utils.set_random_seed on TensorFlow) or 'none' (time order). \
        Default: each-epoch.
        """, valueName: "each-epoch|once|none"))
    var shuffle: ShuffleOrder?

    @Option(help: ArgumentHelp("Compute threads. 'auto': the cores this process may use, as Keras and PyTorch do by default (training takes at most one per 16 windows of a batch). Training splits each batch across them; backtest runs fits in parallel. The stamp records the number used.", valueName: "n|auto"))
    var threads: ThreadCount = .auto

    @Option(help: ArgumentHelp("GEMM library: 'auto' (oneDNN on AVX2/AVX-512 CPUs, where it is the faster, else OpenBLAS), 'openblas' or 'onednn'. Written into the stamp.", valueName: "auto|openblas|onednn"))
    var blas: GemmChoice = .auto

    /// Checks the options and makes `--blas` the process' GEMM backend (``GemmChoice/apply()``):
    /// validation runs when the command line is parsed, so every product a command computes, and the
    /// stamp it writes, use the library asked for, whichever path the command takes.
    func validate() throws {
        blas.apply()
        if let epochs, epochs < 1 { throw ValidationError("--epochs \(epochs): expected at least 1") }
        if let batchSize, batchSize < 1 { throw ValidationError("--batch-size \(batchSize): expected at least 1") }
        if let learningRate, !(learningRate > 0) || !learningRate.isFinite {
            throw ValidationError("--learning-rate \(learningRate): expected a positive number")
        }
        if let patience, patience < 1 { throw ValidationError("--patience \(patience): expected at least 1 epoch") }
        if let l2, l2 < 0 || !l2.isFinite { throw ValidationError("--l2 \(l2): expected 0 or a positive number") }
        try threads.validate()
    }

    /// The options that only matter when training, by flag, when given.
    var flagsGiven: [String] {
        [("--epochs", epochs != nil), ("--batch-size", batchSize != nil), ("--learning-rate", learningRate != nil),
         ("--clip-norm", clipNorm != nil), ("--patience", patience != nil), ("--l2", l2 != nil), ("--loss", loss != nil),
         ("--seed", seed != nil), ("--shuffle", shuffle != nil)].filter(\.1).map(\.0)
    }

    /// The library's training configuration: the options given over its defaults.
    func configuration() -> TrainingConfiguration {
        var c = TrainingConfiguration()
        if let epochs { c.epochs = epochs }
        if let batchSize { c.batchSize = batchSize }
        if let learningRate { c.learningRate = learningRate }
        if let clipNorm { c.clipNorm = clipNorm.value }
        if let patience { c.patienceEpochs = patience }
        if let l2 { c.l2 = l2 }
        if let loss { c.loss = loss }
        if let seed { c.seed = seed }
        if let shuffle { c.shuffle = shuffle }
        c.threads = threads.forTraining(batchSize: c.batchSize)
        return c
    }
}
