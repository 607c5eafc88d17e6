import ForecastCore

/// A line chart over time, written as a standalone SVG: labelled axes with dates, one polyline per
/// series, a legend. Used for `--plot` outputs (history, validation fit, forecast; backtest folds).
///
/// ```swift
/// var chart = SVGChart(title: "temp_f, JFK", yLabel: "temp_f")
/// chart.add(SVGChart.Series(name: "history", points: zip(times, values).map { ($0, $1) }))
/// let svg = chart.render()
/// ```
public struct SVGChart: Sendable {
    /// One line of the chart.
    public struct Series: Sendable {
        public var name: String
        /// `(time, value)` pairs in time order; NaN values break the line.
        public var points: [(Timestamp, Double)]
        /// CSS colour; a palette colour when `nil`.
        public var color: String?
        /// Dashed stroke (forecasts), solid otherwise.
        public var dashed: Bool

        public init(name: String, points: [(Timestamp, Double)], color: String? = nil, dashed: Bool = false) {
            self.name = name
            self.points = points
            self.color = color
            self.dashed = dashed
        }
    }

    /// A shaded area between a lower and an upper line (a prediction interval).
    public struct Band: Sendable {
        public var name: String
        /// `(time, lower, upper)` in time order; a NaN bound breaks the band.
        public var points: [(Timestamp, Double, Double)]
        public var color: String
        /// Fill opacity, 0…1. Default 0.2.
        public var opacity: Double

        public init(name: String, points: [(Timestamp, Double, Double)], color: String, opacity: Double = 0.2) {
            self.name = name
            self.points = points
            self.color = color
            self.opacity = opacity
        }
    }

    public var title: String
    public var yLabel: String
    public var series: [Series] = []
    /// Shaded bands, drawn under the lines.
    public var bands: [Band] = []
    /// Vertical marker lines with a label (a forecast origin, the start of validation).
    public var markers: [(Timestamp, String)] = []
    /// Canvas size in pixels. Default 960 × 480.
    public var width = 960.0, height = 480.0

    public init(title: String, yLabel: String) {
        self.title = title
        self.yLabel = yLabel
    }

    public mutating func add(_ s: Series) { series.append(s) }

    public mutating func add(_ b: Band) { bands.append(b) }

    /// The default line colours, in order (seaborn's "deep" palette).
    public static let palette = ["#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860", "#da8bc3", "#8c8c8c"]

