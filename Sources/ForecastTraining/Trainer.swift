// Mini-batch training of a Network: shuffling, BPTT, L2, clipping, Adam, early stopping.
import Dispatch
import ForecastCore
import ForecastKernels
import ForecastNN

/// Trains a ``Network`` on windows with a validation set.
///
/// Each epoch orders the training windows as ``TrainingConfiguration/shuffle`` says (by default a
/// new permutation from a ``SeededGenerator`` derived from the seed), splits them into mini-batches of ``TrainingConfiguration/batchSize``, and for each batch runs
/// forward, the loss, full backpropagation through time, the L2 penalty, global-norm clipping and
/// one Adam step. After each epoch it evaluates the validation windows, reports progress through
/// the callback (the library never prints), and stops when the validation loss has not improved
/// for ``TrainingConfiguration/patienceEpochs`` epochs, restoring the best weights.
///
/// ```swift
/// var configuration = TrainingConfiguration()
/// configuration.epochs = 50
/// let trainer = Trainer(configuration: configuration)
/// let result = try trainer.train(
///     architecture: ModelArchitecture(cell: .gru, hiddenSizes: [32], features: 1, horizon: 6),
///     training: trainWindows, validation: validationWindows) { report in
///         print(report.epoch, report.trainingLoss, report.validationLoss ?? .nan)
///     }
/// let forecasts = try result.network.predict(inputs, count: n, time: 48)   // [n, 6]
/// ```
///
/// Same seed, same data and same ``TrainingConfiguration/threads`` give bit-identical weights.
public struct Trainer: Sendable {
    /// How to train.
    public var configuration: TrainingConfiguration

    public init(configuration: TrainingConfiguration = TrainingConfiguration()) {
        self.configuration = configuration
    }

    /// A trained network and the history of its training.
    public struct Result: Sendable {
        public var network: Network
        public var history: TrainingHistory
    }

    /// Builds the stacked network of `architecture` with Keras' initializers (from
    /// ``SeededGenerator/derived(seed:index:)`` of the configured seed, index 0) and trains it; see ``fit(_:training:validation:progress:)``.
    ///
    /// - Throws: ``TrainingError`` for a bad configuration, mismatched data or a non-finite loss;
    ///   ``ModelError`` (wrapped as ``TrainingError/invalidConfiguration(field:value:expected:)``) for a bad architecture.
    public func train(
        architecture: ModelArchitecture, training: TrainingWindows, validation: TrainingWindows?,
        progress: ((EpochReport) -> Void)? = nil
    ) throws(TrainingError) -> Result {
        var generator = SeededGenerator.derived(seed: configuration.seed, index: 0)
        var network: Network
        do {
            network = try Network(architecture: architecture, generator: &generator)
        } catch {
            if case let .invalid(field, value, expected) = error {
                throw .invalidConfiguration(field: field, value: value, expected: expected)
            }
            throw .invalidConfiguration(field: "architecture", value: "\(architecture)", expected: error.description)
        }
        let history = try fit(&network, training: training, validation: validation, progress: progress)
        return Result(network: network, history: history)
    }

