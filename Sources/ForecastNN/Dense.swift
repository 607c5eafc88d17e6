// Fully connected layer with an activation (the regression head, or a Keras import's Dense layers).
import ForecastCore
import ForecastKernels

/// A fully connected layer: `y = activation(x · kernel + bias)`, row by row.
///
/// Parameters, in Keras `get_weights()` order: `kernel [inputSize, units]`, `bias [units]`.
/// Initialization as Keras: kernel `glorot_uniform`, bias zeros. On a sequence `[batch, time,
/// inputSize]` it maps every step (`rows = batch · time`), as Keras does.
///
/// The linear layer (the stacked regressor's head) is one GEMM and a bias add each way; any other
/// activation keeps the pre-activations for the backward pass, which multiplies by
/// ``Activation/derivative(_:)``.
public struct Dense: Sendable, Equatable {
    /// Features of each input row.
    public let inputSize: Int
    /// Outputs of each row.
    public let units: Int
    /// Applied after the affine map. Default: linear.
    public let activation: Activation

    public init(inputSize: Int, units: Int, activation: Activation = .linear) {
        self.inputSize = inputSize
        self.units = units
        self.activation = activation
    }

    private var kernelCount: Int { inputSize * units }

    /// Number of Floats of this layer in a flat parameter buffer: `inputSize · units + units`.
    public var parameterCount: Int { kernelCount + units }

    /// Names and shapes of the parameter arrays, in Keras `get_weights()` order.
    public var parameterShapes: [(name: String, shape: [Int])] {
        [("kernel", [inputSize, units]), ("bias", [units])]
    }

    /// Writes Keras' initial values into `parameters` (`parameterCount` Floats).
    public func initialize(_ parameters: UnsafeMutableBufferPointer<Float>, using generator: inout SeededGenerator) {
        precondition(parameters.count == parameterCount)
        Initializers.glorotUniform(parameters.slice(0, kernelCount), fanIn: inputSize, fanOut: units, using: &generator)
        fill(parameters.from(kernelCount), with: 0)
    }

    /// `output = activation(input · kernel + bias)` for `rows` rows of `input` (`inputStride` apart,
    /// `[rows, inputSize]` when it is `inputSize`) into `output` (`[rows, units]`, overwritten).
    public func apply(
        parameters: UnsafeBufferPointer<Float>, input: UnsafeBufferPointer<Float>, inputStride: Int,
        output: UnsafeMutableBufferPointer<Float>, rows: Int, backend: GemmBackend = .active
    ) {
        affine(parameters: parameters, input: input, inputStride: inputStride, output: output, rows: rows, backend: backend)
        activation.apply(output)
    }

    /// `output = input · kernel + bias`.
    private func affine(
        parameters: UnsafeBufferPointer<Float>, input: UnsafeBufferPointer<Float>, inputStride: Int,
        output: UnsafeMutableBufferPointer<Float>, rows: Int, backend: GemmBackend = .active
    ) {
        precondition(parameters.count == parameterCount && output.count == rows * units)
        gemm(.none, .none, m: rows, n: units, k: inputSize, a: input, lda: inputStride,
             b: parameters.slice(0, kernelCount), ldb: units, beta: 0, c: output, ldc: units, backend: backend)
        addRowVector(parameters.from(kernelCount), to: output, rows: rows, columns: units, stride: units)
    }

    private enum Slot {
        static let x = 0, output = 1, preactivations = 2, dPreactivations = 3, dInput = 4
    }

