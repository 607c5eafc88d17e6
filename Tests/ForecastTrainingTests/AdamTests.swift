import ForecastTraining
import Testing
import _ForecastTestSupport

@Suite struct AdamTests {
    /// Two steps by hand (lr 0.1, Keras' betas and epsilon), from w = 1 with gradients 0.5 then -0.25.
    /// The hyper-parameters are Float32, as in Keras: 0.9 and 0.999 round to 0.89999998 and
    /// 0.99900001, so 1 - β1 = 0.10000002 and 1 - β2 = 0.00099998713.
    /// - step 1: m = 0.5·0.10000002 = 0.050000012, v = 0.25·0.00099998713 = 0.00024999678,
    ///   alpha = 0.1·sqrt(1 - β2)/(1 - β1), w = 1 - alpha·m/(sqrt(v) + 1e-7) = 0.90000063097;
    /// - step 2: m = m + (-0.25 - m)(1 - β1) = 0.020000004, v = v + (0.0625 - v)(1 - β2) = 0.00031224598,
    ///   alpha = 0.1·sqrt(1 - β2²)/(1 - β1²), w = 0.87336707863.
    @Test func adamMatchesTwoHandDerivedSteps() {
        var adam = Adam(parameterCount: 1, learningRate: 0.1)
        var w: [Float] = [1]
        // Float32 arithmetic a few operations deep: 1e-6 relative.
        adam.update(&w, gradients: [0.5])
        #expect(isClose(Double(adam.m[0]), 0.050_000_012, relative: 1e-6))
        #expect(isClose(Double(adam.v[0]), 0.000_249_996_78, relative: 1e-6))
        #expect(isClose(Double(w[0]), 0.900_000_630_97, relative: 1e-6))
        adam.update(&w, gradients: [-0.25])
        #expect(isClose(Double(adam.m[0]), 0.020_000_004, relative: 1e-6))
        #expect(isClose(Double(adam.v[0]), 0.000_312_245_98, relative: 1e-6))
        #expect(isClose(Double(w[0]), 0.873_367_078_63, relative: 1e-6))
        #expect(adam.step == 2)
    }

    @Test func adamDefaultsAreKeras() {
        let adam = Adam(parameterCount: 3)
        #expect(adam.learningRate == 1e-3 && adam.beta1 == 0.9 && adam.beta2 == 0.999 && adam.epsilon == 1e-7)
    }
}
