import Foundation
import ForecastCore
import ForecastKernels
import ForecastNN
@testable import ForecastTraining
import Testing
import _ForecastTestSupport

@Suite struct TrainerTests {
    /// Windows of a noiseless sine with period 16 steps: `time` inputs, `horizon` targets.
    static func sineWindows(count: Int, offset: Int, time: Int = 12, horizon: Int = 3) throws -> TrainingWindows {
        func value(_ i: Int) -> Float { Float(sin(2 * Double.pi * Double(i) / 16)) }
        var inputs: [Float] = [], targets: [Float] = []
        for w in 0..<count {
            let s = offset + w
            inputs += (0..<time).map { value(s + $0) }
            targets += (0..<horizon).map { value(s + time + $0) }
        }
        return try TrainingWindows(inputs: inputs, targets: targets, count: count, time: time, features: 1, horizon: horizon)
    }

    static func smallConfiguration(epochs: Int) -> TrainingConfiguration {
        var c = TrainingConfiguration()
        c.epochs = epochs
        c.batchSize = 16
        c.learningRate = 0.01
        c.seed = 7
        return c
    }

    @Test func trainingOnANoiselessSineDrivesValidationErrorDown() throws {
        let training = try Self.sineWindows(count: 128, offset: 0), validation = try Self.sineWindows(count: 32, offset: 200)
        var reports: [EpochReport] = []
        let result = try Trainer(configuration: Self.smallConfiguration(epochs: 40)).train(
            architecture: ModelArchitecture(cell: .lstm, hiddenSizes: [8], features: 1, horizon: 3),
            training: training, validation: validation) { reports.append($0) }
        let mse = Trainer().evaluate(result.network, on: validation)
        // The sine's variance is 0.5; an MSE below 1e-3 means the model explains 99.8% of it
        // (the first epoch ends near 0.4; this seed reaches about 3e-5).
        #expect(mse < 1e-3)
        #expect(reports.count == result.history.epochsRun)
        #expect(reports.first!.epoch == 1 && reports.allSatisfy { $0.epochs == 40 && $0.validationLoss != nil })
        #expect(zip(reports, reports.dropFirst()).allSatisfy { $0.elapsedSeconds <= $1.elapsedSeconds })
        #expect(reports.first!.validationLoss! > 0.05)
    }

    @Test(arguments: [CellKind.simpleRNN, .gru, .lstm], GemmBackend.allCases)
    func sameSeedAndThreadsGiveBitIdenticalWeights(cell: CellKind, backend: GemmBackend) throws {
        try GemmBackend.with(backend) { try bitIdentical(cell: cell) }
    }

    func bitIdentical(cell: CellKind) throws {
        let training = try Self.sineWindows(count: 40, offset: 0), validation = try Self.sineWindows(count: 8, offset: 100)
        let architecture = ModelArchitecture(cell: cell, hiddenSizes: [5, 3], features: 1, horizon: 3)
        var config = Self.smallConfiguration(epochs: 3)
        config.l2 = 1e-3
        let a = try Trainer(configuration: config).train(architecture: architecture, training: training, validation: validation)
        let b = try Trainer(configuration: config).train(architecture: architecture, training: training, validation: validation)
        #expect(a.network.parameters == b.network.parameters)
        #expect(a.history == b.history)
        config.seed += 1
        let c = try Trainer(configuration: config).train(architecture: architecture, training: training, validation: validation)
        #expect(c.network.parameters != a.network.parameters)
    }

