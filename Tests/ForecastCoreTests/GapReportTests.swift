@testable import ForecastCore
import Testing

@Test func weekdaysBetweenTwoDaysMatchesCountingDayByDay() {
    // Independent count: every day strictly between, by the weekday of its noon.
    func byDay(_ a: Int, _ b: Int) -> Int {
        guard b > a + 1 else { return 0 }
        return (a + 1..<b).filter { Timestamp(secondsSinceEpoch: Int64($0) * 86_400 + 43_200).weekday <= 5 }.count
    }
    var generator = SeededGenerator(seed: 12)
    for _ in 0..<500 {
        let a = Int.random(in: -1000...1000, using: &generator), b = a + Int.random(in: 0...40, using: &generator)
        #expect(TimeSeries.weekdays(strictlyBetween: a, and: b) == byDay(a, b), "\(a) .. \(b)")
    }
    // A thousand years at once.
    #expect(TimeSeries.weekdays(strictlyBetween: -365_000, and: 365_000) == byDay(-365_000, 365_000))
}
