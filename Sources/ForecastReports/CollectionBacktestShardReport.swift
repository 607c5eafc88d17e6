import ForecastCore
import ForecastEvaluation
import ForecastIO
import Foundation

/// A shard's file (`forecast backtest … --shard K/N --output part.h5`) and the merge of shard files
/// into the file a single run writes (`forecast merge`).
///
/// Layout: the root is ``CollectionBacktestReport/hdf5Group()`` of the shard's own series (so
/// xarray opens a shard like any backtest file), with the stamp and `shard = "K/N"`,
/// `shard_unit = "series"` (`"folds"` for a backtest with a global network, sharded by refit groups of
/// folds: every series, each with the shard's folds). The child group `shard` holds what the merge needs, exactly:
/// `stamp` (the reproducibility stamp as JSON: input SHA-256, full configuration, seed, threads,
/// GEMM), `header` (K/N, models, backtest configuration, and with folds as the unit the refit groups, as JSON), the dimension `collection_series`
/// (every series id of the whole run, in order), the dimension `unit` (the series this shard holds)
/// and `result[unit]`, each unit's full result as JSON (numbers in shortest round-trip form, so
/// they read back bit for bit), with `results_sha256` over them. A file is written through a
/// temporary file and a rename, so a shard file is whole or absent; a damaged copy fails the digest.
public struct CollectionBacktestShardReport {
    public var shard: CollectionBacktestShard
    public var stamp: ReproducibilityStamp
    /// How the run showed times, read back from a file (see ``Timestamp/displayZone``): `naive`, a
    /// zone name, or nil for UTC. Written from ``Timestamp/displayZone`` of the writing process.
    public private(set) var times: String?

    public init(shard: CollectionBacktestShard, stamp: ReproducibilityStamp) {
        self.shard = shard
        self.stamp = stamp
    }

    /// The display zone of the run that wrote the shard, for outputs that show times as it did.
    public var displayZone: Timestamp.DisplayZone? {
        switch times {
        case nil: return nil
        case "naive": return .naive
        case let name?:
            guard let zone = TimeZone(identifier: name) else { return nil }
            let local = LocalTime(zone: zone)
            return Timestamp.DisplayZone(name: name, offset: { local.offset(at: $0) })
        }
    }

    /// What the `header` attribute holds.
    struct Header: Codable, Equatable {
        var shard: BacktestShard
        var models: [String]
        var configuration: BacktestConfiguration
        /// How outputs show times (``Timestamp/displayZone``): `naive`, a zone name, or nil for UTC.
        var times: String?
        /// With folds as the unit (a global network): every refit group's fold numbers; nil for series.
        var foldGroups: [[Int]]?
    }

    /// One unit in `result`: its backtest, or why it was skipped.
    struct Unit: Codable {
        var result: BacktestResult?
        var skipped: String?
    }

    /// The report of the shard's own series (nil when every series of the shard was too short).
    public var partReport: CollectionBacktestReport? {
        shard.series.isEmpty ? nil
            : CollectionBacktestReport(result: CollectionBacktestResult(configuration: shard.configuration, models: shard.models,
                                                                        series: shard.series, skipped: shard.skipped),
                                       collection: SeriesCollection(members: []), stamp: stamp)
    }

