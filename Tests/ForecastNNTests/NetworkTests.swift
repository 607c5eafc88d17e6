import ForecastCore
import ForecastKernels
import ForecastNN
import Testing
import _ForecastTestSupport

@Suite struct NetworkTests {
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
        var model = try Network(architecture: architecture, generator: &g)
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
        let model = try Network(
            architecture: ModelArchitecture(cell: .gru, hiddenSizes: [4, 3], features: 2, horizon: 5), generator: &g)
        let shapes = model.parameterShapes.map { "\($0.layer):\($0.name)\($0.shape)" }
        #expect(shapes == ["0:kernel[2, 12]", "0:recurrent_kernel[4, 12]", "0:bias[2, 12]",
                           "1:kernel[4, 9]", "1:recurrent_kernel[3, 9]", "1:bias[2, 9]",
                           "2:kernel[3, 5]", "2:bias[5]"])
        #expect(model.parameterCount == model.parameterShapes.reduce(0) { $0 + $1.shape.reduce(1, *) })
        #expect(model.parameterOffsets == [0, 24 + 48 + 24, 96 + 36 + 27 + 18])
        #expect(model.kernelMask.filter { $0 }.count == 24 + 48 + 36 + 27 + 15)
        #expect(model.layers.map(\.returnSequences) == [true, false, false])
    }

    /// LSTM, SimpleRNN and GRU (reset_after) stacks predict through the stepwise path (per layer and
    /// step one GEMM over `[x_t | h]`, two for GRU), GRU with reset_after = false through the training
    /// forward pass: both agree with `forward`.
    @Test(arguments: architectures, GemmBackend.allCases)
    func predictMatchesForwardAndChecksShapes(architecture: ModelArchitecture, backend: GemmBackend) throws {
        try GemmBackend.with(backend) {
            var g = SeededGenerator(seed: 5)
            var model = try Network(architecture: architecture, generator: &g)
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

    /// Networks of other shapes (Keras imports): Dense layers with activations before, between and
    /// after recurrent layers, a recurrent last layer.
    static let layerLists: [[LayerSpec]] = [
        [.dense(units: 3, activation: .elu), .recurrent(.lstm, units: 3, returnSequences: true), .recurrent(.gru, units: 2),
         .dense(units: 4, activation: .tanh), .dense(units: 2, activation: .sigmoid)],
        [.recurrent(.simpleRNN, units: 3, returnSequences: true), .dense(units: 2, activation: .softplus),
         .recurrent(.gru, units: 3, resetAfter: false), .dense(units: 2, activation: .gelu)],
        [.recurrent(.lstm, units: 3, returnSequences: true), .dense(units: 4, activation: .silu), .recurrent(.simpleRNN, units: 2),
         .dense(units: 3)],
        [.recurrent(.gru, units: 3)],
    ]

    @Test(arguments: layerLists, GemmBackend.allCases)
    func mixedNetworkGradientsMatchFiniteDifferences(layers: [LayerSpec], backend: GemmBackend) throws {
        try GemmBackend.with(backend) {
            let (B, T, F) = (2, 4, 2)
            var g = SeededGenerator(seed: 23)
            var network = try Network(features: F, layers: layers, generator: &g)
            network.parameters = uniformFloats(network.parameterCount, in: -0.7...0.7, using: &g)
            let input = uniformFloats(B * T * F, using: &g), c = uniformFloats(B * network.outputs, using: &g)
            let workspace = ModelWorkspace()
            func loss(_ p: [Float]) -> Double {
                var m = network
                m.parameters = p
                return input.withUnsafeBufferPointer { x in
                    zip(m.forward(input: x, batch: B, time: T, workspace: workspace), c).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
                }
            }
            _ = loss(network.parameters)
            var gradients = [Float](repeating: 0, count: network.parameterCount)
            c.withUnsafeBufferPointer { c in gradients.withUnsafeMutableBufferPointer { network.backward(dOutput: c, workspace: workspace, gradients: $0) } }
            #expect(gradientCheckError(analytic: gradients, of: loss, at: network.parameters) < RecurrentLayerTests.gradientTolerance)
        }
    }

    /// The prediction path (stepwise, Dense layers on sequences stepwise too and those after the last
    /// recurrent layer on its final state) or, with a reset_after = false GRU, the forward pass: both
    /// agree with `forward`.
    @Test(arguments: layerLists, GemmBackend.allCases)
    func mixedNetworkPredictMatchesForward(layers: [LayerSpec], backend: GemmBackend) throws {
        try GemmBackend.with(backend) {
            var g = SeededGenerator(seed: 6)
            var network = try Network(features: 2, layers: layers, generator: &g)
            network.parameters = uniformFloats(network.parameterCount, in: -0.7...0.7, using: &g)
            let count = 300, T = 3
            let x = uniformFloats(count * T * 2, using: &g)
            let y = try network.predict(x, count: count, time: T)
            let workspace = ModelWorkspace()
            let direct = withExtendedLifetime(workspace) {
                x.withUnsafeBufferPointer { Array(network.forward(input: $0, batch: count, time: T, workspace: workspace)) }
            }
            #expect(y.count == count * network.outputs)
            let worst = zip(y, direct).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
            #expect(worst <= 1e-5, "\(worst)")
            #expect(try network.predict(x, count: count, time: T, threads: 2) == y)
        }
    }

    @Test func stackedArchitectureIsItsLayerListAndComesBack() throws {
        var g = SeededGenerator(seed: 1)
        for architecture in Self.architectures {
            let network = try Network(architecture: architecture, generator: &g)
            #expect(network.specs == architecture.layers)
            #expect(network.architecture == architecture)
        }
        let mixed = try Network(features: 2, layers: Self.layerLists[0], generator: &g)
        #expect(mixed.architecture == nil)
        #expect(mixed.specs == Self.layerLists[0])
    }

    @Test func layersThatDoNotChainAreRejected() {
        var g = SeededGenerator(seed: 1)
        let cases: [([LayerSpec], String)] = [
            ([.recurrent(.lstm, units: 3), .recurrent(.gru, units: 2), .dense(units: 1)], "set return_sequences=True on layer 0"),
            ([.recurrent(.lstm, units: 3, returnSequences: true), .dense(units: 1)], "the last layer returns a sequence"),
            ([], "no layers"),
            ([.recurrent(.lstm, units: 0), .dense(units: 1)], "expected at least 1 unit"),
        ]
        for (layers, fragment) in cases {
            let error = #expect(throws: ModelError.self) { try Network(features: 1, layers: layers, generator: &g) }
            guard case let .network(problem)? = error else { Issue.record("\(layers): \(String(describing: error))"); continue }
            #expect(problem.contains(fragment), "\(problem)")
        }
    }

    @Test func invalidArchitecturesAreRejectedWithTheField() {
        var g = SeededGenerator(seed: 1)
        #expect(throws: ModelError.invalid(field: "hiddenSizes[1]", value: "0", expected: "at least 1 unit per layer")) {
            try Network(architecture: ModelArchitecture(hiddenSizes: [3, 0], features: 1, horizon: 1), generator: &g)
        }
        #expect(throws: ModelError.parameterCount(found: 1, expected: 3 * 4 + 4 * 4 + 4 + 4 + 1)) {
            try Network(architecture: ModelArchitecture(cell: .simpleRNN, hiddenSizes: [4], features: 3, horizon: 1), parameters: [1])
        }
    }
}

extension LayerSpec: CustomTestStringConvertible {
    public var testDescription: String { summary }
}

extension ModelArchitecture: CustomTestStringConvertible {
    public var testDescription: String { "\(cell.rawValue)\(hiddenSizes) resetAfter=\(gruResetAfter)" }
}
