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
    /// With `knownFuture` columns (known ahead, `--future-features`), each member holds them too,
    /// after `features`, and keeps every row after its target's last value: those rows carry the
    /// columns' future values, shared by every member.
    ///
    /// - Throws: ``TimeSeriesError/unknownColumn(_:available:textColumns:)`` for a column not in
    ///   `series`; ``SeriesCollectionError`` for no targets, a target given twice or a target that is
    ///   also a feature, or a target column with no value.
    public static func wide(_ series: TimeSeries, targets: [String], features: [String],
                            knownFuture: [String] = []) throws -> SeriesCollection {
        guard !targets.isEmpty else { throw SeriesCollectionError.noTargets(available: series.columnNames) }
        var seen = Set<String>()
        for target in targets where !seen.insert(target).inserted { throw SeriesCollectionError.duplicateTarget(target) }
        if let both = targets.first(where: (features + knownFuture).contains) { throw SeriesCollectionError.targetIsFeature(both) }
        let featureColumns = try (features + knownFuture).map { try series.column(named: $0) }
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
            member.timesAreNaive = series.timesAreNaive
            return Member(id: target, series: member.rows(first..<(knownFuture.isEmpty ? last + 1 : series.count)), target: target)
        })
    }

    /// One member per id of a long file (``TimeSeries/rowIDs``: Nixtla's `unique_id, ds, y`), in the
    /// order ids first appear, each holding its rows of the time column, `target` and `features`,
    /// sorted by time (a file sorted by time, then id, is common) and cut to `from` … `to`.
    /// `knownFuture` columns (known ahead) follow `features`; each series' rows after its last target
    /// value carry their future values.
    ///
    /// - Throws: ``SeriesCollectionError/notLong`` without row ids;
    ///   ``SeriesCollectionError/duplicateTime(id:time:)`` for an (id, time) pair given twice;
    ///   ``SeriesCollectionError/mixedFrequencies(first:firstFrequency:other:otherFrequency:)``
    ///   naming two series whose inferred frequencies differ;
    ///   ``SeriesCollectionError/noRowsInRange(from:to:)`` when no series has a row in the range;
    ///   ``TimeSeriesError/unknownColumn(_:available:textColumns:)``.
    public static func long(_ series: TimeSeries, target: String, features: [String], knownFuture: [String] = [],
                            from: Timestamp? = nil, to: Timestamp? = nil) throws -> SeriesCollection {
        guard series.rowIDs != nil else { throw SeriesCollectionError.notLong }
        if (features + knownFuture).contains(target) { throw SeriesCollectionError.targetIsFeature(target) }
        let columns = try ([target] + features + knownFuture).map { try series.column(named: $0) }
        var members: [Member] = []
        var sorted = false
        for (id, rowsInFileOrder) in rowsByID(series) {
            var rows = rowsInFileOrder
            if zip(rows, rows.dropFirst()).contains(where: { series.timestamps[$0] >= series.timestamps[$1] }) {
                rows.sort { (series.timestamps[$0], $0) < (series.timestamps[$1], $1) }
                sorted = true
            }
            if let twice = zip(rows, rows.dropFirst()).first(where: { series.timestamps[$0] == series.timestamps[$1] }) {
                throw SeriesCollectionError.duplicateTime(id: id, time: series.timestamps[twice.0])
            }
            rows = rows.filter { (from == nil || series.timestamps[$0] >= from!) && (to == nil || series.timestamps[$0] <= to!) }
            guard !rows.isEmpty else { continue }
            var member = TimeSeries(timeColumnName: series.timeColumnName, timestamps: rows.map { series.timestamps[$0] },
                                    columns: columns.map { c in Column(name: c.name, values: rows.map { c.values[$0] }) })
            member.notes = series.notes
            member.timeZoneName = series.timeZoneName
            member.timesAreNaive = series.timesAreNaive
            members.append(Member(id: id, series: member, target: target))
        }
        guard !members.isEmpty else { throw SeriesCollectionError.noRowsInRange(from: from, to: to) }
        if sorted {
            for i in members.indices { members[i].series.notes.append("rows of each series sorted by time (the file was not)") }
        }
        let frequencies = members.map { $0.series.inferFrequency() }
        if let other = frequencies.firstIndex(where: { $0 != frequencies[0] }) {
            throw SeriesCollectionError.mixedFrequencies(first: members[0].id, firstFrequency: frequencies[0].description,
                                                         other: members[other].id, otherFrequency: frequencies[other].description)
        }
        return SeriesCollection(members: members)
    }

    /// A long file's rows grouped by id: ids in order of first appearance, each with its rows in file order.
    public static func rowsByID(_ series: TimeSeries) -> [(id: String, rows: [Int])] {
        guard let ids = series.rowIDs else { return [] }
        var order: [String] = []
        var rowsOf: [String: [Int]] = [:]
        for (row, id) in ids.enumerated() {
            if rowsOf[id] == nil { order.append(id) }
            rowsOf[id, default: []].append(row)
        }
        return order.map { ($0, rowsOf[$0]!) }
    }

    /// Each series of a long file as it is, for describing it: every column, rows sorted by time
    /// (stable; repeated times kept, so that they can be reported).
    public static func describedMembers(ofLong series: TimeSeries) -> [(id: String, series: TimeSeries)] {
        rowsByID(series).map { id, rows in
            let sorted = rows.sorted { (series.timestamps[$0], $0) < (series.timestamps[$1], $1) }
            var member = TimeSeries(timeColumnName: series.timeColumnName, timestamps: sorted.map { series.timestamps[$0] },
                                    columns: series.columns.map { c in Column(name: c.name, values: sorted.map { c.values[$0] }) })
            member.timesAreNaive = series.timesAreNaive
            member.timeZoneName = series.timeZoneName
            return (id, member)
        }
    }

    /// The numeric columns of `series` a wide `--targets all` forecasts: every one but `features`
    /// (past-only and known-future inputs alike).
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
    case notLong
    case duplicateTime(id: String, time: Timestamp)
    case mixedFrequencies(first: String, firstFrequency: String, other: String, otherFrequency: String)
    case noRowsInRange(from: Timestamp?, to: Timestamp?)

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
        case .notLong:
            return "the file has no series id column; name it with --id-column (Nixtla's unique_id is found by itself)"
        case let .duplicateTime(id, time):
            return "series \(id): \(time.iso8601) appears twice; each (id, time) pair must be given once"
        case let .mixedFrequencies(first, firstFrequency, other, otherFrequency):
            return "series \(first) is \(firstFrequency) but series \(other) is \(otherFrequency); "
                + "one run takes series of one frequency: select them with --from/--to or split the file"
        case let .noRowsInRange(from, to):
            return "no series has rows between \(from?.iso8601 ?? "the start") and \(to?.iso8601 ?? "the end") (--from/--to)"
        }
    }
}