    /// Trains `model` in place (any ``Network``: recurrent layers and Dense layers of any activation).
    ///
    /// - Parameters:
    ///   - model: updated with the trained (or, with ``TrainingConfiguration/restoreBestWeights``,
    ///     the best) weights.
    ///   - training: at least one window; features and horizon must match the model.
    ///   - validation: windows monitored for early stopping; when `nil` (or empty) the training
    ///     loss is monitored instead.
    ///   - progress: called after every epoch.
    /// - Returns: the loss of every epoch and how training ended.
    /// - Throws: ``TrainingError/nonFinite(what:value:epoch:batch:)`` when the loss or gradient
    ///   becomes NaN or infinite (the model keeps the weights of that moment); other
    ///   ``TrainingError`` cases before training starts.
    @discardableResult
    public func fit(
        _ model: inout Network, training: TrainingWindows, validation: TrainingWindows?,
        progress: ((EpochReport) -> Void)? = nil
    ) throws(TrainingError) -> TrainingHistory {
        let config = configuration
        try config.validate()
        try check(training, against: model, name: "training")
        if training.count < 1 { throw .dataShape(what: "training windows", found: 0, expected: "at least 1") }
        let validation = (validation?.count ?? 0) > 0 ? validation : nil
        if let validation { try check(validation, against: model, name: "validation") }

        // With several threads each takes a contiguous part of every batch (forward and backward on its
        // own, GEMMs on 1 thread), and the parts' gradients are summed in a fixed order.
        let splitter = BatchSplitter(parts: config.threads, parameterCount: model.parameterCount, horizon: training.horizon,
                                     maxBatch: min(config.batchSize, training.count),
                                     microBatch: BatchSplitter.microBatch(for: model, time: training.time,
                                                                          parts: min(config.threads, min(config.batchSize, training.count))))
        BLASThreads.set(splitter.parts > 1 ? 1 : config.threads)
        let clock = ContinuousClock(), start = clock.now
        var shuffler = SeededGenerator.derived(seed: config.seed, index: 1)
        var adam = Adam(parameterCount: model.parameterCount, learningRate: config.learningRate)
        let kernelMask = model.kernelMask
        let (T, F, K) = (training.time, training.features, training.horizon)
        let maxBatch = min(config.batchSize, training.count)
        var batchInputs = [Float](repeating: 0, count: maxBatch * T * F)
        var batchTargets = [Float](repeating: 0, count: maxBatch * K)
        var dPredictions = [Float](repeating: 0, count: maxBatch * K)
        var gradients = [Float](repeating: 0, count: model.parameterCount)
        var order = Array(0..<training.count)
        var stopping = EarlyStopping(patienceEpochs: config.patienceEpochs)
        var bestParameters = model.parameters
        var history = TrainingHistory()

        for epoch in 1...config.epochs {
            switch config.shuffle ?? .eachEpoch {
            case .eachEpoch: seededShuffle(&order, using: &shuffler)
            case .once: if epoch == 1 { seededShuffle(&order, using: &shuffler) }
            case .none: break
            }
            var lossSum = 0.0
            var batchStart = 0, batchNumber = 0
            while batchStart < training.count {
                batchNumber += 1
                let n = min(config.batchSize, training.count - batchStart)
                gather(training, indices: order[batchStart..<(batchStart + n)], inputs: &batchInputs, targets: &batchTargets)
                var loss = 0.0
                let current = model
                batchInputs.withUnsafeBufferPointer { x in
                    batchTargets.withUnsafeBufferPointer { y in
                        dPredictions.withUnsafeMutableBufferPointer { d in
                            gradients.withUnsafeMutableBufferPointer { g in
                                loss = splitter.step(current, inputs: x.slice(0, n * T * F), targets: y.slice(0, n * K), batch: n,
                                                     time: T, loss: config.loss, dPredictions: d.slice(0, n * K), gradients: g)
                            }
                        }
                    }
                }
                if config.l2 > 0 { loss += l2Penalty(model.parameters, mask: kernelMask, lambda: config.l2) }
                if !loss.isFinite { throw .nonFinite(what: "loss", value: loss, epoch: epoch, batch: batchNumber) }

                if config.l2 > 0 { addL2Gradient(&gradients, parameters: model.parameters, mask: kernelMask, lambda: config.l2) }
                if let clipNorm = config.clipNorm {
                    let norm = GradientClipping.clip(&gradients, maxNorm: clipNorm)
                    if !norm.isFinite { throw .nonFinite(what: "gradient norm", value: norm, epoch: epoch, batch: batchNumber) }
                }
                adam.update(&model.parameters, gradients: gradients)
                lossSum += loss * Double(n)
                batchStart += n
            }
            let trainingLoss = lossSum / Double(training.count)
            var validationLoss: Double?
            if let validation {
                var v = evaluate(model, on: validation, loss: config.loss)
                if config.l2 > 0 { v += l2Penalty(model.parameters, mask: kernelMask, lambda: config.l2) }
                if !v.isFinite { throw .nonFinite(what: "validation loss", value: v, epoch: epoch, batch: batchNumber) }
                validationLoss = v
                history.validationLosses.append(v)
            }
            history.trainingLosses.append(trainingLoss)
            progress?(EpochReport(epoch: epoch, epochs: config.epochs, trainingLoss: trainingLoss, validationLoss: validationLoss,
                                  elapsedSeconds: seconds(clock.now - start)))
            let decision = stopping.record(loss: validationLoss ?? trainingLoss, epoch: epoch)
            if decision.improved && config.restoreBestWeights { bestParameters = model.parameters }
            if decision.shouldStop && epoch < config.epochs {
                history.stoppedEarly = true
                break
            }
        }
        history.bestEpoch = stopping.bestEpoch
        if config.restoreBestWeights && stopping.bestEpoch != history.epochsRun {
            model.parameters = bestParameters
            history.restoredBestWeights = true
        }
        return history
    }

