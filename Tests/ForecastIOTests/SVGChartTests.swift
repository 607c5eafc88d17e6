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

    /// A band is one polygon per unbroken run (upper bounds forward, lower bounds back), counts in the
    /// value range, and has a legend swatch; a marker in the right half labels leftwards.
    @Test func bandsAreFilledPolygonsInsideTheValueRange() {
        var chart = SVGChart(title: "t", yLabel: "y")
        chart.add(.init(name: "history", points: (0..<5).map { (t0.adding(days: $0), 10.0) }))
        let band = (5..<9).map { (t0.adding(days: $0), Double($0) == 7 ? Double.nan : 0, 100.0) }
        chart.add(SVGChart.Band(name: "80 % interval", points: band, color: "#dd8452"))
        chart.markers = [(t0.adding(days: 8), "origin")]
        let svg = chart.render()
        #expect(svg.components(separatedBy: "<polygon").count - 1 == 1)   // days 5-6; day 8 alone draws nothing
        #expect(svg.contains(">80 % interval</text>") && svg.contains("<rect x=") && svg.contains("fill-opacity=\"0.2\""))
        #expect(svg.contains(">100</text>") && svg.contains(">0</text>"))  // the y axis reaches both bounds
        #expect(svg.contains("text-anchor=\"end\">origin</text>"))
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
