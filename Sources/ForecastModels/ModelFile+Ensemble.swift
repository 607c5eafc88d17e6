import ForecastIO
import ForecastNN
import ForecastPreprocessing
import ForecastTraining
import Foundation

extension ModelFile {
    /// Writes the `ensemble` attribute and members 1…N − 1 as groups `ensemble/<k>/layers/<i>`; a
    /// combination's members with attributes `architecture`, `input_columns`, `lookback`, `scalers` and
    /// `configuration` on `ensemble/<k>`, as at the root.
    static func writeEnsemble(_ ensemble: SavedEnsemble, at model: String, to file: HDF5FileWriter,
                              willWrite: (String) throws -> Void) throws {
        let prefix = model == "/" ? "" : model + "/"
        try willWrite("\(model) attribute ensemble")
        try file.setAttribute("ensemble", .string(try json(SavedEnsemble.Header(size: ensemble.size, reduce: ensemble.reduce, seeds: ensemble.seeds,
                                                                                 combined: ensemble.isCombination ? true : nil))), on: model)
        try file.createGroup("\(prefix)ensemble")
        for (k, network) in ensemble.others.enumerated() {
            let group = "\(prefix)ensemble/\(k + 1)"
            try file.createGroup(group)
            if ensemble.isCombination {
                let own = ensemble.settings[k]
                try willWrite("\(group) attributes")
                try file.setAttribute("architecture", .string(try json(ArchitectureJSON(features: network.features, layers: network.specs))), on: group)
                try file.setAttribute("input_columns", .strings(own.spec.inputColumns), on: group)
                try file.setAttribute("lookback", .int64(Int64(own.spec.lookback)), on: group)
                try file.setAttribute("scalers", .string(try json(own.scalers)), on: group)
                try file.setAttribute("configuration", .string(try json(own.configuration)), on: group)
            }
            try writeLayers(of: network, under: "\(group)/", to: file, willWrite: willWrite)
        }
    }

    /// The members beyond the first of an ensemble, or `nil` when the file holds one network.
    /// `horizon` and `target` are member 0's, which every member of a combination shares.
    static func readEnsemble(_ architecture: ArchitectureJSON, at model: String, horizon: Int, target: String, from file: HDF5File,
                             path: String) throws -> SavedEnsemble? {
        guard let text = try file.attribute("ensemble", of: model)?.stringValue else { return nil }
        guard let header = try? JSONDecoder().decode(SavedEnsemble.Header.self, from: Data(text.utf8)),
              header.size >= 1, header.size <= 10_000, header.seeds.count == header.size else {
            throw ModelFileError.malformed(file: path, object: "\(model) attribute ensemble",
                                           problem: "cannot read it; expected {\"size\": N, \"reduce\": \"mean\"|\"median\", \"seeds\": [N seeds]}")
        }
        var others: [Network] = [], settings: [SavedEnsemble.Settings] = []
        for k in 1..<max(header.size, 1) {
            let group = "\(model == "/" ? "" : model)/ensemble/\(k)"
            guard header.combined == true else {
                others.append(try readNetwork(architecture, under: "\(group)/", from: file, path: path))
                continue
            }
            let own = try readMemberSettings(of: group, horizon: horizon, target: target, from: file, path: path)
            let network = try readNetwork(own.architecture, under: "\(group)/", from: file, path: path)
            guard network.features == own.settings.spec.inputColumns.count, network.outputs == horizon else {
                throw ModelFileError.malformed(file: path, object: "\(group) attribute architecture",
                                               problem: "\(network.features) inputs and \(network.outputs) outputs; expected one input per "
                                                   + "column of input_columns (\(own.settings.spec.inputColumns.count)) and \(horizon) outputs")
            }
            others.append(network)
            settings.append(own.settings)
        }
        return SavedEnsemble(others: others, reduce: header.reduce, seeds: header.seeds, settings: settings)
    }

    /// A combination member's own architecture, columns, lookback, scalers and configuration, read
    /// from the attributes of its group.
    private static func readMemberSettings(of group: String, horizon: Int, target: String, from file: HDF5File,
                                           path: String) throws -> (architecture: ArchitectureJSON, settings: SavedEnsemble.Settings) {
        func decode<T: Decodable>(_ type: T.Type, _ name: String, _ expected: String) throws -> T {
            guard let text = try file.attribute(name, of: group)?.stringValue else {
                throw ModelFileError.missing(file: path, object: "\(group) attribute \(name)", expected: expected)
            }
            do { return try JSONDecoder().decode(T.self, from: Data(text.utf8)) } catch {
                throw ModelFileError.malformed(file: path, object: "\(group) attribute \(name)", problem: "cannot read its JSON; expected \(expected)")
            }
        }
        let architecture = try decode(ArchitectureJSON.self, "architecture", "{\"features\": F, \"layers\": [...]}")
        guard let columns = try file.attribute("input_columns", of: group)?.stringsValue, columns.first == target else {
            throw ModelFileError.missing(file: path, object: "\(group) attribute input_columns", expected: "the input column names, \(target) first")
        }
        guard let lookback = try file.attribute("lookback", of: group)?.doubleValue.flatMap({ Int(exactly: $0) }), lookback >= 1 else {
            throw ModelFileError.missing(file: path, object: "\(group) attribute lookback", expected: "a lookback of at least 1 step")
        }
        let scalers = try decode([Scaler].self, "scalers", "one {\"kind\", \"offset\", \"scale\"} per input column")
        guard scalers.count == columns.count, scalers.allSatisfy({ $0.scale.isFinite && $0.scale != 0 && $0.offset.isFinite }) else {
            throw ModelFileError.malformed(file: path, object: "\(group) attribute scalers",
                                           problem: "expected one finite scaler with a nonzero scale per input column")
        }
        let configuration = try decode(RNNForecasterConfiguration.self, "configuration", "the member's training configuration")
        let spec = WindowSpec(lookback: lookback, horizon: horizon, inputColumns: columns, targetColumn: target)
        return (architecture, SavedEnsemble.Settings(spec: spec, scalers: scalers, configuration: configuration))
    }

    /// The `selection` attribute of a model chosen by `--models auto` (on `group`), or `nil`.
    static func readSelection(at group: String = "/", from file: HDF5File, path: String) throws -> AutoSelectionRecord? {
        guard let text = try file.attribute("selection", of: group)?.stringValue else { return nil }
        do { return try JSONDecoder().decode(AutoSelectionRecord.self, from: Data(text.utf8)) } catch {
            throw ModelFileError.malformed(file: path, object: "\(group) attribute selection",
                                           problem: "cannot read its JSON; expected the record of an automatic model choice")
        }
    }
}
