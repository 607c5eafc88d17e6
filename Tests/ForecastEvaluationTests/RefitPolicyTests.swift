import Foundation
import Testing
@testable import ForecastEvaluation

@Suite struct RefitPolicyTests {
    @Test func parsesItsCommandLineSpellings() throws {
        #expect(try RefitPolicy(parsing: "every-fold") == .everyFold)
        #expect(try RefitPolicy(parsing: "once") == .once)
        #expect(try RefitPolicy(parsing: "3") == .every(folds: 3))
        #expect(try RefitPolicy(parsing: "1") == .everyFold)
        do {
            _ = try RefitPolicy(parsing: "sometimes")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)" == "--refit-every sometimes: expected every-fold, once, or a number of folds of at least 1")
        }
    }

    @Test func refitsAtTheFirstFoldAndEveryKth() {
        #expect((1...7).filter { RefitPolicy.every(folds: 3).refits(atFold: $0) } == [1, 4, 7])
        #expect((1...3).filter { RefitPolicy.once.refits(atFold: $0) } == [1])
        #expect((1...3).filter { RefitPolicy.everyFold.refits(atFold: $0) } == [1, 2, 3])
    }

    @Test func encodesAsItsSpelling() throws {
        var c = BacktestConfiguration()
        c.refit = .every(folds: 4)
        let json = String(decoding: try JSONEncoder().encode(c), as: UTF8.self)
        #expect(json.contains("\"refit\":\"4\""))
        #expect(try JSONDecoder().decode(BacktestConfiguration.self, from: Data(json.utf8)) == c)
    }
}