    /// Mean loss of `model` on `windows`, without training (`0` for no windows).
    public func evaluate(_ model: Network, on windows: TrainingWindows) -> Double {
        evaluate(model, on: windows, loss: configuration.loss)
    }

    /// Through ``Network/predict(_:count:time:)`` (the prediction path: no training
    /// activations kept), 256 windows or a batch at a time.
    private func evaluate(_ model: Network, on windows: TrainingWindows, loss: LossFunction) -> Double {
        let (T, F, K) = (windows.time, windows.features, windows.horizon)
        let chunk = max(configuration.batchSize, 256)
        var total = 0.0, start = 0
        var x = [Float](repeating: 0, count: min(chunk, windows.count) * T * F)
        while start < windows.count {
            let n = min(chunk, windows.count - start)
            if n * T * F != x.count { x = [Float](repeating: 0, count: n * T * F) }
            x.withUnsafeMutableBufferPointer { windows.copyInputs(start..<(start + n), into: $0) }
            // The shape is right by construction; predict throws only for a wrong shape.
            guard let p = try? model.predict(x, count: n, time: T) else { preconditionFailure("evaluate: input shape") }
            total += p.withUnsafeBufferPointer { p in
                windows.targets.withUnsafeBufferPointer { y in loss.value(predictions: p, targets: y.slice(start * K, n * K)) }
            } * Double(n)
            start += n
        }
        return windows.count == 0 ? 0 : total / Double(windows.count)
    }

    private func check(_ windows: TrainingWindows, against network: Network, name: String) throws(TrainingError) {
        if windows.features != network.features {
            throw .dataShape(what: "\(name) features", found: windows.features, expected: "\(network.features), as the model")
        }
        if windows.horizon != network.outputs {
            throw .dataShape(what: "\(name) horizon", found: windows.horizon, expected: "\(network.outputs), as the model")
        }
    }
}

// MARK: - Helpers

/// One training step's forward pass, loss and backward pass over a batch split into `parts`
/// contiguous parts that run on their own threads, each with its own workspace and gradient buffer.
///
/// Parts are fixed by the batch size and the thread count only, and their gradients are summed in
/// part order, so the same seed and thread count give bit-identical results; different thread
/// counts differ by Float32 rounding of the sum.
///
/// A part larger than `microBatch` windows runs as consecutive micro-batches of at most that many
/// windows through one workspace, each with its forward pass, its share of the loss (its gradient
/// scaled by its rows over the batch's, so the sum is the batch's gradient) and its backward pass:
/// the workspace (the activations of every step, kept for backpropagation through time) then holds
/// one micro-batch instead of the whole part. ``microBatch(for:time:)`` picks the size.
final class BatchSplitter: @unchecked Sendable {
    let parts: Int
    let microBatch: Int
    let workspaces: [ModelWorkspace]
    private let partGradients: [UnsafeMutableBufferPointer<Float>]
    private let predictions: UnsafeMutableBufferPointer<Float>
    private let horizon: Int

    /// Memory the activations of all parts' forward passes may take together before parts are split
    /// into micro-batches (each of `P` parts gets `1/P` of it, so peak memory does not grow with threads).
    /// 56 MiB: config B (2 x LSTM(128), 96 steps, batch 128) runs as two micro-batches of 64 on one thread.
    static let workspaceBudgetBytes = 56 << 20

    /// The largest number of windows whose training activations fit one part's share of
    /// ``workspaceBudgetBytes`` when a batch is split into `parts` (estimated per layer as
    /// `time · (G + 4H + F + 1)` Floats per window, G the gate width: an LSTM's gates, three states and
    /// stacked step inputs `[x | h | 1]`, more than a SimpleRNN or GRU keeps, for every layer that runs on the
    /// sequence: the recurrent layers and Dense layers before the last of them; the Dense layers on the
    /// final state are small and not counted).
    static func microBatch(for network: Network, time: Int, parts: Int = 1) -> Int {
        var floats = 0, sequence = true
        for layer in network.layers where sequence {
            floats += time * (layer.gateWidth + 4 * layer.units + layer.inputSize + 1)
            if layer.isRecurrent { sequence = layer.returnSequences }
        }
        return max(1, workspaceBudgetBytes / max(1, parts) / (4 * max(1, floats)))
    }