    /// The chart as SVG text.
    public func render() -> String {
        let left = 80.0, right = 170.0, top = 40.0, bottom = 60.0
        let plotW = width - left - right, plotH = height - top - bottom
        let all = (series.flatMap(\.points) + bands.flatMap { $0.points.flatMap { [($0.0, $0.1), ($0.0, $0.2)] } })
            .filter { $0.1.isFinite }
        let tMin = Double(all.map(\.0.secondsSinceEpoch).min() ?? 0)
        var tMax = Double(all.map(\.0.secondsSinceEpoch).max() ?? 1)
        if tMax <= tMin { tMax = tMin + 1 }
        var yMin = all.map(\.1).min() ?? 0, yMax = all.map(\.1).max() ?? 1
        if yMax <= yMin { yMin -= 1; yMax += 1 }
        let yTicks = Self.niceTicks(yMin, yMax, count: 6)
        yMin = min(yMin, yTicks.first ?? yMin); yMax = max(yMax, yTicks.last ?? yMax)
        func x(_ t: Timestamp) -> Double { left + (Double(t.secondsSinceEpoch) - tMin) / (tMax - tMin) * plotW }
        func y(_ v: Double) -> Double { top + (1 - (v - yMin) / (yMax - yMin)) * plotH }

        var out = Self.opening(width: width, height: height, title: title, titleX: left + plotW / 2)
        // Axes and grid.
        out += "<g stroke=\"#ddd\">\n"
        for v in yTicks { out += "<line x1=\"\(f(left))\" x2=\"\(f(left + plotW))\" y1=\"\(f(y(v)))\" y2=\"\(f(y(v)))\"/>\n" }
        out += "</g>\n<g text-anchor=\"end\">\n"
        for v in yTicks { out += "<text x=\"\(f(left - 6))\" y=\"\(f(y(v) + 4))\">\(Self.label(v))</text>\n" }
        out += "</g>\n"
        let timeTicks = Self.timeTicks(from: tMin, to: tMax, count: 6)
        out += "<g text-anchor=\"middle\">\n"
        for t in timeTicks {
            let px = x(t)
            out += "<line x1=\"\(f(px))\" x2=\"\(f(px))\" y1=\"\(f(top + plotH))\" y2=\"\(f(top + plotH + 5))\" stroke=\"black\"/>\n"
            out += "<text x=\"\(f(px))\" y=\"\(f(top + plotH + 20))\">\(Self.dateLabel(t, span: tMax - tMin))</text>\n"
        }
        out += "</g>\n"
        out += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(plotW))\" height=\"\(f(plotH))\" fill=\"none\" stroke=\"black\"/>\n"
        out += "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(height - 15))\" text-anchor=\"middle\">\(Self.timeAxisTitle)</text>\n"
        out += "<text transform=\"translate(20 \(f(top + plotH / 2))) rotate(-90)\" text-anchor=\"middle\">\(Self.escape(yLabel))</text>\n"
        // Markers; a label in the right half reads leftwards from its line, so it stays inside the plot.
        for (t, text) in markers {
            let px = x(t)
            let rightHalf = px > left + plotW / 2
            out += "<line x1=\"\(f(px))\" x2=\"\(f(px))\" y1=\"\(f(top))\" y2=\"\(f(top + plotH))\" stroke=\"#999\" stroke-dasharray=\"2 3\"/>\n"
            out += "<text x=\"\(f(rightHalf ? px - 3 : px + 3))\" y=\"\(f(top + 12))\" fill=\"#666\" font-size=\"10\""
                + (rightHalf ? " text-anchor=\"end\"" : "") + ">\(Self.escape(text))</text>\n"
        }
        // Bands, each closed polygon running along the upper bounds and back along the lower ones.
        for (i, band) in bands.enumerated() {
            var segments: [[(Timestamp, Double, Double)]] = [[]]
            for p in band.points {
                if p.1.isFinite && p.2.isFinite { segments[segments.count - 1].append(p) } else { segments.append([]) }
            }
            for seg in segments where seg.count > 1 {
                let upper = seg.map { "\(f(x($0.0))),\(f(y($0.2)))" }, lower = seg.reversed().map { "\(f(x($0.0))),\(f(y($0.1)))" }
                out += "<polygon fill=\"\(band.color)\" fill-opacity=\"\(band.opacity)\" stroke=\"none\" "
                    + "points=\"\((upper + lower).joined(separator: " "))\"/>\n"
            }
            let ly = top + 10 + Double(series.count + i) * 18
            out += "<rect x=\"\(f(left + plotW + 12))\" y=\"\(f(ly - 6))\" width=\"24\" height=\"12\" fill=\"\(band.color)\" "
                + "fill-opacity=\"\(band.opacity)\"/>\n"
            out += "<text x=\"\(f(left + plotW + 42))\" y=\"\(f(ly + 4))\">\(Self.escape(band.name))</text>\n"
        }
        // Lines.
        for (i, s) in series.enumerated() {
            let color = s.color ?? Self.palette[i % Self.palette.count]
            var segments: [[String]] = [[]]
            for (t, v) in s.points {
                if v.isFinite { segments[segments.count - 1].append("\(f(x(t))),\(f(y(v)))") } else { segments.append([]) }
            }
            for seg in segments where !seg.isEmpty {
                let dash = s.dashed ? " stroke-dasharray=\"6 3\"" : ""
                if seg.count == 1 {
                    let xy = seg[0].split(separator: ",")
                    out += "<circle cx=\"\(xy[0])\" cy=\"\(xy[1])\" r=\"2\" fill=\"\(color)\"/>\n"
                } else {
                    out += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\"\(dash) points=\"\(seg.joined(separator: " "))\"/>\n"
                }
            }
            // Legend entry.
            let ly = top + 10 + Double(i) * 18
            let dash = s.dashed ? " stroke-dasharray=\"6 3\"" : ""
            out += "<line x1=\"\(f(left + plotW + 12))\" x2=\"\(f(left + plotW + 36))\" y1=\"\(f(ly))\" y2=\"\(f(ly))\" stroke=\"\(color)\" stroke-width=\"2\"\(dash)/>\n"
            out += "<text x=\"\(f(left + plotW + 42))\" y=\"\(f(ly + 4))\">\(Self.escape(s.name))</text>\n"
        }
        out += "</svg>\n"
        return out
    }

    private func f(_ v: Double) -> String { String(Int((v * 10).rounded())).withDecimal() }

    /// About `count` round tick values covering `lo...hi`.
    static func niceTicks(_ lo: Double, _ hi: Double, count: Int) -> [Double] {
        let raw = (hi - lo) / Double(max(count - 1, 1))
        let magnitude = pow10(floorLog10(raw))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        let first = (lo / step).rounded(.down) * step
        var ticks: [Double] = []
        var v = first
        while v <= hi + step * 0.5 && ticks.count < 50 { ticks.append(v); v += step }
        return ticks
    }

    /// Tick times at round calendar units (hours, days, months, years) across `from...to` seconds.
    static func timeTicks(from: Double, to: Double, count: Int) -> [Timestamp] {
        let span = to - from
        let candidates: [Int64] = [3600, 6 * 3600, 86_400, 7 * 86_400, 30 * 86_400, 91 * 86_400, 365 * 86_400,
                                   2 * 365 * 86_400, 5 * 365 * 86_400, 10 * 365 * 86_400, 20 * 365 * 86_400,
                                   50 * 365 * 86_400]
        let step = candidates.first { Double($0) * Double(count) >= span } ?? candidates.last!
        var ticks: [Timestamp] = []
        var t = Timestamp(secondsSinceEpoch: Int64(from)).roundedUp(toStep: step)
        while Double(t.secondsSinceEpoch) <= to && ticks.count < 30 {
            ticks.append(t)
            t = t.advanced(byStep: step)
        }
        return ticks
    }

    /// "time (UTC)", "time (America/Chicago)" under `--timezone`, or "local time" for times that named
    /// no zone (``Timestamp/DisplayZone/naive``).
    static var timeAxisTitle: String {
        guard let zone = Timestamp.displayZone else { return "time (UTC)" }
        return zone.showsOffset ? "time (\(escape(zone.name)))" : "local time"
    }

    static func dateLabel(_ t: Timestamp, span: Double) -> String {
        let c = t.displayCivil
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        if span <= 3 * 86_400 { return "\(two(c.month))-\(two(c.day)) \(two(c.hour)):00" }
        if span <= 2 * 365 * 86_400 { return "\(c.year)-\(two(c.month))-\(two(c.day))" }
        return "\(c.year)"
    }

    static func label(_ v: Double) -> String {
        let a = abs(v)
        if a >= 1e5 || (a < 1e-3 && a > 0) {
            let e = floorLog10(a)
            return "\(label(v / pow10(e)))e\(e)"
        }
        var s = String(Int64((v * 1000).rounded()))
        // Three decimals, trailing zeros dropped.
        let negative = s.hasPrefix("-")
        if negative { s.removeFirst() }
        while s.count < 4 { s = "0" + s }
        var whole = String(s.dropLast(3)), frac = String(s.suffix(3))
        while frac.hasSuffix("0") { frac.removeLast() }
        if whole.isEmpty { whole = "0" }
        let text = frac.isEmpty ? whole : whole + "." + frac
        return negative && text != "0" ? "-" + text : text
    }

    /// The root element of a drawing of `width` × `height` pixels on white, with `title` centred at
    /// `titleX` (15 px; 17 px and lower for a page of several drawings).
    static func opening(width: Double, height: Double, title: String, titleX: Double, page: Bool = false) -> String {
        """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
        viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="12">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(Int(titleX))" y="\(page ? 24 : 22)" text-anchor="middle" font-size="\(page ? 17 : 15)">\(escape(title))</text>

        """
    }

    static func escape(_ s: String) -> String {
        s.replacingAll("&", "&amp;").replacingAll("<", "&lt;").replacingAll(">", "&gt;").replacingAll("\"", "&quot;")
    }

    static func floorLog10(_ x: Double) -> Int {
        guard x > 0, x.isFinite else { return 0 }
        var e = 0, v = x
        while v >= 10 { v /= 10; e += 1 }
        while v < 1 { v *= 10; e -= 1 }
        return e
    }

    static func pow10(_ e: Int) -> Double {
        var r = 1.0
        for _ in 0..<abs(e) { r *= 10 }
        return e < 0 ? 1 / r : r
    }
}

