// Fully connected linear layer (the regression head).
import ForecastCore
import ForecastKernels

/// A fully connected layer with linear activation: `y = x · kernel + bias`.
///
/// Parameters, in Keras `get_weights()` order: `kernel [inputSize, units]`, `bias [units]`.
/// Initialization as Keras: kernel `glorot_uniform`, bias zeros.
public struct Dense: Sendable, Equatable {
    /// Features of each input row.
    public let inputSize: Int
    /// Outputs of each row.
    public let units: Int

    public init(inputSize: Int, units: Int) {
        self.inputSize = inputSize
        self.units = units
    }

    /// Number of Floats of this layer in a flat parameter buffer: `inputSize · units + units`.
    public var parameterCount: Int { inputSize * units + units }

    /// Names and shapes of the parameter arrays, in Keras `get_weights()` order.
    public var parameterShapes: [(name: String, shape: [Int])] {
        [("kernel", [inputSize, units]), ("bias", [units])]
    }

    /// Writes Keras' initial values into `parameters` (`parameterCount` Floats).
    public func initialize(_ parameters: UnsafeMutableBufferPointer<Float>, using generator: inout SeededGenerator) {
        precondition(parameters.count == parameterCount)
        Initializers.glorotUniform(parameters.slice(0, inputSize * units), fanIn: inputSize, fanOut: units, using: &generator)
        fill(parameters.from(inputSize * units), with: 0)
    }

    /// `output = input · kernel + bias`.
    ///
    /// - Parameters:
    ///   - input: `[rows, inputSize]`; must stay unchanged until ``backward(parameters:input:dOutput:rows:gradients:dInput:)``.
    ///   - output: `[rows, units]`, overwritten.
    public func forward(
        parameters: UnsafeBufferPointer<Float>, input: UnsafeBufferPointer<Float>,
        output: UnsafeMutableBufferPointer<Float>, rows: Int
    ) {
        precondition(parameters.count == parameterCount && input.count == rows * inputSize && output.count == rows * units)
        gemm(.none, .none, m: rows, n: units, k: inputSize, a: input, lda: inputSize,
             b: parameters.slice(0, inputSize * units), ldb: units, beta: 0, c: output, ldc: units)
        addRowVector(parameters.from(inputSize * units), to: output, rows: rows, columns: units, stride: units)
    }

    /// Gradients of ``forward(parameters:input:output:rows:)``.
    ///
    /// - Parameters:
    ///   - dOutput: gradient with respect to the output, `[rows, units]`.
    ///   - gradients: `parameterCount` Floats, same layout as the parameters; **accumulated** (`+=`).
    ///   - dInput: `[rows, inputSize]`, **overwritten**; `nil` skips that GEMM.
    public func backward(
        parameters: UnsafeBufferPointer<Float>, input: UnsafeBufferPointer<Float>,
        dOutput: UnsafeBufferPointer<Float>, rows: Int,
        gradients: UnsafeMutableBufferPointer<Float>, dInput: UnsafeMutableBufferPointer<Float>?
    ) {
        precondition(gradients.count == parameterCount && dOutput.count == rows * units && input.count == rows * inputSize)
        gemm(.transposed, .none, m: inputSize, n: units, k: rows, a: input, lda: inputSize, b: dOutput, ldb: units,
             beta: 1, c: gradients.slice(0, inputSize * units), ldc: units)
        addColumnSums(of: dOutput, rows: rows, columns: units, stride: units, into: gradients.from(inputSize * units))
        if let dInput {
            precondition(dInput.count == rows * inputSize)
            gemm(.none, .transposed, m: rows, n: inputSize, k: units, a: dOutput, lda: units,
                 b: parameters.slice(0, inputSize * units), ldb: units, beta: 0, c: dInput, ldc: inputSize)
        }
    }
}
