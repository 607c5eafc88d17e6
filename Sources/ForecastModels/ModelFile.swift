import ForecastCore
import ForecastEvaluation
import ForecastIO
import ForecastNN
import ForecastPreprocessing
import ForecastTraining
import Foundation

/// Our model file: one HDF5 file holding a ``SavedModel`` — the architecture, the weights, the
/// scalers, the columns, lookback, horizon, frequency, the training settings and seed, and a
/// format version.
///
/// Layout (format version 1):
/// - root attributes: `format` = `"forecast-model"`, `format_version` (int), `forecast_version`,
///   `source`, `target`, `input_columns` (strings, target first), `lookback`, `horizon`,
///   `frequency` (``Frequency/code``, when known), `fill` (when set), `architecture` (JSON
///   `{"features": F, "layers": [{"type": "lstm", "units": 32, "return_sequences": true, …}]}`),
///   `scalers` (JSON, one `{"kind", "offset", "scale"}` per input column) with the same numbers as
///   float64 arrays `scaler_offset` and `scaler_scale`, `history` (JSON), `training_windows`,
///   `training_seconds`, `validation_windows` (written since 2026-12-01; absent: unknown), and for
///   models trained here `configuration` (JSON of ``RNNForecasterConfiguration``, with the training
///   settings) and `seed`, and for models trained
///   with interval levels `calibration` (JSON of ``ConformalCalibration``: levels, method, windows,
///   and per level and step the offsets added to the forecast for each bound), for models chosen by
///   `--models auto` `selection` (JSON of ``AutoSelectionRecord``: the metric, the inner backtest,
///   every candidate's score, the winner and why), and for seed ensembles `ensemble` (JSON
///   `{"size", "reduce", "seeds"}`);
/// - one group per layer, `layers/0`, `layers/1`, … (the Dense head last), holding its weights as
///   float32 datasets named and shaped as in Keras: `kernel [inputs, G·units]`,
///   `recurrent_kernel [units, G·units]`, `bias [G·units]` (`[2, 3·units]` for GRU with
///   `reset_after`); a Dense layer has `kernel [inputs, units]` and `bias [units]`. Each layer
///   group has attributes `type` and `units`;
/// - for a seed ensemble of N networks, members 1…N − 1 in groups `ensemble/<k>/layers/<i>` laid out
///   as `layers/<i>` (member 0), with which they share the architecture, columns and scalers.
///
/// Format version 2 adds global networks (``SavedModel/isGlobal``; models of one series are still
/// written as version 1): root attributes `global` (JSON of ``SavedGlobalSpec``) and `series_count`,
/// and one group per series, `series/0`, `series/1`, …, with attributes `id`, `target`,
/// `input_columns`, `scalers` and `configuration` as at the root (the root's are the first series').
///
/// Format version 3 adds stored intervals to global networks (`forecast train --global --level`):
/// each series group has a `calibration` attribute (JSON of ``ConformalCalibration``, calibrated on
/// that series' own errors), the root's being the first series'. Only such models are written as
/// version 3 (a global model without intervals is still version 2), so a reader of version 2 refuses
/// them instead of giving every series the first one's intervals.
///
/// Format version 3 also adds baselines (``SavedBaseline``, `forecast train --models auto` choosing
/// one): root attributes `format`, `format_version`, `forecast_version`, `source`, `target`,
/// `horizon`, `frequency` and `fill` (when known), `calibration` and `selection` as above, `baseline`
/// (the rule's name: `naive`, `seasonal-naive`, `seasonal-naive:168`, `drift`, `mean`,
/// `moving-average`), `season` (seasonal naive's, resolved when it was chosen) and `window` (the
/// moving average's); no layers. ``load(_:)`` refuses a baseline file naming it; ``loadBaseline(_:)``
/// reads it.
///
/// Format version 4 adds combinations of different networks (`--models auto` combining its best
/// candidates): the `ensemble` attribute has `"combined": true`, and each group `ensemble/<k>` has its
/// member's own `architecture`, `input_columns`, `lookback`, `scalers` and `configuration` attributes,
/// read as at the root (the horizon and target are the root's). A reader of version 3 refuses such a
/// file instead of reading every member with member 0's columns and scalers.
///
/// Format version 5 adds files of per-series models (``SavedSeriesModels``, `forecast train` on
/// several series without `--global`): root attributes `format`, `format_version`,
/// `forecast_version`, `series_models` (their number) and `horizon`, and one group `models/<i>` per
/// series with attribute `id` and that series' model laid out under the group as a file of one model
/// lays it out at the root (a network's attributes with `layers/<j>` and `ensemble/<k>` below them, or
/// a baseline's attributes). ``load(_:)`` refuses it naming it, ``loadBaseline(_:)`` finds no
/// baseline in it, ``loadSeriesModels(_:)`` reads it.
///
/// Writing is atomic: the file appears whole or not at all.
public enum ModelFile {
    /// Value of the root `format` attribute.
    public static let formatName = "forecast-model"
    /// The newest format version read and written (a model of one series is written as version 1, a
    /// global network as 2, a global network with stored intervals and a baseline as 3, a combination
    /// of different networks as 4, a model per series as 5).
    public static let formatVersion = 5

