import ForecastCore
@testable import ForecastIO
import Testing

@Suite struct SVGChartTests {
    let t0 = Timestamp(year: 2013, month: 1, day: 1)

    @Test func chartDrawsOneLinePerSeriesWithLegendAndAxisLabels() {
        var chart = SVGChart(title: "temp_f <JFK>", yLabel: "temp_f")
        chart.add(.init(name: "history", points: (0..<10).map { (t0.adding(days: $0), Double($0)) }))
        chart.add(.init(name: "forecast", points: (10..<13).map { (t0.adding(days: $0), Double($0)) }, dashed: true))
        chart.markers = [(t0.adding(days: 10), "origin")]
        let svg = chart.render()
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 2)
        #expect(svg.contains("stroke-dasharray=\"6 3\" points="))
        #expect(svg.contains(">history</text>") && svg.contains(">forecast</text>"))
        #expect(svg.contains("temp_f &lt;JFK&gt;"))  // escaped title
        #expect(svg.contains(">2013-01-10</text>"))  // a dated time tick (weekly ticks for 12 days)
        #expect(svg.contains(">time (UTC)</text>"))
    }

    @Test func missingValuesBreakTheLine() {
        var chart = SVGChart(title: "gaps", yLabel: "y")
        let values: [Double] = [1, 2, .nan, 4, 5]
        chart.add(.init(name: "y", points: values.enumerated().map { (t0.adding(days: $0.offset), $0.element) }))
        #expect(chart.render().components(separatedBy: "<polyline").count - 1 == 2)
    }

    @Test func ticksAreRoundNumbersCoveringTheRange() {
        #expect(SVGChart.niceTicks(12.0, 98.1, count: 6) == [0, 20, 40, 60, 80, 100])
        #expect(SVGChart.label(1042.1) == "1042.1")
        #expect(SVGChart.label(-0.5) == "-0.5")
    }
}
