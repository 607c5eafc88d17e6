import ForecastCore
import ForecastKernels
import ForecastNN
import Testing
import _ForecastTestSupport

/// Outputs and MSE gradients of models built from Keras' weights, against Keras (and PyTorch).
@Suite struct KerasFixtureTests {
    /// 1e-5 relative, as required for Float32 against Keras' Float32. Entries are compared at a scale
    /// of at least 1% of the array's largest magnitude: a gradient entry near 0 is a Float32 sum of
    /// terms of the array's scale and carries their absolute rounding (one ulp of 0.1 is 7e-9, which
    /// is 1e-5 of 7e-4). Keras and PyTorch themselves differ by up to 3e-8 absolute here.
    static let tolerance = 1e-5

    static func model(for fixture: RNNFixture) throws -> Network {
        let recurrent = fixture.layers.dropLast()
        let kind: CellKind = switch recurrent.first!.type { case "lstm": .lstm; case "gru": .gru; default: .simpleRNN }
        let architecture = ModelArchitecture(
            cell: kind, hiddenSizes: recurrent.map(\.units), features: fixture.features, horizon: fixture.horizon,
            gruResetAfter: recurrent.first!.reset_after ?? true)
        return try Network(architecture: architecture, parameters: fixture.weights.flattened)
    }

    static func floor(_ values: [Float]) -> Double { 1e-2 * Double(values.map(abs).max() ?? 0) }

    @Test(arguments: RNNFixture.cases)
    func weightsLoadInKerasGetWeightsOrder(name: String) throws {
        let fixture = try RNNFixture.load(name)
        let model = try Self.model(for: fixture)
        #expect(model.parameterShapes.map { "\($0.layer):\($0.name)\($0.shape)" }
                == fixture.weights.map { "\($0.layer):\($0.name)\($0.shape)" })
        #expect(model.layers.dropLast().map(\.returnSequences) == fixture.layers.dropLast().map { $0.return_sequences ?? false })
    }

    @Test(arguments: RNNFixture.cases, GemmBackend.allCases)
    func outputsLossAndGradientsMatchKerasAndPyTorch(name: String, backend: GemmBackend) throws {
        try GemmBackend.with(backend) { try check(name: name) }
    }

    func check(name: String) throws {
        let fixture = try RNNFixture.load(name)
        let model = try Self.model(for: fixture)
        let workspace = ModelWorkspace()
        let output = fixture.input.withUnsafeBufferPointer {
            Array(model.forward(input: $0, batch: fixture.batch, time: fixture.time, workspace: workspace))
        }
        #expect(maxRelativeError(output, fixture.keras_output, floor: Self.floor(fixture.keras_output)) < Self.tolerance)
        if let torch = fixture.torch_output {
            #expect(maxRelativeError(output, torch, floor: Self.floor(torch)) < Self.tolerance)
        }
        // MSE (Keras: mean over batch · horizon) and its gradient 2 (p - y) / n, written out here.
        let n = output.count
        let loss = zip(output, fixture.target).reduce(0.0) { $0 + Double($1.0 - $1.1) * Double($1.0 - $1.1) } / Double(n)
        #expect(isClose(loss, fixture.loss, relative: Self.tolerance))
        let dOutput = zip(output, fixture.target).map { 2 * ($0 - $1) / Float(n) }
        var gradients = [Float](repeating: 0, count: model.parameterCount)
        dOutput.withUnsafeBufferPointer { d in gradients.withUnsafeMutableBufferPointer { model.backward(dOutput: d, workspace: workspace, gradients: $0) } }
        let keras = fixture.gradients.flattened
        #expect(maxRelativeError(gradients, keras, floor: Self.floor(keras)) < Self.tolerance)
        if let torch = fixture.torch_gradients?.flattened {
            #expect(maxRelativeError(gradients, torch, floor: Self.floor(torch)) < Self.tolerance)
        }
    }
}
