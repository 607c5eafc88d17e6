import ForecastCore
import ForecastKernels
import ForecastNN
import Testing
import _ForecastTestSupport

@Suite struct StackedRegressorTests {
    static let architectures: [ModelArchitecture] = [
        ModelArchitecture(cell: .simpleRNN, hiddenSizes: [3, 2], features: 2, horizon: 2),
        ModelArchitecture(cell: .lstm, hiddenSizes: [3, 2], features: 2, horizon: 2),
        ModelArchitecture(cell: .gru, hiddenSizes: [3, 2], features: 2, horizon: 2, gruResetAfter: true),
        ModelArchitecture(cell: .gru, hiddenSizes: [2, 3, 2], features: 2, horizon: 3, gruResetAfter: false),
    ]

    @Test(arguments: architectures, GemmBackend.allCases)
    func stackedModelGradientsMatchFiniteDifferences(architecture: ModelArchitecture, backend: GemmBackend) throws {
        try GemmBackend.with(backend) { try check(architecture) }
    }

    func check(_ architecture: ModelArchitecture) throws {
        let (B, T) = (2, 4)
        var g = SeededGenerator(seed: 21)
        var model = try StackedRegressor(architecture: architecture, generator: &g)
        model.parameters = uniformFloats(model.parameterCount, in: -0.7...0.7, using: &g)
        let input = uniformFloats(B * T * architecture.features, using: &g)
        let c = uniformFloats(B * architecture.horizon, using: &g)
        let workspace = ModelWorkspace()

        func loss(_ p: [Float]) -> Double {
            var m = model
            m.parameters = p
            return input.withUnsafeBufferPointer { x in
                zip(m.forward(input: x, batch: B, time: T, workspace: workspace), c).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            }
        }
        _ = input.withUnsafeBufferPointer { model.forward(input: $0, batch: B, time: T, workspace: workspace) }
        var gradients = [Float](repeating: 0, count: model.parameterCount)
        c.withUnsafeBufferPointer { c in gradients.withUnsafeMutableBufferPointer { model.backward(dOutput: c, workspace: workspace, gradients: $0) } }
        // See RecurrentLayerTests.gradientTolerance.
        #expect(gradientCheckError(analytic: gradients, of: loss, at: model.parameters) < RecurrentLayerTests.gradientTolerance)
    }

    @Test func parameterLayoutFollowsKerasGetWeightsOrder() throws {
        var g = SeededGenerator(seed: 1)
        let model = try StackedRegressor(
            architecture: ModelArchitecture(cell: .gru, hiddenSizes: [4, 3], features: 2, horizon: 5), generator: &g)
        let shapes = model.parameterShapes.map { "\($0.layer):\($0.name)\($0.shape)" }
        #expect(shapes == ["0:kernel[2, 12]", "0:recurrent_kernel[4, 12]", "0:bias[2, 12]",
                           "1:kernel[4, 9]", "1:recurrent_kernel[3, 9]", "1:bias[2, 9]",
                           "2:kernel[3, 5]", "2:bias[5]"])
        #expect(model.parameterCount == model.parameterShapes.reduce(0) { $0 + $1.shape.reduce(1, *) })
        #expect(model.parameterOffsets == [0, 24 + 48 + 24, 96 + 36 + 27 + 18])
        #expect(model.kernelMask.filter { $0 }.count == 24 + 48 + 36 + 27 + 15)
        #expect(model.layers.map(\.returnSequences) == [true, false])
    }

    /// LSTM, SimpleRNN and GRU (reset_after) stacks predict through the stepwise path (per layer and
    /// step one GEMM over `[x_t | h]`, two for GRU), GRU with reset_after = false through the training
    /// forward pass: both agree with `forward`.
    @Test(arguments: architectures, GemmBackend.allCases)
    func predictMatchesForwardAndChecksShapes(architecture: ModelArchitecture, backend: GemmBackend) throws {
        try GemmBackend.with(backend) {
            var g = SeededGenerator(seed: 5)
            var model = try StackedRegressor(architecture: architecture, generator: &g)
            model.parameters = uniformFloats(model.parameterCount, in: -0.7...0.7, using: &g)
            let count = 300, T = 3  // more than one predict chunk
            let x = uniformFloats(count * T * architecture.features, using: &g)
            let y = try model.predict(x, count: count, time: T)
            let workspace = ModelWorkspace()
            let direct = withExtendedLifetime(workspace) {
                x.withUnsafeBufferPointer { Array(model.forward(input: $0, batch: count, time: T, workspace: workspace)) }
            }
            #expect(y.count == direct.count)
            let worst = zip(y, direct).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
            #expect(worst <= 1e-5, "\(worst)")
            #expect(try model.predict(x, count: count, time: T, threads: 2) == y)
            #expect(throws: ModelError.self) { try model.predict([1, 2], count: 1, time: 3) }
            #expect(try model.predict([], count: 0, time: 3).isEmpty)
        }
    }

    @Test func invalidArchitecturesAreRejectedWithTheField() {
        var g = SeededGenerator(seed: 1)
        #expect(throws: ModelError.invalid(field: "hiddenSizes[1]", value: "0", expected: "at least 1 unit per layer")) {
            try StackedRegressor(architecture: ModelArchitecture(hiddenSizes: [3, 0], features: 1, horizon: 1), generator: &g)
        }
        #expect(throws: ModelError.parameterCount(found: 1, expected: 3 * 4 + 4 * 4 + 4 + 4 + 1)) {
            try StackedRegressor(architecture: ModelArchitecture(cell: .simpleRNN, hiddenSizes: [4], features: 3, horizon: 1), parameters: [1])
        }
    }
}

extension ModelArchitecture: CustomTestStringConvertible {
    public var testDescription: String { "\(cell.rawValue)\(hiddenSizes) resetAfter=\(gruResetAfter)" }
}