    /// Two threads split every batch in two and sum the halves' gradients: bit-identical from run to
    /// run, and within Float32 rounding of one thread. After 3 epochs (30 Adam steps) the weights of
    /// the two agree to 1e-4 relative at a floor of 1% of the largest weight; a wrong split (a lost
    /// or doubled half) moves them by far more.
    @Test(arguments: [CellKind.lstm, .simpleRNN], GemmBackend.allCases)
    func twoThreadsAreReproducibleAndAgreeWithOneThread(cell: CellKind, backend: GemmBackend) throws {
        try GemmBackend.with(backend) {
            let training = try Self.sineWindows(count: 40, offset: 0)
            let architecture = ModelArchitecture(cell: cell, hiddenSizes: [5, 3], features: 1, horizon: 3)
            var config = Self.smallConfiguration(epochs: 3)
            let one = try Trainer(configuration: config).train(architecture: architecture, training: training, validation: nil)
            config.threads = 2
            let two = try Trainer(configuration: config).train(architecture: architecture, training: training, validation: nil)
            let again = try Trainer(configuration: config).train(architecture: architecture, training: training, validation: nil)
            #expect(two.network.parameters == again.network.parameters)
            let floor = 1e-2 * Double(one.network.parameters.map(abs).max() ?? 0)
            #expect(maxRelativeError(two.network.parameters.map(Double.init), one.network.parameters.map(Double.init), floor: floor) < 1e-4)
        }
    }

