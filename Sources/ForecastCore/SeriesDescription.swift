/// A summary of a series, what `forecast inspect` prints: per column its type, count, missing count and
/// min / mean / max; the time range; the inferred frequency; gaps, duplicates and disorder.
public struct SeriesDescription: Sendable, Equatable, Codable {
    public struct ColumnSummary: Sendable, Equatable, Codable {
        public var name: String
        /// `numeric` or `text`.
        public var type: String
        /// Values present (not missing); `nil` for text columns, whose cells are not kept.
        public var count: Int?
        /// Missing values (empty, NA, NaN, null); `nil` for text columns.
        public var missing: Int?
        public var min: Double?
        public var mean: Double?
        public var max: Double?

        enum CodingKeys: String, CodingKey { case name, type, count, missing, min, mean, max }

        /// Every member, `null` where not applicable.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(type, forKey: .type)
            try c.encode(count, forKey: .count)
            try c.encode(missing, forKey: .missing)
            try c.encode(min, forKey: .min)
            try c.encode(mean, forKey: .mean)
            try c.encode(max, forKey: .max)
        }
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
    public var start: String?
    public var end: String?
    /// Machine code of the frequency (`3600s`, `business-days`, `monthly`, `irregular`).
    public var frequency: String
    /// Human name of the frequency (`hourly`, `business days`).
    public var frequencyDescription: String
    /// Steps in one season (24 for hourly), when the frequency has a natural one.
    public var seasonalPeriod: Int?
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

    enum CodingKeys: String, CodingKey {
        case rows, timeColumn, start, end, frequency, frequencyDescription, seasonalPeriod, gapCount, missingTimestamps
        case largestGaps, offGridRows, duplicateTimestamps, decreasingTimestamps, orderProblems, columns
    }

    /// Every member, `null` where unknown (no rows, no season).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rows, forKey: .rows)
        try c.encode(timeColumn, forKey: .timeColumn)
        try c.encode(start, forKey: .start)
        try c.encode(end, forKey: .end)
        try c.encode(frequency, forKey: .frequency)
        try c.encode(frequencyDescription, forKey: .frequencyDescription)
        try c.encode(seasonalPeriod, forKey: .seasonalPeriod)
        try c.encode(gapCount, forKey: .gapCount)
        try c.encode(missingTimestamps, forKey: .missingTimestamps)
        try c.encode(largestGaps, forKey: .largestGaps)
        try c.encode(offGridRows, forKey: .offGridRows)
        try c.encode(duplicateTimestamps, forKey: .duplicateTimestamps)
        try c.encode(decreasingTimestamps, forKey: .decreasingTimestamps)
        try c.encode(orderProblems, forKey: .orderProblems)
        try c.encode(columns, forKey: .columns)
    }

    /// Describes `series`.
    public init(_ series: TimeSeries) {
        rows = series.count
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
