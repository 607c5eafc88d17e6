import ForecastCore

/// `count` uniform Floats in `range`, drawn from `generator` (deterministic for tests).
public func uniformFloats(_ count: Int, in range: ClosedRange<Float> = -1...1, using generator: inout SeededGenerator) -> [Float] {
    (0..<count).map { _ in range.lowerBound + (range.upperBound - range.lowerBound) * Float(generator.nextUnitDouble()) }
}

/// `count` uniform Doubles in `range`, drawn from `generator`.
public func uniformDoubles(_ count: Int, in range: ClosedRange<Double> = -1...1, using generator: inout SeededGenerator) -> [Double] {
    (0..<count).map { _ in range.lowerBound + (range.upperBound - range.lowerBound) * generator.nextUnitDouble() }
}
