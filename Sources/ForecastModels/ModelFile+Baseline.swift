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
        var attributes: [(String, HDF5AttributeValue)] = [
            ("format", .string(formatName)),
            ("format_version", .int64(Int64(baselineFormatVersion))),
            ("forecast_version", .string(ForecastVersion.current)),
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
        try HDF5FileWriter.write(to: path) { file in
            for (name, value) in attributes { try file.setAttribute(name, value) }
        }
    }

    /// The baseline in the model file at `path`; `nil` when the file holds a network (read it with
    /// ``load(_:)``).
    /// - Throws: as ``load(_:)`` for a file that is not a model file of a version this reader knows;
    ///   ``ModelFileError`` naming the attribute at fault.
    public static func loadBaseline(_ path: String) throws -> SavedBaseline? {
        let file = try opened(path).file
        guard let name = try file.attribute("baseline")?.stringValue else { return nil }
        func string(_ attribute: String) throws -> String {
            guard let s = try file.attribute(attribute)?.stringValue else {
                throw ModelFileError.missing(file: path, object: "/ attribute \(attribute)", expected: "a string")
            }
            return s
        }
        func integer(_ attribute: String, required: Bool = true) throws -> Int? {
            guard let value = try file.attribute(attribute) else {
                if required { throw ModelFileError.missing(file: path, object: "/ attribute \(attribute)", expected: "an integer") }
                return nil
            }
            guard let v = value.doubleValue, v == v.rounded(), abs(v) < 1e9 else {
                throw ModelFileError.malformed(file: path, object: "/ attribute \(attribute)", problem: "expected an integer")
            }
            return Int(v)
        }
        var fill: MissingValueFill?
        if let text = try file.attribute("fill")?.stringValue {
            guard let f = MissingValueFill(rawValue: text) else {
                throw ModelFileError.malformed(file: path, object: "/ attribute fill", problem: "\"\(text)\"; expected ffill or interpolate")
            }
            fill = f
        }
        var calibration: ConformalCalibration?
        if let text = try file.attribute("calibration")?.stringValue {
            guard let c = try? JSONDecoder().decode(ConformalCalibration.self, from: Data(text.utf8)) else {
                throw ModelFileError.malformed(file: path, object: "/ attribute calibration",
                                               problem: "cannot read its JSON; expected the interval calibration (levels, method, windows, offsets)")
            }
            calibration = c
        }
        do {
            return try SavedBaseline(name: name, target: try string("target"), horizon: try integer("horizon")!,
                                     season: try integer("season", required: false), window: try integer("window")!, fill: fill,
                                     frequency: try file.attribute("frequency")?.stringValue, calibration: calibration,
                                     selection: try readSelection(from: file, path: path),
                                     source: try file.attribute("source")?.stringValue ?? "forecast")
        } catch let error as ModelFileError {
            if case .invalid = error { throw ModelFileError.malformed(file: path, object: "/", problem: error.description) }
            throw error
        }
    }
}