    /// The format version `model` is written as: 1 for a model of one series, 2 for a global
    /// network, 3 for a global network with each series' stored intervals, 4 for a combination of
    /// different networks.
    public static func version(of model: SavedModel) -> Int {
        if model.ensemble?.isCombination == true { return 4 }
        return model.isGlobal ? (model.hasMemberCalibrations ? 3 : 2) : 1
    }

    /// Writes `model` to `path` (replacing any file there) through a temporary file.
    ///
    /// - Parameter willWrite: called with each object path before it is written; a throw aborts the
    ///   save, removing the temporary file (tests simulate a failure mid-write with it).
    /// - Throws: ``HDF5Error`` or ``AtomicFileError`` naming `path`, or what `willWrite` throws.
    public static func save(_ model: SavedModel, to path: String,
                            willWrite: (String) throws -> Void = { _ in }) throws {
        try HDF5FileWriter.write(to: path) { file in
            try writeHeader(version: version(of: model), to: file, willWrite: willWrite)
            try write(model, at: "/", to: file, willWrite: willWrite)
        }
    }

    /// The root attributes every model file starts with: `format`, `format_version`, `forecast_version`.
    static func writeHeader(version: Int, to file: HDF5FileWriter, willWrite: (String) throws -> Void) throws {
        for (name, value) in [("format", HDF5AttributeValue.string(formatName)), ("format_version", .int64(Int64(version))),
                              ("forecast_version", .string(ForecastVersion.current))] {
            try willWrite("/ attribute \(name)")
            try file.setAttribute(name, value)
        }
    }