extension Timestamp {
    /// The first round boundary of `step` seconds at or after this moment; months and years snap to the
    /// first of a month / year.
    func roundedUp(toStep step: Int64) -> Timestamp {
        if step >= 28 * 86_400 {
            var c = civil
            if c.day != 1 || secondOfDay != 0 {
                c.month += 1; if c.month > 12 { c.month = 1; c.year += 1 }
            }
            c.day = 1; c.hour = 0; c.minute = 0; c.second = 0
            if step >= 365 * 86_400 {
                let years = Int(step / (365 * 86_400))
                if c.month != 1 { c.month = 1; c.year += 1 }
                c.year = ((c.year + years - 1) / years) * years
            }
            return c.timestamp
        }
        let s = secondsSinceEpoch
        let r = s.floorDivided(by: step) * step
        return Timestamp(secondsSinceEpoch: r == s ? r : r + step)
    }

    /// The next tick after this one: calendar months/years for long steps, seconds otherwise.
    func advanced(byStep step: Int64) -> Timestamp {
        if step >= 365 * 86_400 {
            return adding(months: 12 * Int(step / (365 * 86_400)))
        }
        if step >= 28 * 86_400 { return adding(months: Int(step / (30 * 86_400))) }
        return adding(seconds: step)
    }
}

extension String {
    fileprivate func replacingAll(_ target: String, _ replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }

    /// `1234` (tenths) → `123.4`.
    fileprivate func withDecimal() -> String {
        let negative = hasPrefix("-")
        var digits = negative ? String(dropFirst()) : self
        while digits.count < 2 { digits = "0" + digits }
        let text = digits.dropLast() + "." + digits.suffix(1)
        return (negative ? "-" : "") + text
    }
}
