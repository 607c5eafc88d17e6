import ForecastCore
import ForecastKernels
import ForecastNN
import ForecastTraining
import Testing
import _ForecastTestSupport

/// Adam steps against Keras 3 (fixtures in Tests/ForecastNNTests/Fixtures, see its README.md).
@Suite struct AdamFixtureTests {
    /// 1e-4 relative, as required for weights after Adam steps; entries are compared at a scale of
    /// at least 1% of the largest weight (a weight near 0 carries the rounding of the steps that
    /// moved it, about 1e-8 of the learning rate's scale).
    static let tolerance = 1e-4

    static func model(for fixture: RNNFixture) throws -> Network {
        let recurrent = fixture.layers.dropLast()
        let kind: CellKind = switch recurrent.first!.type { case "lstm": .lstm; case "gru": .gru; default: .simpleRNN }
        return try Network(
            architecture: ModelArchitecture(cell: kind, hiddenSizes: recurrent.map(\.units), features: fixture.features,
                                            horizon: fixture.horizon, gruResetAfter: recurrent.first!.reset_after ?? true),
            parameters: fixture.weights.flattened)
    }

    static func floor(_ values: [Float]) -> Double { 1e-2 * Double(values.map(abs).max() ?? 0) }

    func adam(for fixture: RNNFixture, count: Int) -> Adam {
        let a = fixture.adam
        return Adam(parameterCount: count, learningRate: a.learning_rate, beta1: a.beta_1, beta2: a.beta_2, epsilon: a.epsilon)
    }

    /// Keras' own gradients fed to our Adam (and clipping): isolates the optimizer's arithmetic.
    @Test(arguments: RNNFixture.cases)
    func adamOnKerasGradientsGivesKerasWeights(name: String) throws {
        let fixture = try RNNFixture.load(name)
        var w = fixture.weights.flattened
        var optimizer = adam(for: fixture, count: w.count)
        for (step, arrays) in fixture.adam.step_gradients.enumerated() {
            var g = arrays.flattened
            if let clip = fixture.adam.global_clipnorm { GradientClipping.clip(&g, maxNorm: clip) }
            optimizer.update(&w, gradients: g)
            if step == 0 {
                let keras = fixture.adam.weights_after_1.flattened
                #expect(maxRelativeError(w, keras, floor: Self.floor(keras)) < Self.tolerance)
            }
        }
        let keras = fixture.adam.weights_after_5.flattened
        #expect(maxRelativeError(w, keras, floor: Self.floor(keras)) < Self.tolerance)
    }

    /// Our whole step — forward, MSE, BPTT, clipping, Adam — five times from Keras' weights.
    @Test(arguments: RNNFixture.cases, GemmBackend.allCases)
    func fiveTrainingStepsGiveKerasWeightsAndLosses(name: String, backend: GemmBackend) throws {
        try GemmBackend.with(backend) { try fiveSteps(name: name) }
    }

    func fiveSteps(name: String) throws {
        let fixture = try RNNFixture.load(name)
        var model = try Self.model(for: fixture)
        var optimizer = adam(for: fixture, count: model.parameterCount)
        let workspace = ModelWorkspace()
        let n = fixture.batch * fixture.horizon
        for step in 0..<5 {
            var dOutput = [Float](repeating: 0, count: n)
            let loss = fixture.input.withUnsafeBufferPointer { x in fixture.target.withUnsafeBufferPointer { y in
                dOutput.withUnsafeMutableBufferPointer { d in
                    LossFunction.mse.evaluate(predictions: model.forward(input: x, batch: fixture.batch, time: fixture.time, workspace: workspace),
                                              targets: y, gradient: d)
                }
            } }
            // Loss before each step: Float32 forward against Keras, 1e-5 relative (see KerasFixtureTests).
            #expect(isClose(loss, fixture.adam.losses[step], relative: 1e-5), "step \(step + 1)")
            var g = [Float](repeating: 0, count: model.parameterCount)
            dOutput.withUnsafeBufferPointer { d in g.withUnsafeMutableBufferPointer { model.backward(dOutput: d, workspace: workspace, gradients: $0) } }
            if let clip = fixture.adam.global_clipnorm { GradientClipping.clip(&g, maxNorm: clip) }
            optimizer.update(&model.parameters, gradients: g)
            if step == 0 {
                let keras = fixture.adam.weights_after_1.flattened
                #expect(maxRelativeError(model.parameters, keras, floor: Self.floor(keras)) < Self.tolerance)
            }
        }
        let keras = fixture.adam.weights_after_5.flattened
        #expect(maxRelativeError(model.parameters, keras, floor: Self.floor(keras)) < Self.tolerance)
    }
}