    /// Writes `model`'s attributes on `group` (`/` for the root) and its weights under it.
    static func write(_ model: SavedModel, at group: String, to file: HDF5FileWriter,
                      willWrite: (String) throws -> Void) throws {
        let network = model.network
        let prefix = group == "/" ? "" : group + "/"
        var attributes: [(String, HDF5AttributeValue)] = [
            ("source", .string(model.source)),
            ("target", .string(model.target)),
            ("input_columns", .strings(model.spec.inputColumns)),
            ("lookback", .int64(Int64(model.spec.lookback))),
            ("horizon", .int64(Int64(model.spec.horizon))),
            ("architecture", .string(try json(ArchitectureJSON(features: network.features, layers: network.specs)))),
            ("scalers", .string(try json(model.scalers))),
            ("scaler_offset", .doubles(model.scalers.map(\.offset))),
            ("scaler_scale", .doubles(model.scalers.map(\.scale))),
            ("history", .string(try json(model.history))),
            ("training_windows", .int64(Int64(model.trainingWindowCount))),
            ("training_seconds", .double(model.trainingSeconds)),
        ]
        if let frequency = model.frequency { attributes.append(("frequency", .string(frequency))) }
        if let fill = model.fill { attributes.append(("fill", .string(fill.rawValue))) }
        if let count = model.validationWindowCount { attributes.append(("validation_windows", .int64(Int64(count)))) }
        if let calibration = model.calibration { attributes.append(("calibration", .string(try json(calibration)))) }
        if let selection = model.selection { attributes.append(("selection", .string(try json(selection)))) }
        if let configuration = model.configuration {
            attributes.append(("configuration", .string(try json(configuration))))
            attributes.append(("seed", .int64(Int64(bitPattern: configuration.training.seed))))
        }
        if let global = model.global {
            attributes.append(("global", .string(try json(global))))
            attributes.append(("series_count", .int64(Int64(model.members.count))))
        }
        let memberAttributes = try model.members.map { m -> [(String, HDF5AttributeValue)] in
            [("id", .string(m.id)), ("target", .string(m.spec.targetColumn)), ("input_columns", .strings(m.spec.inputColumns)),
             ("scalers", .string(try json(m.scalers))), ("configuration", .string(try json(m.configuration)))]
                + (try m.calibration.map { [("calibration", HDF5AttributeValue.string(try json($0)))] } ?? [])
        }
        for (name, value) in attributes {
            try willWrite("\(group) attribute \(name)")
            try file.setAttribute(name, value, on: group)
        }
        try writeLayers(of: network, under: prefix, to: file, willWrite: willWrite)
        for (i, attributes) in memberAttributes.enumerated() {
            let member = "\(prefix)series/\(i)"
            try willWrite(member)
            try file.createGroup(member)
            for (name, value) in attributes { try file.setAttribute(name, value, on: member) }
        }
        if let ensemble = model.ensemble { try writeEnsemble(ensemble, at: group, to: file, willWrite: willWrite) }
    }

    /// Writes `network`'s layers as groups `<prefix>layers/<i>` of `file`.
    static func writeLayers(of network: Network, under prefix: String, to file: HDF5FileWriter,
                            willWrite: (String) throws -> Void) throws {
        for (i, layer) in network.layers.enumerated() {
            let group = "\(prefix)layers/\(i)"
            try file.createGroup(group)
            try file.setAttribute("type", .string(layer.spec.kind.name), on: group)
            try file.setAttribute("units", .int64(Int64(layer.units)), on: group)
            var offset = network.parameterOffsets[i]
            for shape in layer.parameterShapes {
                let n = shape.shape.reduce(1, *)
                try willWrite("\(group)/\(shape.name)")
                try file.writeDataset("\(group)/\(shape.name)", floats: Array(network.parameters[offset..<offset + n]),
                                      shape: shape.shape)
                offset += n
            }
        }
    }

    /// Whether `path` is an HDF5 file with our `format` attribute.
    public static func isModelFile(_ path: String) -> Bool {
        guard let file = try? HDF5File.open(path) else { return false }
        return ((try? file.attribute("format")) ?? nil)?.stringValue == formatName
    }

    /// Reads a model written by ``save(_:to:willWrite:)``.
    /// - Throws: ``ModelFileError/newerFormat(file:found:supported:)`` for a newer format,
    ///   ``ModelFileError/notAModel(file:found:)`` for other HDF5 files, other ``ModelFileError``s
    ///   naming the attribute or dataset at fault, ``HDF5Error`` when the file cannot be read.
    public static func load(_ path: String) throws -> SavedModel {
        let (file, version) = try opened(path)
        if let name = try file.attribute("baseline")?.stringValue {
            throw ModelFileError.baselineModel(file: path, name: name)
        }
        if let count = try seriesModelCount(in: file, path: path) { throw ModelFileError.seriesModels(file: path, count: count) }
        return try readModel(at: "/", from: file, version: version, path: path)
    }