    init(parts requested: Int, parameterCount: Int, horizon: Int, maxBatch: Int, microBatch: Int = .max) {
        parts = max(1, min(requested, maxBatch))
        self.microBatch = max(1, microBatch)
        workspaces = (0..<parts).map { _ in ModelWorkspace() }
        partGradients = parts > 1 ? (0..<parts).map { _ in .allocate(capacity: parameterCount) } : []
        predictions = .allocate(capacity: parts > 1 ? maxBatch * horizon : 0)
        self.horizon = horizon
    }

    deinit {
        for g in partGradients { g.deallocate() }
        predictions.deallocate()
    }

    /// Forward, loss (returned; its gradient into `dPredictions`) and backward; `gradients` is overwritten.
    func step(
        _ model: Network, inputs: UnsafeBufferPointer<Float>, targets: UnsafeBufferPointer<Float>, batch n: Int,
        time T: Int, loss: LossFunction, dPredictions: UnsafeMutableBufferPointer<Float>,
        gradients: UnsafeMutableBufferPointer<Float>
    ) -> Double {
        let P = min(parts, n), K = horizon, F = model.features
        fill(gradients, with: 0)
        let bounds = (0...P).map { $0 * n / P }
        if (0..<P).contains(where: { bounds[$0 + 1] - bounds[$0] > microBatch }) {
            return microBatchedStep(model, inputs: inputs, targets: targets, batch: n, time: T, loss: loss,
                                    dPredictions: dPredictions, gradients: gradients, bounds: bounds)
        }
        if P == 1 {
            let p = model.forward(input: inputs, batch: n, time: T, workspace: workspaces[0])
            let value = loss.evaluate(predictions: p, targets: targets, gradient: dPredictions)
            model.backward(dOutput: UnsafeBufferPointer(dPredictions), workspace: workspaces[0], gradients: gradients)
            return value
        }
        let backend = GemmBackend.active
        // Each part touches its own rows, workspace and gradient buffer only.
        nonisolated(unsafe) let predictions = self.predictions
        nonisolated(unsafe) let workspaces = self.workspaces, partGradients = self.partGradients
        nonisolated(unsafe) let (x, d) = (inputs, dPredictions)
        DispatchQueue.concurrentPerform(iterations: P) { p in
            BLASThreads.setForThisThread(1)
            GemmBackend.with(backend) {
                let rows = bounds[p + 1] - bounds[p]
                let out = model.forward(input: x.slice(bounds[p] * T * F, rows * T * F), batch: rows, time: T, workspace: workspaces[p])
                UnsafeMutableBufferPointer(rebasing: predictions[(bounds[p] * K)..<(bounds[p + 1] * K)])
                    .baseAddress!.update(from: out.baseAddress!, count: rows * K)
            }
        }
        let value = loss.evaluate(predictions: UnsafeBufferPointer(rebasing: predictions[0..<(n * K)]), targets: targets,
                                  gradient: dPredictions)
        DispatchQueue.concurrentPerform(iterations: P) { p in
            BLASThreads.setForThisThread(1)
            GemmBackend.with(backend) {
                let rows = bounds[p + 1] - bounds[p]
                fill(partGradients[p], with: 0)
                model.backward(dOutput: UnsafeBufferPointer(d).slice(bounds[p] * K, rows * K), workspace: workspaces[p],
                               gradients: partGradients[p])
            }
        }
        for g in partGradients { axpy(alpha: 1, x: UnsafeBufferPointer(g), y: gradients) }
        return value
    }

