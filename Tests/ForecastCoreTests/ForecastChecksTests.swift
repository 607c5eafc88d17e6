import ForecastCore
import Testing

@Test func nonFiniteForecastStepIsFound() {
    let ok = Forecast(model: "lstm", target: "y", origin: nil, timestamps: nil, values: [1, 2])
    #expect(ok.firstNonFiniteStep == nil)
    let bad = Forecast(model: "lstm", target: "y", origin: nil, timestamps: nil, values: [1, .nan, .infinity])
    #expect(bad.firstNonFiniteStep == 1)
}

@Test func forecastDepartsFromTheHistoryRangeOnlyBeyondHalfItsWidth() {
    let history: [Double] = [10, .nan, 20, 15]   // range 10 .. 20, width 10: allowed 5 .. 25
    let inside = Forecast(model: "lstm", target: "y", origin: nil, timestamps: nil, values: [5, 25, 24.9])
    #expect(inside.departure(fromRangeOf: history) == nil)
    let above = Forecast(model: "lstm", target: "y", origin: nil, timestamps: nil, values: [21, 25.5])
    let d = above.departure(fromRangeOf: history)
    #expect(d?.step == 1 && d?.value == 25.5 && d?.low == 10 && d?.high == 20)
    let below = Forecast(model: "lstm", target: "y", origin: nil, timestamps: nil, values: [4.9])
    #expect(below.departure(fromRangeOf: history)?.step == 0)
    #expect(below.departure(fromRangeOf: [.nan]) == nil)
}

@Test func iso8601WithAnOffsetShowsTheLocalClock() {
    let t = Timestamp(year: 2018, month: 10, day: 1, hour: 12)
    #expect(t.iso8601(offset: -5 * 3600) == "2018-10-01T07:00:00-05:00")
    #expect(t.iso8601(offset: 5 * 3600 + 1800) == "2018-10-01T17:30:00+05:30")
    #expect(t.iso8601(offset: nil) == "2018-10-01T12:00:00Z")
    #expect(Timestamp(iso8601: "2018-10-01T07:00:00-05:00") == t)   // reads back as the same moment
}