    /// A batch run as micro-batches (1 and 2 parts) gives the whole batch's loss and gradient.
    @Test(arguments: [1, 2])
    func microBatchesSumToTheBatchGradient(parts: Int) throws {
        var g = SeededGenerator(seed: 3)
        let arch = ModelArchitecture(cell: .lstm, hiddenSizes: [3, 2], features: 2, horizon: 2)
        let model = try Network(architecture: arch, generator: &g)
        let (n, T) = (8, 4)
        let x = uniformFloats(n * T * 2, using: &g), y = uniformFloats(n * 2, using: &g)
        func step(_ splitter: BatchSplitter) -> (Double, [Float]) {
            var d = [Float](repeating: 0, count: n * 2), grad = [Float](repeating: 0, count: model.parameterCount)
            let loss = x.withUnsafeBufferPointer { x in y.withUnsafeBufferPointer { y in d.withUnsafeMutableBufferPointer { d in
                grad.withUnsafeMutableBufferPointer { grad in
                    splitter.step(model, inputs: x, targets: y, batch: n, time: T, loss: .mse, dPredictions: d, gradients: grad)
                }
            } } }
            return (loss, grad)
        }
        let whole = step(BatchSplitter(parts: 1, parameterCount: model.parameterCount, horizon: 2, maxBatch: n))
        let micro = step(BatchSplitter(parts: parts, parameterCount: model.parameterCount, horizon: 2, maxBatch: n, microBatch: 3))
        #expect(isClose(micro.0, whole.0, relative: 1e-12))
        #expect(maxRelativeError(micro.1.map(Double.init), whole.1.map(Double.init), floor: 1e-3) < 1e-5)
        #expect(BatchSplitter.microBatch(for: model, time: T) > n)
        #expect(BatchSplitter.microBatch(for: try Self.network(ModelArchitecture(cell: .lstm, hiddenSizes: [128, 128], features: 8, horizon: 24)),
                                         time: 96) == 69)
    }

    /// Threads share one activation budget: config B (2 x LSTM(128), 96 steps, 8 features:
    /// 96 · ((512 + 512 + 8 + 1) + (512 + 512 + 128 + 1)) Floats = 839,424 bytes of activations per window)
    /// fits 69 windows in 56 MiB on one thread, 34 per part on two and 17 on four.
    @Test func partsShareTheActivationBudget() throws {
        let b = try Self.network(ModelArchitecture(cell: .lstm, hiddenSizes: [128, 128], features: 8, horizon: 24))
        #expect(BatchSplitter.microBatch(for: b, time: 96, parts: 1) == 69)
        #expect(BatchSplitter.microBatch(for: b, time: 96, parts: 2) == 34)
        #expect(BatchSplitter.microBatch(for: b, time: 96, parts: 4) == 17)
    }

    static func network(_ architecture: ModelArchitecture) throws -> Network {
        var g = SeededGenerator(seed: 0)
        return try Network(architecture: architecture, generator: &g)
    }

    /// Any network trains, not only the stacked shape: a Dense(tanh) between the LSTM and the head.
    @Test func networkWithANonlinearDenseLayerTrains() throws {
        let training = try Self.sineWindows(count: 128, offset: 0), validation = try Self.sineWindows(count: 32, offset: 200)
        var g = SeededGenerator(seed: 5)
        var network = try Network(features: 1, layers: [.recurrent(.lstm, units: 8), .dense(units: 6, activation: .tanh), .dense(units: 3)],
                                  generator: &g)
        let trainer = Trainer(configuration: Self.smallConfiguration(epochs: 30))
        let before = trainer.evaluate(network, on: validation)
        let history = try trainer.fit(&network, training: training, validation: validation)
        #expect(history.epochsRun > 1)
        #expect(trainer.evaluate(network, on: validation) < before / 20)
    }

    @Test func bestWeightsAreRestoredAndEarlyStoppingEndsTraining() throws {
        let training = try Self.sineWindows(count: 32, offset: 0), validation = try Self.sineWindows(count: 8, offset: 100)
        var config = Self.smallConfiguration(epochs: 60)
        config.learningRate = 0.05  // large steps make the validation loss bounce
        config.patienceEpochs = 2
        let result = try Trainer(configuration: config).train(
            architecture: ModelArchitecture(cell: .simpleRNN, hiddenSizes: [4], features: 1, horizon: 3),
            training: training, validation: validation)
        let history = result.history
        let best = history.validationLosses.min()!
        #expect(history.validationLosses[history.bestEpoch - 1] == best)
        #expect(Trainer(configuration: config).evaluate(result.network, on: validation) == best)
        if history.stoppedEarly { #expect(history.epochsRun == history.bestEpoch + 2) }
    }

    @Test func nonFiniteLossThrowsNamingEpochBatchAndTheFix() throws {
        var inputs = try Self.sineWindows(count: 20, offset: 0).inputs
        inputs[12 * 17] = .nan  // window 17: in the second batch of 16 only if not shuffled; any batch will do
        let data = try TrainingWindows(inputs: inputs, targets: [Float](repeating: 0, count: 60), count: 20, time: 12, features: 1, horizon: 3)
        do {
            _ = try Trainer(configuration: Self.smallConfiguration(epochs: 2)).train(
                architecture: ModelArchitecture(cell: .lstm, hiddenSizes: [3], features: 1, horizon: 3), training: data, validation: nil)
            Issue.record("expected a non-finite loss error")
        } catch let error {
            guard case let .nonFinite(what, value, epoch, batch) = error else { Issue.record("\(error)"); return }
            #expect(what == "loss" && value.isNaN && epoch == 1 && (batch == 1 || batch == 2))
            #expect(error.description == "training stopped at epoch 1, batch \(batch): the loss is NaN; lower --learning-rate or set a smaller --clip-norm")
        }
    }

    @Test func invalidConfigurationAndMismatchedDataAreRejected() throws {
        var config = TrainingConfiguration()
        config.batchSize = 0
        #expect(throws: TrainingError.invalidConfiguration(field: "batchSize", value: "0", expected: "at least 1")) { try config.validate() }
        config = TrainingConfiguration()
        config.clipNorm = -1
        #expect(throws: TrainingError.self) { try config.validate() }
        #expect(throws: TrainingError.dataShape(what: "target values", found: 1, expected: "1 × 2 = 2")) {
            try TrainingWindows(inputs: [1, 2], targets: [1], count: 1, time: 2, features: 1, horizon: 2)
        }
        let data = try Self.sineWindows(count: 4, offset: 0, horizon: 2)
        #expect(throws: TrainingError.dataShape(what: "training horizon", found: 2, expected: "3, as the model")) {
            try Trainer().train(architecture: ModelArchitecture(hiddenSizes: [2], features: 1, horizon: 3), training: data, validation: nil)
        }
    }

    @Test func defaultsAreThoseDocumented() {
        let c = TrainingConfiguration()
        #expect(c.epochs == 100 && c.batchSize == 32 && c.learningRate == 1e-3 && c.clipNorm == 1 && c.patienceEpochs == 10)
        #expect(c.restoreBestWeights && c.l2 == 0 && c.loss == .mse && c.threads == 1)
    }

    @Test func l2PenaltyCoversKernelsOnlyAndItsGradientMatchesFiniteDifferences() throws {
        var g = SeededGenerator(seed: 3)
        let model = try Network(architecture: ModelArchitecture(cell: .gru, hiddenSizes: [2], features: 1, horizon: 1), generator: &g)
        let mask = model.kernelMask
        var w = uniformFloats(model.parameterCount, using: &g)
        var gradient = [Float](repeating: 0, count: w.count)
        addL2Gradient(&gradient, parameters: w, mask: mask, lambda: 0.1)
        let check = gradientCheckError(analytic: gradient, of: { l2Penalty($0, mask: mask, lambda: 0.1) }, at: w)
        #expect(check < 1e-6)  // a quadratic: the fourth-order stencil is exact up to rounding
        // Biases are not penalized: changing them leaves the penalty unchanged.
        let before = l2Penalty(w, mask: mask, lambda: 0.1)
        for i in 0..<w.count where !mask[i] { w[i] += 1 }
        #expect(l2Penalty(w, mask: mask, lambda: 0.1) == before)
        #expect(mask.filter { !$0 }.count == 2 * 6 + 1)  // GRU bias [2, 6] and the head's bias [1]
    }

    /// `--shuffle once` repeats the first epoch's permutation: it trains bit for bit as `none` (time
    /// order) on the windows laid out in that permutation, which is drawn as `each-epoch` draws its
    /// first (so one epoch of the two is the same); `none` does not depend on the seed's shuffling
    /// stream, `each-epoch` does.
    @Test func shuffleOrdersVisitTheWindowsAsDocumented() throws {
        let training = try Self.sineWindows(count: 40, offset: 0), validation = try Self.sineWindows(count: 8, offset: 100)
        let architecture = ModelArchitecture(cell: .gru, hiddenSizes: [4], features: 1, horizon: 3)
        var generator = SeededGenerator(seed: 11)
        let start = try Network(architecture: architecture, generator: &generator)
        func trained(_ order: ShuffleOrder, epochs: Int, seed: UInt64 = 7, on windows: TrainingWindows) throws -> [Float] {
            var config = Self.smallConfiguration(epochs: epochs)
            config.shuffle = order
            config.seed = seed
            var network = start
            _ = try Trainer(configuration: config).fit(&network, training: windows, validation: validation)
            return network.parameters
        }
        // The first epoch's permutation, drawn as the trainer draws it, and the windows laid out in it.
        var permutation = Array(0..<training.count)
        var shuffler = SeededGenerator.derived(seed: 7, index: 1)
        seededShuffle(&permutation, using: &shuffler)
        let (T, K) = (training.time, training.horizon)
        let permuted = try TrainingWindows(inputs: permutation.flatMap { training.inputs[($0 * T)..<($0 * T + T)] },
                                           targets: permutation.flatMap { training.targets[($0 * K)..<($0 * K + K)] },
                                           count: training.count, time: T, features: 1, horizon: K)
        #expect(try trained(.once, epochs: 4, on: training) == trained(.none, epochs: 4, on: permuted))
        #expect(try trained(.once, epochs: 1, on: training) == trained(.eachEpoch, epochs: 1, on: training))
        #expect(try trained(.once, epochs: 4, on: training) != trained(.eachEpoch, epochs: 4, on: training))
        #expect(try trained(.none, epochs: 4, seed: 1, on: training) == trained(.none, epochs: 4, seed: 2, on: training))
        #expect(try trained(.eachEpoch, epochs: 4, seed: 1, on: training) != trained(.eachEpoch, epochs: 4, seed: 2, on: training))
    }

    @Test func shuffleIsAPermutationFixedBySeed() {
        var a = Array(0..<50), b = a
        var g1 = SeededGenerator(seed: 1), g2 = SeededGenerator(seed: 1)
        seededShuffle(&a, using: &g1)
        seededShuffle(&b, using: &g2)
        #expect(a == b && a != Array(0..<50) && a.sorted() == Array(0..<50))
    }
}