    /// The network model whose attributes are on `group` (`/`, or `/models/<i>` in a file of
    /// per-series models) and whose weights are under it.
    static func readModel(at group: String, from file: HDF5File, version: Int, path: String) throws -> SavedModel {
        let prefix = group == "/" ? "/" : group + "/"
        func string(_ name: String, _ expected: String, of object: String? = nil) throws -> String {
            let object = object ?? group
            guard let s = try file.attribute(name, of: object)?.stringValue else {
                throw ModelFileError.missing(file: path, object: "\(object) attribute \(name)", expected: expected)
            }
            return s
        }
        func integer(_ name: String) throws -> Int {
            guard let v = try file.attribute(name, of: group)?.doubleValue, v == v.rounded(), abs(v) < 1e15 else {
                throw ModelFileError.missing(file: path, object: "\(group) attribute \(name)", expected: "an integer")
            }
            return Int(v)
        }
        func decode<T: Decodable>(_ type: T.Type, _ name: String, _ expected: String, of object: String? = nil) throws -> T {
            let text = try string(name, expected, of: object)
            do { return try JSONDecoder().decode(T.self, from: Data(text.utf8)) } catch {
                throw ModelFileError.malformed(file: path, object: "\(object ?? group) attribute \(name)", problem: "cannot read its JSON; expected \(expected)")
            }
        }

        let target = try string("target", "the target column name")
        guard let columns = try file.attribute("input_columns", of: group)?.stringsValue, columns.first == target else {
            throw ModelFileError.missing(file: path, object: "\(group) attribute input_columns", expected: "the input column names, target first")
        }
        let lookback = try integer("lookback"), horizon = try integer("horizon")
        let architecture = try decode(ArchitectureJSON.self, "architecture", "{\"features\": F, \"layers\": [...]}")
        let scalers = try decode([Scaler].self, "scalers", "one {\"kind\", \"offset\", \"scale\"} per input column")
        let history = (try? decode(TrainingHistory.self, "history", "")) ?? TrainingHistory()
        let configuration = try file.attribute("configuration", of: group) != nil
            ? try decode(RNNForecasterConfiguration.self, "configuration", "the training configuration") : nil
        let calibration = try file.attribute("calibration", of: group) != nil
            ? try decode(ConformalCalibration.self, "calibration", "the interval calibration (levels, method, windows, offsets)") : nil
        var fill: MissingValueFill?
        if let text = try file.attribute("fill", of: group)?.stringValue {
            guard let f = MissingValueFill(rawValue: text) else {
                throw ModelFileError.malformed(file: path, object: "\(group) attribute fill", problem: "\"\(text)\"; expected ffill or interpolate")
            }
            fill = f
        }

        let network = try readNetwork(architecture, under: prefix, from: file, path: path)
        let ensemble = try readEnsemble(architecture, at: group, horizon: horizon, target: target, from: file, path: path)
        let spec = WindowSpec(lookback: lookback, horizon: horizon, inputColumns: columns, targetColumn: target)
        var global: SavedGlobalSpec?
        var members: [SavedModel.Member] = []
        if try file.attribute("global", of: group) != nil {
            global = try decode(SavedGlobalSpec.self, "global", "the global network's configuration")
            let count = try integer("series_count")
            guard count >= 1, count <= 10_000_000 else {
                throw ModelFileError.malformed(file: path, object: "\(group) attribute series_count", problem: "\(count); expected 1 or more series")
            }
            for i in 0..<count {
                let member = "\(prefix)series/\(i)"
                guard file.isGroup(member) else {
                    throw ModelFileError.missing(file: path, object: member, expected: "series \(i + 1) of \(count)")
                }
                let target = try string("target", "the series' target column", of: member)
                guard let columns = try file.attribute("input_columns", of: member)?.stringsValue, columns.first == target,
                      columns.count == architecture.features else {
                    throw ModelFileError.missing(file: path, object: "\(member) attribute input_columns",
                                                 expected: "\(architecture.features) input column names, target first")
                }
                let scalers = try decode([Scaler].self, "scalers", "one {\"kind\", \"offset\", \"scale\"} per input column", of: member)
                guard scalers.count == columns.count, scalers.allSatisfy({ $0.scale.isFinite && $0.scale != 0 && $0.offset.isFinite }) else {
                    throw ModelFileError.malformed(file: path, object: "\(member) attribute scalers",
                                                   problem: "expected one finite scaler with a nonzero scale per input column")
                }
                let hasCalibration = try version >= 3 && file.attribute("calibration", of: member) != nil
                let calibration = hasCalibration
                    ? try decode(ConformalCalibration.self, "calibration", "the series' interval calibration", of: member) : nil
                if let calibration, calibration.horizon != horizon {
                    throw ModelFileError.malformed(file: path, object: "\(member) attribute calibration",
                                                   problem: "\(calibration.horizon) steps for a horizon of \(horizon); expected them equal")
                }
                members.append(SavedModel.Member(
                    id: try string("id", "the series' id", of: member),
                    spec: WindowSpec(lookback: lookback, horizon: horizon, inputColumns: columns, targetColumn: target),
                    scalers: scalers,
                    configuration: try decode(RNNForecasterConfiguration.self, "configuration", "the series' configuration", of: member),
                    calibration: calibration))
            }
        }
        do {
            var model = try SavedModel(network: network, spec: spec, scalers: scalers, fill: fill,
                                       frequency: try file.attribute("frequency", of: group)?.stringValue, configuration: configuration,
                                       history: history, trainingWindowCount: (try? integer("training_windows")) ?? 0,
                                       trainingSeconds: try file.attribute("training_seconds", of: group)?.doubleValue ?? 0,
                                       source: try file.attribute("source", of: group)?.stringValue ?? "forecast", calibration: calibration)
            model.global = global
            model.members = members
            if try file.attribute("validation_windows", of: group) != nil { model.validationWindowCount = try integer("validation_windows") }
            model.ensemble = ensemble
            model.selection = try readSelection(at: group, from: file, path: path)
            return model
        } catch let error as ModelFileError {
            throw ModelFileError.malformed(file: path, object: group, problem: error.description)
        }
    }

