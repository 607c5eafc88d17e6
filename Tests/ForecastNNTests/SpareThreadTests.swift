import Foundation
import ForecastCore
import ForecastKernels
import ForecastNN
import Testing
import _ForecastTestSupport

/// A layer's windows may run in two halves on two threads when a spare thread waits (`SpareThreads`,
/// a backtest's worker with no fit left). Whether one waits depends on timing, so the halves must give
/// exactly the numbers of the whole batch.
@Suite struct SpareThreadTests {
    static let architectures: [ModelArchitecture] = [
        ModelArchitecture(cell: .lstm, hiddenSizes: [40, 24], features: 3, horizon: 5),
        ModelArchitecture(cell: .lstm, hiddenSizes: [64], features: 1, horizon: 3),
    ]

    @Test(arguments: architectures)
    func halvesOnASpareThreadGiveTheWholeBatchsBits(architecture: ModelArchitecture) throws {
        let (B, T) = (70, 6)
        var g = SeededGenerator(seed: 8)
        var model = try Network(architecture: architecture, generator: &g)
        model.parameters = uniformFloats(model.parameterCount, in: -0.5...0.5, using: &g)
        let input = uniformFloats(B * T * architecture.features, using: &g)
        let dOutput = uniformFloats(B * architecture.horizon, using: &g)
        let network = model

        func pass() -> (output: [UInt32], gradients: [UInt32]) {
            GemmBackend.with(.oneDNN) {
                BLASThreads.withThisThread(1) {
                    let workspace = ModelWorkspace()
                    let output = input.withUnsafeBufferPointer { Array(network.forward(input: $0, batch: B, time: T, workspace: workspace)) }
                    var gradients = [Float](repeating: 0, count: network.parameterCount)
                    dOutput.withUnsafeBufferPointer { d in
                        gradients.withUnsafeMutableBufferPointer { network.backward(dOutput: d, workspace: workspace, gradients: $0) }
                    }
                    return (output.map(\.bitPattern), gradients.map(\.bitPattern))
                }
            }
        }

        let whole = pass()
        // A spare thread of this test's own meeting point waits while the passes run and takes second halves.
        let spares = SpareThreads(), done = Flag()
        let spare = Thread { spares.lend(until: { done.isSet }) }
        spare.start()
        defer { done.set() }
        for attempt in 0..<50 where spares.halvesRun == 0 {
            Thread.sleep(forTimeInterval: 0.002)   // let the spare thread start waiting
            let split = SpareThreads.$current.withValue(spares) { pass() }
            let sameOutput = split.output == whole.output, sameGradients = split.gradients == whole.gradients
            #expect(sameOutput, "attempt \(attempt): the output differs from the whole batch's")
            #expect(sameGradients, "attempt \(attempt): \(zip(split.gradients, whole.gradients).filter { $0 != $1 }.count) gradients differ")
        }
        #expect(spares.halvesRun > 0, "no half ever ran on the spare thread")
    }

    @Test func withoutASpareThreadTheWorkRunsWholeHere() {
        var parts: [Range<Int>] = []
        SpareThreads().split(100, minimum: 16) { parts.append($0) }
        #expect(parts == [0..<100])
    }
}

private final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