    public func hdf5Group() throws -> HDF5Group {
        var root = try partReport?.hdf5Group() ?? HDF5Group(attributes: try stamp.hdf5Attributes())
        let units = shard.heldUnits
        let results = Dictionary(uniqueKeysWithValues: shard.series.map { ($0.id, $0.result) })
        let skipped = Dictionary(uniqueKeysWithValues: shard.skipped.map { ($0.id, $0.reason) })
        let encoder = Self.encoder()
        let texts = try units.map { id in
            String(decoding: try encoder.encode(Unit(result: results[id], skipped: skipped[id])), as: UTF8.self)
        }
        if let folds = shard.folds {
            root.attributes["title"] = .string("shard \(shard.shard) of a backtest of \(shard.collectionIDs.count) series by folds: "
                                               + "fold\(folds.count == 1 ? "" : "s") \(folds.map(String.init).joined(separator: ", ")) "
                                               + "of \(shard.series.count) series, \(shard.skipped.count) skipped")
        } else {
            root.attributes["title"] = .string("shard \(shard.shard) of a backtest of \(shard.collectionIDs.count) series: "
                                               + "\(shard.series.count) series here, \(shard.skipped.count) skipped")
        }
        root.attributes["shard"] = .string(shard.shard.description)
        root.attributes["shard_unit"] = .string(shard.foldGroups == nil ? "series" : "folds")
        let header = Header(shard: shard.shard, models: shard.models, configuration: shard.configuration,
                            times: Timestamp.displayZone.map { $0.showsOffset ? $0.name : "naive" }, foldGroups: shard.foldGroups)
        root.groups.append(HDF5Group(
            name: "shard",
            attributes: ["stamp": .string(String(decoding: try encoder.encode(stamp), as: UTF8.self)),
                         "header": .string(String(decoding: try encoder.encode(header), as: UTF8.self)),
                         "results_sha256": .string(Self.digest(texts))],
            dimensions: [.labels("collection_series", shard.collectionIDs), .labels("unit", units)],
            variables: [HDF5Variable(name: "result", dimensions: ["unit"], values: .strings(texts),
                                     attributes: ["long_name": .string("each series' full backtest result as JSON, for forecast merge")])]))
        return root
    }

    /// Writes the shard's file atomically.
    /// - Throws: ``AtomicFileError`` or ``HDF5Error`` naming the path.
    public func write(to path: String) throws {
        try HDF5Writer.write(try hdf5Group(), to: path)
    }

    /// Reads a shard file.
    /// - Throws: ``HDF5Error`` for a file that is not a complete HDF5 file, ``ShardFileError`` for one
    ///   that is not a shard or whose results fail their digest.
    public init(reading path: String) throws {
        let file = try HDF5File.open(path)
        guard try file.attribute("shard") != nil, file.exists("shard/result") else { throw ShardFileError.notAShard(file: path) }
        func text(_ name: String) throws -> String {
            guard let value = try file.attribute(name, of: "shard")?.stringValue else { throw ShardFileError.damaged(file: path, what: "no \(name)") }
            return value
        }
        let decoder = Self.decoder()
        do {
            let texts = try file.dataset("shard/result").strings()
            guard Self.digest(texts) == (try text("results_sha256")) else {
                throw ShardFileError.damaged(file: path, what: "its results do not match their SHA-256")
            }
            let units = try file.dataset("shard/unit").strings()
            let header = try decoder.decode(Header.self, from: Data(try text("header").utf8))
            stamp = try decoder.decode(ReproducibilityStamp.self, from: Data(try text("stamp").utf8))
            times = header.times
            var series: [SeriesBacktestResult] = [], skipped: [SkippedSeries] = []
            guard units.count == texts.count else { throw ShardFileError.damaged(file: path, what: "units and results differ in number") }
            for (id, text) in zip(units, texts) {
                let unit = try decoder.decode(Unit.self, from: Data(text.utf8))
                if let result = unit.result { series.append(SeriesBacktestResult(id: id, result: result)) }
                else if let reason = unit.skipped { skipped.append(SkippedSeries(id: id, reason: reason)) }
                else { throw ShardFileError.damaged(file: path, what: "series \(id) has neither a result nor a reason") }
            }
            shard = CollectionBacktestShard(shard: header.shard, collectionIDs: try file.dataset("shard/collection_series").strings(),
                                            configuration: header.configuration, models: header.models, series: series, skipped: skipped,
                                            foldGroups: header.foldGroups)
        } catch let error as ShardFileError {
            throw error
        } catch let error as HDF5Error {
            throw error
        } catch {
            throw ShardFileError.damaged(file: path, what: "its results cannot be read (\(error))")
        }
    }

