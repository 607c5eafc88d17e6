import ForecastCore

/// Several SVG drawings in one file: small multiples on a grid of `columns`, under a title, and any
/// full-width drawings below them (a distribution across all series). Each drawing keeps its own
/// size; a grid row is as tall as its tallest panel.
public struct SVGGrid: Sendable {
    public var title: String
    /// Panels, filled row by row.
    public var panels: [SVGChart]
    public var columns: Int
    /// Drawings placed below the grid, one per row.
    public var footer: [SVGBoxPlot]

    public init(title: String, panels: [SVGChart], columns: Int = 2, footer: [SVGBoxPlot] = []) {
        self.title = title
        self.panels = panels
        self.columns = max(1, columns)
        self.footer = footer
    }

    /// The grid as SVG text: the panels and footers as nested `<svg>` elements.
    public func render() -> String {
        let top = 36.0
        var placed: [(x: Double, y: Double, svg: String)] = []
        var y = top, width = 0.0
        for start in stride(from: 0, to: panels.count, by: columns) {
            let row = panels[start..<min(start + columns, panels.count)]
            var x = 0.0
            for panel in row {
                placed.append((x, y, panel.render()))
                x += panel.width
            }
            width = max(width, x)
            y += row.map(\.height).max() ?? 0
        }
        for drawing in footer {
            placed.append((0, y, drawing.render()))
            width = max(width, drawing.width)
            y += drawing.height
        }
        var out = SVGChart.opening(width: width, height: y, title: title, titleX: width / 2, page: true)
        let root = "<svg xmlns=\"http://www.w3.org/2000/svg\" "
        for p in placed {
            // A nested <svg> is a viewport at (x, y) of the outer drawing.
            out += p.svg.hasPrefix(root) ? "<svg x=\"\(Int(p.x))\" y=\"\(Int(p.y))\" " + p.svg.dropFirst(root.count) : p.svg
            out += "\n"
        }
        return out + "</svg>\n"
    }
}

/// Box plots of one value per item for several groups, on a shared horizontal axis: per group the
/// quartiles (box), the median (a thick line), the extremes (whiskers) and every value (dots). Used
/// for the distribution of per-series MASE per model.
public struct SVGBoxPlot: Sendable {
    public var title: String
    /// What the axis measures (e.g. "MASE").
    public var xLabel: String
    /// One row per group: its name and values (NaN and infinities are left out).
    public var groups: [(name: String, values: [Double])]
    /// A vertical reference line (e.g. 1 for MASE); `nil` for none.
    public var reference: Double?
    public var width = 960.0
    public var height: Double { 70 + 44 * Double(max(groups.count, 1)) }

    public init(title: String, xLabel: String, groups: [(name: String, values: [Double])], reference: Double? = nil) {
        self.title = title
        self.xLabel = xLabel
        self.groups = groups
        self.reference = reference
    }

    public func render() -> String {
        let left = 140.0, right = 40.0, top = 36.0
        let plotW = width - left - right
        let finite = groups.map { ($0.name, $0.values.filter(\.isFinite).sorted()) }
        let all = finite.flatMap(\.1) + (reference.map { [$0] } ?? [])
        var lo = all.min() ?? 0, hi = all.max() ?? 1
        if hi <= lo { lo -= 1; hi += 1 }
        let ticks = SVGChart.niceTicks(lo, hi, count: 6)
        lo = min(lo, ticks.first ?? lo); hi = max(hi, ticks.last ?? hi)
        func x(_ v: Double) -> Double { left + (v - lo) / (hi - lo) * plotW }
        func n(_ v: Double) -> String { String(Int((v * 10).rounded()) / 10) }
        let bottom = top + 44 * Double(max(groups.count, 1))
        var out = SVGChart.opening(width: width, height: height, title: title, titleX: left + plotW / 2)
        out += "<g stroke=\"#ddd\">\n"
        for t in ticks { out += "<line x1=\"\(n(x(t)))\" x2=\"\(n(x(t)))\" y1=\"\(n(top))\" y2=\"\(n(bottom))\"/>\n" }
        out += "</g>\n<g text-anchor=\"middle\">\n"
        for t in ticks { out += "<text x=\"\(n(x(t)))\" y=\"\(n(bottom + 16))\">\(SVGChart.label(t))</text>\n" }
        out += "</g>\n"
        out += "<text x=\"\(n(left + plotW / 2))\" y=\"\(n(bottom + 34))\" text-anchor=\"middle\">\(SVGChart.escape(xLabel))</text>\n"
        if let reference {
            out += "<line x1=\"\(n(x(reference)))\" x2=\"\(n(x(reference)))\" y1=\"\(n(top))\" y2=\"\(n(bottom))\" "
                + "stroke=\"#888\" stroke-dasharray=\"4 3\"/>\n"
        }
        for (g, (name, values)) in finite.enumerated() {
            let color = SVGChart.palette[g % SVGChart.palette.count]
            let mid = top + 44 * Double(g) + 22
            out += "<text x=\"\(n(left - 8))\" y=\"\(n(mid + 4))\" text-anchor=\"end\">\(SVGChart.escape(name)) (\(values.count))</text>\n"
            guard !values.isEmpty else { continue }
            let q1 = values.quantileOfSorted(0.25), q2 = values.quantileOfSorted(0.5), q3 = values.quantileOfSorted(0.75)
            out += "<line x1=\"\(n(x(values[0])))\" x2=\"\(n(x(values[values.count - 1])))\" y1=\"\(n(mid))\" y2=\"\(n(mid))\" stroke=\"\(color)\"/>\n"
            out += "<rect x=\"\(n(x(q1)))\" y=\"\(n(mid - 12))\" width=\"\(n(max(x(q3) - x(q1), 1)))\" height=\"24\" "
                + "fill=\"\(color)\" fill-opacity=\"0.25\" stroke=\"\(color)\"/>\n"
            out += "<line x1=\"\(n(x(q2)))\" x2=\"\(n(x(q2)))\" y1=\"\(n(mid - 12))\" y2=\"\(n(mid + 12))\" stroke=\"\(color)\" stroke-width=\"3\"/>\n"
            for v in values { out += "<circle cx=\"\(n(x(v)))\" cy=\"\(n(mid))\" r=\"2\" fill=\"\(color)\" fill-opacity=\"0.5\"/>\n" }
        }
        return out + "</svg>\n"
    }
}
