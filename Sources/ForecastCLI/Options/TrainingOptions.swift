import ArgumentParser
import ForecastTraining

/// How the network is trained: optimizer, epochs, early stopping, seed, threads.
struct TrainingOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Maximum passes over the training windows.", valueName: "n"))
    var epochs = 100

    @Option(help: ArgumentHelp("Windows per mini-batch (Keras' default: 32).", valueName: "n"))
    var batchSize = 32

    @Option(help: ArgumentHelp("Adam step size (Keras' default: 0.001).", valueName: "rate"))
    var learningRate: Float = 1e-3

    @Option(help: ArgumentHelp("Global L2 norm the gradients are clipped to, as Keras' global_clipnorm, or 'none'.", valueName: "norm|none"))
    var clipNorm = "1.0"

    @Option(help: ArgumentHelp("Epochs without a better validation loss before training stops; the best weights are restored.", valueName: "epochs"))
    var patience = 10

    @Option(help: ArgumentHelp("L2 penalty on the kernels (Keras' kernel_regularizer=l2(λ)); 0 is off.", valueName: "λ"))
    var l2: Float = 0

    @Option(help: ArgumentHelp("Training loss.", valueName: "mse|mae|huber"))
    var loss: LossFunction = .mse

    @Option(help: ArgumentHelp("Seed of initialization and shuffling. Same seed and threads give the same model and numbers.", valueName: "n"))
    var seed: UInt64 = 42

    @Option(help: ArgumentHelp("Compute threads. 'auto': the cores this process may use, as Keras and PyTorch do by default (training takes at most one per 16 windows of a batch). Training splits each batch across them; backtest runs fits in parallel. The stamp records the number used.", valueName: "n|auto"))
    var threads: ThreadCount = .auto

    @Option(help: ArgumentHelp("GEMM library: 'auto' (oneDNN on AVX2/AVX-512 CPUs, where it is the faster, else OpenBLAS), 'openblas' or 'onednn'. Written into the stamp.", valueName: "auto|openblas|onednn"))
    var blas: GemmChoice = .auto

    func validate() throws {
        if epochs < 1 { throw ValidationError("--epochs \(epochs): expected at least 1") }
        if batchSize < 1 { throw ValidationError("--batch-size \(batchSize): expected at least 1") }
        if !(learningRate > 0) || !learningRate.isFinite { throw ValidationError("--learning-rate \(learningRate): expected a positive number") }
        _ = try parsedClipNorm()
        if patience < 1 { throw ValidationError("--patience \(patience): expected at least 1 epoch") }
        if l2 < 0 || !l2.isFinite { throw ValidationError("--l2 \(l2): expected 0 or a positive number") }
        try threads.validate()
    }

    func parsedClipNorm() throws -> Float? {
        if clipNorm.lowercased() == "none" { return nil }
        guard let v = Float(clipNorm), v > 0, v.isFinite else {
            throw ValidationError("--clip-norm \(clipNorm): expected a positive number, or 'none' to turn clipping off")
        }
        return v
    }

    /// The library's training configuration.
    /// Also makes `--blas` the process' GEMM backend (``GemmChoice/apply()``), so the stamp,
    /// written after this, records it.
    func configuration() throws -> TrainingConfiguration {
        blas.apply()
        var c = TrainingConfiguration()
        c.epochs = epochs
        c.batchSize = batchSize
        c.learningRate = learningRate
        c.clipNorm = try parsedClipNorm()
        c.patienceEpochs = patience
        c.l2 = l2
        c.loss = loss
        c.seed = seed
        c.threads = threads.forTraining(batchSize: batchSize)
        return c
    }
}
