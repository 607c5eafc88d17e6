import ForecastPreprocessing
import Testing

@Suite struct ChronologicalSplitTests {
    @Test func partsAreConsecutiveAndCoverEveryRow() throws {
        let s = try ChronologicalSplit.fractions(rows: 100, validation: 0.2, test: 0.1)
        #expect(s.training == 0..<70)
        #expect(s.validation == 70..<90)
        #expect(s.test == 90..<100)
    }

    @Test func smallFractionsStillGetMinimumRows() throws {
        let s = try ChronologicalSplit.fractions(rows: 20, validation: 0.01, minimumRows: 3)
        #expect(s.validation.count == 3)
        #expect(s.test.isEmpty)
    }

    @Test func fractionsThatLeaveNoTrainingAreRejected() {
        #expect(throws: SplitError.self) { try ChronologicalSplit.fractions(rows: 10, validation: 0.6, test: 0.5) }
        #expect(throws: SplitError.self) { try ChronologicalSplit.fractions(rows: 10, validation: 1.5) }
    }
}