    /// Forward pass of `rows` rows (`[rows, inputSize]` in, `[rows, units]` out, in the cache),
    /// keeping what ``backward(parameters:dOutput:cache:gradients:computeInputGradient:)`` needs;
    /// with `retainInput` a pointer to `input`, which the caller keeps unchanged until then.
    public func forward(
        parameters: UnsafeBufferPointer<Float>, input: UnsafeBufferPointer<Float>, rows: Int, cache: LayerCache,
        retainInput: Bool = false
    ) -> UnsafeBufferPointer<Float> {
        precondition(parameters.count == parameterCount && input.count == rows * inputSize)
        cache.batch = rows; cache.time = 1
        cache.keepInput(input, slot: Slot.x, retain: retainInput)
        let output = cache.buffer(Slot.output, count: rows * units)
        if activation == .linear {
            apply(parameters: parameters, input: cache.input, inputStride: inputSize, output: output, rows: rows)
        } else {
            let pre = cache.buffer(Slot.preactivations, count: rows * units)
            affine(parameters: parameters, input: cache.input, inputStride: inputSize, output: pre, rows: rows)
            output.baseAddress!.update(from: pre.baseAddress!, count: pre.count)
            activation.apply(output)
        }
        return output.readOnly
    }

    /// Gradients of the last ``forward(parameters:input:rows:cache:retainInput:)`` with `cache`.
    ///
    /// - Parameters:
    ///   - dOutput: gradient with respect to the output, `[rows, units]` (left unchanged).
    ///   - gradients: `parameterCount` Floats, same layout as the parameters; **accumulated** (`+=`).
    /// - Returns: the input gradient `[rows, inputSize]`, **overwritten** in the cache; empty
    ///   without `computeInputGradient`.
    @discardableResult
    public func backward(
        parameters: UnsafeBufferPointer<Float>, dOutput: UnsafeBufferPointer<Float>, cache: LayerCache,
        gradients: UnsafeMutableBufferPointer<Float>, computeInputGradient: Bool = true
    ) -> UnsafeBufferPointer<Float> {
        let rows = cache.batch, x = cache.input
        precondition(parameters.count == parameterCount && gradients.count == parameterCount && dOutput.count == rows * units)
        precondition(x.count == rows * inputSize, "Dense.backward without a matching forward pass")
        var d = dOutput
        if activation != .linear {
            let pre = cache.existing(Slot.preactivations, count: rows * units)
            let dPre = cache.buffer(Slot.dPreactivations, count: rows * units)
            for i in 0..<dPre.count { dPre[i] = Float(Double(dOutput[i]) * activation.derivative(Double(pre[i]))) }
            d = dPre.readOnly
        }
        gemm(.transposed, .none, m: inputSize, n: units, k: rows, a: x, lda: inputSize, b: d, ldb: units,
             beta: 1, c: gradients.slice(0, kernelCount), ldc: units)
        addColumnSums(of: d, rows: rows, columns: units, stride: units, into: gradients.from(kernelCount))
        guard computeInputGradient else { return UnsafeBufferPointer(start: nil, count: 0) }
        let dInput = cache.buffer(Slot.dInput, count: rows * inputSize)
        gemm(.none, .transposed, m: rows, n: inputSize, k: units, a: d, lda: units,
             b: parameters.slice(0, kernelCount), ldb: units, beta: 0, c: dInput, ldc: inputSize)
        return dInput.readOnly
    }

    /// One step of the prediction path on a sequence: `y_t` from `x_t` (`buffers.z`'s first
    /// `inputSize` columns) into `buffers.z`'s last `units` columns and into `next`.
    func predictStep(
        parameters: UnsafeBufferPointer<Float>, buffers: StepBuffers, batch B: Int,
        next: UnsafeMutableBufferPointer<Float>?, nextStride: Int, backend: GemmBackend
    ) {
        let F = inputSize, Z = F + units
        apply(parameters: parameters, input: buffers.z.readOnly, inputStride: Z, output: buffers.preactivations, rows: B, backend: backend)
        copyRows(buffers.preactivations.readOnly, sourceStride: units, to: buffers.z.from(F), destinationStride: Z, rows: B, columns: units)
        if let next {
            copyRows(buffers.preactivations.readOnly, sourceStride: units, to: next, destinationStride: nextStride, rows: B, columns: units)
        }
    }
}
