import ForecastPreprocessing
import Foundation
import Testing

/// Target transforms: exact inverses, domains, and Box–Cox λ against scipy.
@Suite struct TargetTransformTests {
    static let history: [Double] = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8]

    @Test(arguments: [TargetTransform.log, .log1p, .boxCox(lambda: 0.5), .boxCox(lambda: 0), .boxCox(lambda: -0.7),
                      .difference, .seasonalDifference(season: 4)])
    func inverseUndoesForwardOnTheStepsAfterTheHistory(transform: TargetTransform) {
        // Transform a longer series, then undo its last 5 values from the history before them.
        let all = Self.history + [9, 7, 9, 3, 2]
        let z = transform.forward(all)
        let back = transform.inverse(Array(z.suffix(5)), after: Self.history)
        #expect(zip(back, all.suffix(5)).allSatisfy { abs($0 - $1) < 1e-12 }, "\(transform.description): \(back)")
    }

    @Test func differencesLeaveTheFirstLagRowsEmptyAndChainForecasts() {
        #expect(TargetTransform.difference.forward([1, 4, 9]).dropFirst() == [3, 5])
        #expect(TargetTransform.seasonalDifference(season: 2).forward([1, 2, 4, 7])[0].isNaN)
        // sdiff with m = 2 after [.., 10, 20]: steps 1..4 add the level two steps earlier, including undone ones.
        #expect(TargetTransform.seasonalDifference(season: 2).inverse([1, 1, 1, 1], after: [0, 10, 20]) == [11, 21, 12, 22])
    }

    @Test func namesParseWithTheirParameters() {
        #expect(TargetTransform(parsing: "boxcox:0.5", season: nil) == .boxCox(lambda: 0.5))
        #expect(TargetTransform(parsing: "boxcox", season: nil) == .boxCox(lambda: nil))
        #expect(TargetTransform(parsing: "sdiff", season: 24) == .seasonalDifference(season: 24))
        #expect(TargetTransform(parsing: "sdiff:168", season: 24) == .seasonalDifference(season: 168))
        #expect(TargetTransform(parsing: "sdiff", season: nil) == nil && TargetTransform(parsing: "log:2", season: nil) == nil)
    }

    @Test func aValueOutsideTheDomainIsNamedByRow() {
        #expect(throws: TransformError.outOfDomain(transform: "log", column: "y", row: 2, value: 0)) {
            try TargetTransform.log.validate([1, 2, 0, 3], column: "y")
        }
        #expect(throws: Never.self) { try TargetTransform.log1p.validate([0, 0, 5], column: "y") }
    }

    struct Fixture: Decodable { var library: String; var cases: [Case]; struct Case: Decodable { var name: String; var y: [Double]; var lambda: Double } }

    @Test func boxCoxLambdaIsScipysMaximumLikelihoodEstimate() throws {
        let url = try #require(Bundle.module.url(forResource: "boxcox", withExtension: "json", subdirectory: "Fixtures"))
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
        #expect(fixture.library.hasPrefix("scipy"))
        for c in fixture.cases {
            #expect(abs(TargetTransform.boxCoxLambda(c.y) - c.lambda) < 1e-6, "\(c.name)")
            guard case .boxCox(let lambda?) = TargetTransform.boxCox(lambda: nil).resolved(on: c.y) else { Issue.record("not resolved"); continue }
            #expect(abs(lambda - c.lambda) < 1e-6)
        }
    }
}
