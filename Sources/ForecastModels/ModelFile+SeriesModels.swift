import ForecastIO
import Foundation

extension ModelFile {
    /// The format version of a file of per-series models.
    public static let seriesModelsFormatVersion = 5

    /// Writes one model per series to `path` (replacing any file there) through a temporary file:
    /// format version 5, root attributes `format`, `format_version`, `forecast_version`,
    /// `series_models` (the number of series) and `horizon`, and one group `models/<i>` per series
    /// with its `id` and the series' model laid out as a file of one model lays it out at the root (a
    /// network's attributes, `layers/…` and `ensemble/…` under the group, or a baseline's attributes).
    /// - Throws: ``HDF5Error`` or ``AtomicFileError`` naming `path`.
    public static func save(_ models: SavedSeriesModels, to path: String) throws {
        try HDF5FileWriter.write(to: path) { file in
            try writeHeader(version: seriesModelsFormatVersion, to: file, willWrite: { _ in })
            try file.setAttribute("series_models", .int64(Int64(models.models.count)))
            try file.setAttribute("horizon", .int64(Int64(models.horizon)))
            try file.createGroup("models")
            for (i, (id, model)) in zip(models.ids, models.models).enumerated() {
                let group = "models/\(i)"
                try file.createGroup(group)
                try file.setAttribute("id", .string(id), on: group)
                switch model {
                case .network(let m): try write(m, at: group, to: file, willWrite: { _ in })
                case .baseline(let b): try write(b, at: group, to: file)
                }
            }
        }
    }

    /// The per-series models in the file at `path`; `nil` when it holds one model (read it with
    /// ``load(_:)`` or ``loadBaseline(_:)``).
    /// - Throws: as ``load(_:)``; ``ModelFileError`` naming the group or attribute at fault.
    public static func loadSeriesModels(_ path: String) throws -> SavedSeriesModels? {
        let (file, version) = try opened(path)
        guard let count = try seriesModelCount(in: file, path: path) else { return nil }
        var ids: [String] = [], models: [SavedSeriesModels.Model] = []
        for i in 0..<count {
            ids.append(try seriesID(i, of: count, in: file, path: path))
            models.append(try readSeriesModel(at: "/models/\(i)", from: file, version: version, path: path))
        }
        do { return try SavedSeriesModels(ids: ids, models: models) } catch {
            throw ModelFileError.malformed(file: path, object: "/models", problem: error.description)
        }
    }

    /// The model of series `id` in a file of per-series models, reading that series' group only, and
    /// how many series the file holds; `nil` when the file holds one model. The model is `nil` when
    /// the file has none for `id`.
    public static func loadSeriesModel(_ path: String, id: String) throws -> (model: SavedSeriesModels.Model?, count: Int)? {
        let (file, version) = try opened(path)
        guard let count = try seriesModelCount(in: file, path: path) else { return nil }
        for i in 0..<count where try seriesID(i, of: count, in: file, path: path) == id {
            return (try readSeriesModel(at: "/models/\(i)", from: file, version: version, path: path), count)
        }
        return (nil, count)
    }

    /// The `id` of the series in group `/models/<i>`.
    private static func seriesID(_ i: Int, of count: Int, in file: HDF5File, path: String) throws -> String {
        let group = "/models/\(i)"
        guard file.isGroup(group) else { throw ModelFileError.missing(file: path, object: group, expected: "the model of series \(i + 1) of \(count)") }
        guard let id = try file.attribute("id", of: group)?.stringValue else {
            throw ModelFileError.missing(file: path, object: "\(group) attribute id", expected: "the series' id")
        }
        return id
    }

    /// The baseline or network whose attributes are on `group`.
    private static func readSeriesModel(at group: String, from file: HDF5File, version: Int, path: String) throws -> SavedSeriesModels.Model {
        if let baseline = try readBaseline(at: group, from: file, path: path) { return .baseline(baseline) }
        return .network(try readModel(at: group, from: file, version: version, path: path))
    }

    /// The `series_models` count of a file of per-series models; `nil` for a file of one model.
    static func seriesModelCount(in file: HDF5File, path: String) throws -> Int? {
        guard let value = try file.attribute("series_models") else { return nil }
        guard let n = value.doubleValue.flatMap({ Int(exactly: $0) }), n >= 1, n <= 1_000_000 else {
            throw ModelFileError.malformed(file: path, object: "/ attribute series_models", problem: "expected the number of series, 1 or more")
        }
        return n
    }
}
