/// A summary of a series, what `forecast inspect` prints: per column its type, count, missing count and
/// min / mean / max; the time range; the inferred frequency; gaps, duplicates and disorder.
public struct SeriesDescription: Sendable, Equatable, Codable {
    public struct ColumnSummary: Sendable, Equatable, Codable {
        public var name: String
        /// `numeric` or `text`.
        public var type: String
        /// Values present (not missing); `nil` for text columns, whose cells are not kept.
        @NullWhenAbsent public var count: Int?
        /// Missing values (empty, NA, NaN, null); `nil` for text columns.
        @NullWhenAbsent public var missing: Int?
        @NullWhenAbsent public var min: Double?
        @NullWhenAbsent public var mean: Double?
        @NullWhenAbsent public var max: Double?
    }

    public struct GapSummary: Sendable, Equatable, Codable {
        /// Last timestamp before the gap and first after it, ISO 8601.
        public var after: String
        public var before: String
        /// Grid timestamps absent between them.
        public var missing: Int
    }

    public struct OrderSummary: Sendable, Equatable, Codable {
        /// 1-based data row of the offending timestamp.
        public var row: Int
        /// `duplicate` or `decreasing`.
        public var kind: String
        public var previous: String
        public var timestamp: String
    }

    public var rows: Int
    public var timeColumn: String
    @NullWhenAbsent public var start: String?
    @NullWhenAbsent public var end: String?
    /// Machine code of the frequency (`3600s`, `business-days`, `monthly`, `irregular`).
    public var frequency: String
    /// Human name of the frequency (`hourly`, `business days`).
    public var frequencyDescription: String
    /// Steps in one season (24 for hourly), when the frequency has a natural one.
    @NullWhenAbsent public var seasonalPeriod: Int?
    /// Number of gaps and of grid timestamps missing in them.
    public var gapCount: Int
    public var missingTimestamps: Int
    /// The largest gaps, largest first (at most 10).
    public var largestGaps: [GapSummary]
    /// Rows off the frequency's grid (Saturday sessions in a business-day series).
    public var offGridRows: Int
    public var duplicateTimestamps: Int
    public var decreasingTimestamps: Int
    /// The first duplicate or decreasing timestamps (at most 10).
    public var orderProblems: [OrderSummary]
    public var columns: [ColumnSummary]
    /// What the loader did that the file does not say (``TimeSeries/notes``).
    public var notes: [String]

    /// Describes `series`.
    public init(_ series: TimeSeries) {
        rows = series.count
        notes = series.notes
        timeColumn = series.timeColumnName
        let problems = series.orderProblems()
        let sortedStamps = problems.isEmpty ? series.timestamps : series.timestamps.sorted()
        start = sortedStamps.first?.iso8601
        end = sortedStamps.last?.iso8601
        // Frequency and gaps are judged on the timestamps in time order, once each.
        var unique: [Timestamp] = []
        for t in sortedStamps where unique.last != t { unique.append(t) }
        let ordered = TimeSeries(timeColumnName: series.timeColumnName, timestamps: unique, columns: [])
        let frequency = ordered.inferFrequency()
        self.frequency = frequency.code
        frequencyDescription = frequency.description
        seasonalPeriod = frequency.seasonalPeriod
        let gaps = ordered.gapReport(frequency: frequency)
        gapCount = gaps.gaps.count
        missingTimestamps = gaps.missingCount
        largestGaps = gaps.largest(10).map {
            GapSummary(after: $0.after.iso8601, before: $0.before.iso8601, missing: $0.missing)
        }
        offGridRows = gaps.offGridRows
        duplicateTimestamps = problems.filter { $0.kind == .duplicate }.count
        decreasingTimestamps = problems.filter { $0.kind == .decreasing }.count
        orderProblems = problems.prefix(10).map {
            OrderSummary(row: $0.row + 1, kind: $0.kind.rawValue, previous: $0.previous.iso8601, timestamp: $0.current.iso8601)
        }
        columns = series.columns.map { column in
            let s = column.summary
            return ColumnSummary(name: column.name, type: "numeric", count: s?.present ?? 0,
                                 missing: column.missingCount, min: s?.min, mean: s?.mean, max: s?.max)
        } + series.textColumnNames.map {
            ColumnSummary(name: $0, type: "text", count: nil, missing: nil, min: nil, mean: nil, max: nil)
        }
    }
}
