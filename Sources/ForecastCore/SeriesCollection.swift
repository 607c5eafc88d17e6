/// Several series forecast side by side: the sensors of a traffic network, the stations of a
/// weather service, the tickers of an index. Each member has an id, its own rows and the column it
/// forecasts, so members may differ in length and start.
///
/// A wide file (one column per series, a shared time column) becomes a collection with
/// ``wide(_:targets:features:)``: member `id` is the column's name and its target that column.
///
/// ```swift
/// let sensors = try SeriesCollection.wide(series, targets: ["773869", "767541"], features: [])
/// sensors.members[0].id        // "773869"
/// ```
public struct SeriesCollection: Sendable, Equatable {
    /// One series of the collection.
    public struct Member: Sendable, Equatable {
        /// The series' name: Nixtla's `unique_id`, the column name of a wide file.
        public var id: String
        /// Its rows: the time column, the target and any feature columns.
        public var series: TimeSeries
        /// The column forecast.
        public var target: String

        public init(id: String, series: TimeSeries, target: String) {
            self.id = id
            self.series = series
            self.target = target
        }
    }

    /// The members, in the order of the file (columns left to right, or ids in order of first appearance).
    public var members: [Member]

    public init(members: [Member]) {
        self.members = members
    }

    /// The ids, in order.
    public var ids: [String] { members.map(\.id) }

    /// One member per column of `targets`, each holding the time column, that column and the
    /// `features` columns, cut to the rows from the target's first to its last present value (a
    /// sensor installed late, or removed early, starts or ends with it; missing values inside stay).
    ///
    /// - Throws: ``TimeSeriesError/unknownColumn(_:available:textColumns:)`` for a column not in
    ///   `series`; ``SeriesCollectionError`` for no targets, a target given twice or a target that is
    ///   also a feature, or a target column with no value.
    public static func wide(_ series: TimeSeries, targets: [String], features: [String]) throws -> SeriesCollection {
        guard !targets.isEmpty else { throw SeriesCollectionError.noTargets(available: series.columnNames) }
        var seen = Set<String>()
        for target in targets where !seen.insert(target).inserted { throw SeriesCollectionError.duplicateTarget(target) }
        if let both = targets.first(where: features.contains) { throw SeriesCollectionError.targetIsFeature(both) }
        let featureColumns = try features.map { try series.column(named: $0) }
        return SeriesCollection(members: try targets.map { target in
            let column = try series.column(named: target)
            guard let first = column.values.firstIndex(where: { !$0.isNaN }),
                  let last = column.values.lastIndex(where: { !$0.isNaN }) else {
                throw SeriesCollectionError.noValues(id: target)
            }
            var member = TimeSeries(timeColumnName: series.timeColumnName, timestamps: series.timestamps,
                                    columns: [column] + featureColumns)
            member.notes = series.notes
            member.timeZoneName = series.timeZoneName
            return Member(id: target, series: member.rows(first..<(last + 1)), target: target)
        })
    }

    /// The numeric columns of `series` a wide `--targets all` forecasts: every one but `features`.
    public static func allTargets(of series: TimeSeries, features: [String]) -> [String] {
        series.columnNames.filter { !features.contains($0) }
    }
}

/// Errors of building a ``SeriesCollection``.
public enum SeriesCollectionError: Error, Equatable, CustomStringConvertible {
    case noTargets(available: [String])
    case duplicateTarget(String)
    case targetIsFeature(String)
    case noValues(id: String)

    public var description: String {
        switch self {
        case let .noTargets(available):
            return "--targets: no column to forecast; numeric columns are: \(available.joined(separator: ", "))"
        case let .duplicateTarget(name):
            return "--targets: \"\(name)\" is given twice; give each column once"
        case let .targetIsFeature(name):
            return "--targets: \"\(name)\" is also in --features; a column is either forecast or an input"
        case let .noValues(id):
            return "--targets: column \"\(id)\" has no value at all"
        }
    }
}