    /// `path` opened, with our `format` attribute and a `format_version` this reader knows (returned).
    /// - Throws: ``ModelFileError/notAModel(file:found:)``, ``ModelFileError/newerFormat(file:found:supported:)``,
    ///   ``ModelFileError/missing(file:object:expected:)`` or ``HDF5Error``.
    static func opened(_ path: String) throws -> (file: HDF5File, version: Int) {
        let file = try HDF5File.open(path)
        guard let format = try file.attribute("format")?.stringValue else {
            let top = (try? file.children()) ?? []
            let found = top.contains("model_weights") ? "it looks like a Keras .h5 model" : "no \"format\" attribute"
            throw ModelFileError.notAModel(file: path, found: found)
        }
        guard format == formatName else { throw ModelFileError.notAModel(file: path, found: "format \"\(format)\"") }
        // `Int(exactly:)`: a damaged value (1e300, NaN) is no version, never a trap.
        guard let version = try file.attribute("format_version")?.doubleValue.flatMap({ Int(exactly: $0.rounded(.down)) }) else {
            throw ModelFileError.missing(file: path, object: "/ attribute format_version", expected: "an integer format version")
        }
        if version > formatVersion { throw ModelFileError.newerFormat(file: path, found: version, supported: formatVersion) }
        guard version >= 1 else {
            throw ModelFileError.malformed(file: path, object: "/ attribute format_version", problem: "version \(version); expected 1 or more")
        }
        return (file, version)
    }

    /// Reads the weights of `architecture` from the groups `<prefix>layers/<i>`, checked against the
    /// shapes the architecture needs.
    static func readNetwork(_ architecture: ArchitectureJSON, under prefix: String, from file: HDF5File, path: String) throws -> Network {
        var weights: [Float] = []
        var inputs = architecture.features
        for (i, layer) in architecture.layers.enumerated() {
            for shape in layer.parameterShapes(inputSize: inputs) {
                let object = "\(prefix)layers/\(i)/\(shape.name)"
                guard file.exists(object) else {
                    throw ModelFileError.missing(file: path, object: object, expected: "\(layer.summary) weights of shape \(shape.shape)")
                }
                let dataset = try file.dataset(object)
                let found = try dataset.shape
                guard found == shape.shape else {
                    throw ModelFileError.shapeMismatch(file: path, object: object, found: found, expected: shape.shape)
                }
                weights += try dataset.floats()
            }
            inputs = layer.units
        }
        do {
            return try Network(features: architecture.features, layers: architecture.layers, parameters: weights)
        } catch {
            throw ModelFileError.malformed(file: path, object: "/ attribute architecture", problem: error.description)
        }
    }

    struct ArchitectureJSON: Codable {
        var features: Int
        var layers: [LayerSpec]
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