    /// Merges shard files into the report a single run of the whole backtest gives: its HDF5 is the
    /// same bytes, and its JSON and CSV the same text once ``Timestamp/displayZone`` is set to the
    /// shards' ``displayZone`` (returned with it).
    ///
    /// - Throws: the errors of ``init(reading:)`` naming the file; ``ShardMergeError`` for a shard of
    ///   another input or configuration (the stamp differs), a shard given twice or missing.
    public static func merge(paths: [String]) throws -> (report: CollectionBacktestReport, displayZone: Timestamp.DisplayZone?) {
        let shards = try paths.map { try CollectionBacktestShardReport(reading: $0) }
        guard let first = shards.first else { throw ShardMergeError.noShards }
        for (path, shard) in zip(paths, shards) {
            if let difference = first.stamp.difference(from: shard.stamp) {
                throw ShardMergeError.foreign(source: path, other: paths[0], difference: difference)
            }
        }
        let result = try CollectionBacktestShard.merge(zip(paths, shards).map { ($0, $1.shard) })
        return (CollectionBacktestReport(result: result, collection: SeriesCollection(members: []), stamp: first.stamp), first.displayZone)
    }

    // MARK: Encoding

    private static let nonFinite = (positive: "+inf", negative: "-inf", nan: "nan")

    static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: nonFinite.positive, negativeInfinity: nonFinite.negative,
                                                                nan: nonFinite.nan)
        return e
    }

    static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: nonFinite.positive, negativeInfinity: nonFinite.negative,
                                                                  nan: nonFinite.nan)
        return d
    }

    static func digest(_ texts: [String]) -> String {
        FileDigest.sha256(bytes: Array(texts.joined(separator: "\n").utf8))
    }
}

extension ReproducibilityStamp {
    /// What differs between this stamp and `other`, in words (`input SHA-256 3fa4… here, 9c1d… there`),
    /// or nil when they are equal.
    func difference(from other: ReproducibilityStamp) -> String? {
        func short(_ hash: String) -> String { String(hash.prefix(12)) + "…" }
        if inputSha256 != other.inputSha256 {
            return "its input SHA-256 is \(short(other.inputSha256)), not \(short(inputSha256)) (another input file, or the file changed)"
        }
        if configuration != other.configuration {
            let path = JSONValue.firstDifference(configuration, other.configuration) ?? ("", "", "")
            return "its configuration differs: \(path.path.isEmpty ? "it" : path.path) is \(path.theirs), not \(path.ours)"
        }
        let fields: [(String, String, String)] = [
            ("forecast version", forecastVersion, other.forecastVersion), ("command", command, other.command),
            ("input", input, other.input), ("seed", "\(seed)", "\(other.seed)"), ("threads", "\(threads)", "\(other.threads)"),
            ("GEMM", gemm, other.gemm), ("input notes", inputNotes.joined(separator: "; "), other.inputNotes.joined(separator: "; ")),
        ]
        for (name, ours, theirs) in fields where ours != theirs {
            return "its \(name) is \(theirs.isEmpty ? "none" : theirs), not \(ours.isEmpty ? "none" : ours)"
        }
        return nil
    }
}

extension JSONValue {
    /// The first place (`backtest.folds`) where `a` and `b` differ, with each side's compact text.
    static func firstDifference(_ a: JSONValue, _ b: JSONValue, at path: String = "") -> (path: String, ours: String, theirs: String)? {
        if a == b { return nil }
        switch (a, b) {
        case let (.object(x), .object(y)):
            for key in Set(x.keys).union(y.keys).sorted() {
                let child = path.isEmpty ? key : "\(path).\(key)"
                if let found = firstDifference(x[key] ?? .null, y[key] ?? .null, at: child) { return found }
            }
        case let (.array(x), .array(y)) where x.count == y.count:
            for (i, (p, q)) in zip(x, y).enumerated() {
                if let found = firstDifference(p, q, at: "\(path)[\(i)]") { return found }
            }
        default: break
        }
        func text(_ v: JSONValue) -> String { (try? JSONContract.string(v, compact: true)) ?? "?" }
        return (path, text(a), text(b))
    }
}

/// Errors of reading a shard file, each naming it.
public enum ShardFileError: Error, Equatable, CustomStringConvertible {
    case notAShard(file: String)
    case damaged(file: String, what: String)

    public var description: String {
        switch self {
        case let .notAShard(file):
            return "\(file): not a shard file (no shard attribute); expected the file of forecast backtest … --shard K/N --output PATH.h5"
        case let .damaged(file, what):
            return "\(file): a damaged or incomplete shard file (\(what)); run its shard again"
        }
    }
}
