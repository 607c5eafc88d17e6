import ForecastCore

/// Which series of a global model's collection a window belongs to, as network inputs: the member's
/// index written in binary over ``width`` 0/1 columns (`series_code_0` is the lowest bit), the same
/// value at every step and fed unscaled.
///
/// A binary code needs ⌈log₂ n⌉ columns for n series (8 for 207 sensors) where a one-hot code
/// would need n, which would multiply the windows' memory by n; every series still gets a distinct
/// code, so the network can learn behaviour of its own for each.
public struct SeriesCode: Sendable, Equatable, Codable {
    /// Number of 0/1 columns: ⌈log₂ of the collection's size⌉, at least 1.
    public var width: Int
    /// The member's position in its collection, `0 ..< 2^width`.
    public var index: Int

    public init(width: Int, index: Int) {
        self.width = width
        self.index = index
    }

    /// The code of member `index` of a collection of `count` series.
    public init(index: Int, of count: Int) {
        var width = 1
        while (1 << width) < count { width += 1 }
        self.init(width: width, index: index)
    }

    /// The column names, lowest bit first.
    public var columnNames: [String] { (0..<width).map { "series_code_\($0)" } }

    /// `series` with the code's columns appended (bit b of ``index`` in `series_code_b`).
    public func adding(to series: TimeSeries) -> TimeSeries {
        var out = series
        for (bit, name) in columnNames.enumerated() {
            out.columns.append(Column(name: name, values: Array(repeating: Double((index >> bit) & 1), count: series.count)))
        }
        return out
    }
}
