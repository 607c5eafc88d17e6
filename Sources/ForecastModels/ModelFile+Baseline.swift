import ForecastCore
import ForecastEvaluation
import ForecastIO
import ForecastPreprocessing
import Foundation

extension ModelFile {
    /// The format version of a baseline file.
    public static let baselineFormatVersion = 3

    /// Writes `baseline` to `path` (replacing any file there) through a temporary file: format version
    /// 3, attributes only (the layout is in ``ModelFile``'s documentation).
    /// - Throws: ``HDF5Error`` or ``AtomicFileError`` naming `path`.
    public static func save(_ baseline: SavedBaseline, to path: String) throws {
        try HDF5FileWriter.write(to: path) { file in
            try writeHeader(version: baselineFormatVersion, to: file, willWrite: { _ in })
            try write(baseline, at: "/", to: file)
        }
    }

    /// Writes `baseline`'s attributes on `group` (`/` for the root).
    static func write(_ baseline: SavedBaseline, at group: String, to file: HDF5FileWriter) throws {
        var attributes: [(String, HDF5AttributeValue)] = [
            ("source", .string(baseline.source)),
            ("target", .string(baseline.target)),
            ("horizon", .int64(Int64(baseline.horizon))),
            ("baseline", .string(baseline.name)),
            ("window", .int64(Int64(baseline.window))),
        ]
        if let season = baseline.season { attributes.append(("season", .int64(Int64(season)))) }
        if let frequency = baseline.frequency { attributes.append(("frequency", .string(frequency))) }
        if let fill = baseline.fill { attributes.append(("fill", .string(fill.rawValue))) }
        if let calibration = baseline.calibration { attributes.append(("calibration", .string(try json(calibration)))) }
        if let selection = baseline.selection { attributes.append(("selection", .string(try json(selection)))) }
        for (name, value) in attributes { try file.setAttribute(name, value, on: group) }
    }

    /// The baseline in the model file at `path`; `nil` when the file holds a network (read it with
    /// ``load(_:)``).
    /// - Throws: as ``load(_:)`` for a file that is not a model file of a version this reader knows;
    ///   ``ModelFileError`` naming the attribute at fault.
    public static func loadBaseline(_ path: String) throws -> SavedBaseline? {
        let file = try opened(path).file
        return try readBaseline(at: "/", from: file, path: path)
    }

    /// The baseline whose attributes are on `group`; `nil` when `group` holds a network.
    static func readBaseline(at group: String, from file: HDF5File, path: String) throws -> SavedBaseline? {
        guard let name = try file.attribute("baseline", of: group)?.stringValue else { return nil }
        func string(_ attribute: String) throws -> String {
            guard let s = try file.attribute(attribute, of: group)?.stringValue else {
                throw ModelFileError.missing(file: path, object: "\(group) attribute \(attribute)", expected: "a string")
            }
            return s
        }
        func integer(_ attribute: String, required: Bool = true) throws -> Int? {
            guard let value = try file.attribute(attribute, of: group) else {
                if required { throw ModelFileError.missing(file: path, object: "\(group) attribute \(attribute)", expected: "an integer") }
                return nil
            }
            guard let v = value.doubleValue, v == v.rounded(), abs(v) < 1e9 else {
                throw ModelFileError.malformed(file: path, object: "\(group) attribute \(attribute)", problem: "expected an integer")
            }
            return Int(v)
        }
        var fill: MissingValueFill?
        if let text = try file.attribute("fill", of: group)?.stringValue {
            guard let f = MissingValueFill(rawValue: text) else {
                throw ModelFileError.malformed(file: path, object: "\(group) attribute fill", problem: "\"\(text)\"; expected ffill or interpolate")
            }
            fill = f
        }
        var calibration: ConformalCalibration?
        if let text = try file.attribute("calibration", of: group)?.stringValue {
            guard let c = try? JSONDecoder().decode(ConformalCalibration.self, from: Data(text.utf8)) else {
                throw ModelFileError.malformed(file: path, object: "\(group) attribute calibration",
                                               problem: "cannot read its JSON; expected the interval calibration (levels, method, windows, offsets)")
            }
            calibration = c
        }
        do {
            return try SavedBaseline(name: name, target: try string("target"), horizon: try integer("horizon")!,
                                     season: try integer("season", required: false), window: try integer("window")!, fill: fill,
                                     frequency: try file.attribute("frequency", of: group)?.stringValue, calibration: calibration,
                                     selection: try readSelection(at: group, from: file, path: path),
                                     source: try file.attribute("source", of: group)?.stringValue ?? "forecast")
        } catch let error as ModelFileError {
            if case .invalid = error { throw ModelFileError.malformed(file: path, object: group, problem: error.description) }
            throw error
        }
    }
}