    /// ``step`` with each part run as micro-batches of at most ``microBatch`` windows (see the type's notes).
    private func microBatchedStep(
        _ model: Network, inputs: UnsafeBufferPointer<Float>, targets: UnsafeBufferPointer<Float>, batch n: Int,
        time T: Int, loss: LossFunction, dPredictions: UnsafeMutableBufferPointer<Float>,
        gradients: UnsafeMutableBufferPointer<Float>, bounds: [Int]
    ) -> Double {
        let P = bounds.count - 1, K = horizon, F = model.features, limit = microBatch
        let backend = GemmBackend.active
        nonisolated(unsafe) let workspaces = self.workspaces
        nonisolated(unsafe) let partGradients = P > 1 ? self.partGradients : [gradients]
        nonisolated(unsafe) let (x, y, d) = (inputs, targets, dPredictions)
        nonisolated(unsafe) var partLoss = [Double](repeating: 0, count: P)
        partLoss.withUnsafeMutableBufferPointer { partLoss in
            nonisolated(unsafe) let partLoss = partLoss
            let run: @Sendable (Int) -> Void = { p in
                fill(partGradients[p], with: 0)
                // Equal micro-batches (128 rows under a limit of 67: 64 + 64, not 67 + 61).
                let total = bounds[p + 1] - bounds[p], count = (total + limit - 1) / limit
                let size = (total + count - 1) / count
                var start = bounds[p]
                while start < bounds[p + 1] {
                    let rows = min(size, bounds[p + 1] - start)
                    let out = model.forward(input: x.slice(start * T * F, rows * T * F), batch: rows, time: T, workspace: workspaces[p])
                    let dOut = d.slice(start * K, rows * K)
                    // This micro-batch's mean loss and gradient, weighted by its share of the batch.
                    let share = Double(rows) / Double(n)
                    partLoss[p] += loss.evaluate(predictions: out, targets: y.slice(start * K, rows * K), gradient: dOut) * share
                    scale(dOut, by: Float(rows) / Float(n))
                    model.backward(dOutput: UnsafeBufferPointer(dOut), workspace: workspaces[p], gradients: partGradients[p])
                    start += rows
                }
            }
            if P == 1 {
                run(0)
            } else {
                DispatchQueue.concurrentPerform(iterations: P) { p in
                    BLASThreads.setForThisThread(1)
                    GemmBackend.with(backend) { run(p) }
                }
            }
        }
        if P > 1 { for g in partGradients { axpy(alpha: 1, x: UnsafeBufferPointer(g), y: gradients) } }
        return partLoss.reduce(0, +)
    }
}

/// Fisher–Yates shuffle drawing from `generator`, as the trainer orders each epoch's windows
/// (written out so the order never depends on the standard library's algorithm).
public func seededShuffle(_ a: inout [Int], using generator: inout SeededGenerator) {
    var i = a.count - 1
    while i > 0 {
        let j = Int(generator.next() % UInt64(i + 1))
        a.swapAt(i, j)
        i -= 1
    }
}

/// Copies the windows at `indices` into the front of the batch buffers.
func gather(_ windows: TrainingWindows, indices: ArraySlice<Int>, inputs: inout [Float], targets: inout [Float]) {
    let k = windows.horizon
    inputs.withUnsafeMutableBufferPointer { windows.copyInputs(of: indices, into: $0) }
    windows.targets.withUnsafeBufferPointer { src in
        targets.withUnsafeMutableBufferPointer { dst in
            for (row, index) in indices.enumerated() {
                copyRows(src.slice(index * k, k), sourceStride: k, to: dst.slice(row * k, k), destinationStride: k, rows: 1, columns: k)
            }
        }
    }
}

/// The L2 penalty `λ · Σ w²` over the parameters where `mask` is true (a model's
/// ``Network/kernelMask``), accumulated in Double.
public func l2Penalty(_ parameters: [Float], mask: [Bool], lambda: Float) -> Double {
    var total = 0.0
    for i in 0..<parameters.count where mask[i] { total += Double(parameters[i]) * Double(parameters[i]) }
    return Double(lambda) * total
}

/// Adds the gradient of ``l2Penalty(_:mask:lambda:)``, `2λ w` where `mask` is true, into `gradients`.
public func addL2Gradient(_ gradients: inout [Float], parameters: [Float], mask: [Bool], lambda: Float) {
    for i in 0..<gradients.count where mask[i] { gradients[i] += 2 * lambda * parameters[i] }
}

func seconds(_ d: Duration) -> Double {
    let c = d.components
    return Double(c.seconds) + Double(c.attoseconds) * 1e-18
}

extension UnsafeBufferPointer where Element == Float {
    func slice(_ offset: Int, _ count: Int) -> UnsafeBufferPointer<Float> { UnsafeBufferPointer(rebasing: self[offset..<(offset + count)]) }
}

extension UnsafeMutableBufferPointer where Element == Float {
    func slice(_ offset: Int, _ count: Int) -> UnsafeMutableBufferPointer<Float> { UnsafeMutableBufferPointer(rebasing: self[offset..<(offset + count)]) }
}
