import ForecastCore
import ForecastIO
import ForecastNN
import Foundation
import ZIPFoundation

/// Writes a ``SavedModel`` as a Keras 3 `.keras` file that `keras.models.load_model` opens: a zip
/// of `config.json` (a `Sequential` of `InputLayer`, the recurrent layers and the Dense layers),
/// `metadata.json`, `model.weights.h5` (weights in Keras 3's layout) and `forecast.json` (the
/// columns, lookback and scalers, which Keras ignores and ``KerasModelImporter`` reads back).
///
/// The Keras model maps scaled windows `[batch, lookback, features]` to scaled forecasts
/// `[batch, horizon]`: a Keras user scales inputs with the scalers in `forecast.json` (or the
/// model file's `scaler_offset` / `scaler_scale`) and inverse-scales outputs with the first.
///
/// The zip is built in memory and written atomically.
public enum KerasModelExporter {
    /// The Keras version whose `.keras` layout is written.
    public static let kerasVersion = "3.15.1"

    /// Writes `model` to `path` as a `.keras` zip.
    /// - Throws: ``AtomicFileError`` or ``HDF5Error`` naming the path.
    public static func export(_ model: SavedModel, to path: String) throws {
        if let anchor = model.configuration?.anchor, anchor != .none {
            throw ModelFileError.invalid(what: "--anchor \(anchor.rawValue)", problem: "this model forecasts changes from "
                + (anchor == .last ? "each window's last value" : "the values one season earlier")
                + ", which a Keras model cannot express on its own; retrain without --anchor to export it")
        }
        if model.isGlobal {
            throw ModelFileError.invalid(what: "global model", problem: "this network serves \(model.members.count) series, each with "
                + "its own scalers, which one Keras model file cannot hold; export a network trained on one series")
        }
        if let calendar = model.configuration?.calendar, !calendar.isEmpty {
            throw ModelFileError.invalid(what: "--calendar", problem: "this model reads calendar features computed from the timestamps, "
                + "which a Keras model cannot compute on its own; retrain without --calendar to export it")
        }
        if let future = model.configuration?.futureFeatures, !future.isEmpty {
            throw ModelFileError.invalid(what: "--future-features \(future.joined(separator: ","))", problem: "this model reads "
                + "known-future columns shifted one horizon ahead, which a Keras model cannot shift on its own; "
                + "retrain without --future-features (or pass the columns with --features) to export it")
        }
        if let transform = model.configuration?.transform {
            throw ModelFileError.invalid(what: "--transform \(transform.description)", problem: "this model forecasts a transformed target, "
                + "which a Keras model cannot undo on its own; retrain without --transform to export it")
        }
        if let ensemble = model.ensemble {
            let kind = ensemble.isCombination ? "different networks (--models auto's winner with the next best)" : "networks"
            throw ModelFileError.invalid(what: "--ensemble \(ensemble.size)", problem: "this model is the \(ensemble.reduce.rawValue) of "
                + "\(ensemble.size) \(kind), which one Keras model cannot express; retrain with --ensemble 1 to export it")
        }
        let network = model.network
        let names = layerNames(network.specs)
        let config = configuration(model, names: names)
        let metadata: [String: Any] = ["keras_version": kerasVersion, "date_saved": dateSaved()]
        let forecast = KerasForecastMetadata(target: model.target, inputColumns: model.spec.inputColumns, lookback: model.spec.lookback,
                                             horizon: model.spec.horizon, scalers: model.scalers, fill: model.fill,
                                             frequency: model.frequency, formatVersion: 1)

        // model.weights.h5, written to a scratch file then read into memory.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("forecast-export-\(UUID().uuidString).h5").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        try HDF5FileWriter.write(to: scratch) { file in
            try file.createGroup("layers")
            for (i, layer) in network.specs.enumerated() {
                let base = "layers/\(names[i])"
                try file.setAttribute("name", .string(names[i]), on: "\(base)/vars")
                let vars = layer.isRecurrent ? "\(base)/cell/vars" : "\(base)/vars"
                if layer.isRecurrent { try file.setAttribute("name", .string("\(kerasClass(layer).lowercased())_cell"), on: vars) }
                var offset = network.parameterOffsets[i]
                for (j, shape) in network.layers[i].parameterShapes.enumerated() {
                    let n = shape.shape.reduce(1, *)
                    try file.writeDataset("\(vars)/\(j)", floats: Array(network.parameters[offset..<offset + n]), shape: shape.shape)
                    offset += n
                }
            }
            try file.setAttribute("name", .string("sequential"), on: "vars")
        }
        let weights = try Data(contentsOf: URL(fileURLWithPath: scratch))

        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let entries: [(String, Data)] = [
            ("metadata.json", try JSONSerialization.data(withJSONObject: metadata, options: [.sortedKeys])),
            ("config.json", try JSONSerialization.data(withJSONObject: config, options: [.sortedKeys])),
            ("model.weights.h5", weights),
            ("forecast.json", try encoder.encode(forecast)),
        ]
        let archive: Archive
        do {
            archive = try Archive(data: Data(), accessMode: .create)
            for (name, data) in entries {
                try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                    data.subdata(in: Int(position)..<Int(position) + size)
                }
            }
        } catch {
            throw AtomicFileError.writeFailed(path: path, reason: "cannot build the zip archive (\(error))")
        }
        guard let bytes = archive.data else { throw AtomicFileError.writeFailed(path: path, reason: "the zip archive is empty") }
        try AtomicFile.write(data: [UInt8](bytes), to: path)
    }

    /// Keras-style unique names: `lstm`, `lstm_1`, `dense`, `dense_1`, ….
    static func layerNames(_ layers: [LayerSpec]) -> [String] {
        var seen: [String: Int] = [:]
        return layers.map { layer in
            let base = kerasClass(layer) == "SimpleRNN" ? "simple_rnn" : kerasClass(layer).lowercased()
            let n = seen[base, default: 0]
            seen[base] = n + 1
            return n == 0 ? base : "\(base)_\(n)"
        }
    }

    static func kerasClass(_ layer: LayerSpec) -> String {
        switch layer.kind {
        case .recurrent(.simpleRNN): "SimpleRNN"
        case .recurrent(.lstm): "LSTM"
        case .recurrent(.gru): "GRU"
        case .dense: "Dense"
        }
    }

    /// The `config.json` object of the Sequential model.
    static func configuration(_ model: SavedModel, names: [String]) -> [String: Any] {
        let network = model.network
        let null = NSNull()
        let inputShape: [Any] = [null, model.spec.lookback, network.features]
        var layers: [[String: Any]] = [[
            "module": "keras.layers", "class_name": "InputLayer", "registered_name": null,
            "config": ["batch_shape": inputShape, "dtype": "float32", "sparse": false, "ragged": false, "name": "input_layer", "optional": false] as [String: Any],
        ]]
        var sequence = true
        for (i, layer) in network.specs.enumerated() {
            let shape: [Any] = sequence ? [null, model.spec.lookback, network.inputSizes[i]] : [null, network.inputSizes[i]]
            var c: [String: Any] = ["name": names[i], "trainable": true, "dtype": "float32", "units": layer.units, "use_bias": true]
            if layer.isRecurrent {
                c["return_sequences"] = layer.returnSequences
                c["return_state"] = false
                c["go_backwards"] = false
                c["stateful"] = false
                c["unroll"] = false
                c["activation"] = "tanh"
                if layer.cell != .simpleRNN { c["recurrent_activation"] = "sigmoid" }
                if layer.cell == .gru { c["reset_after"] = layer.resetAfter }
                sequence = layer.returnSequences
            } else {
                c["activation"] = layer.activation.kerasName
            }
            layers.append(["module": "keras.layers", "class_name": kerasClass(layer), "registered_name": null, "config": c,
                           "build_config": ["input_shape": shape]])
        }
        return [
            "module": "keras", "class_name": "Sequential", "registered_name": null,
            "config": ["name": "sequential", "trainable": true, "dtype": "float32", "layers": layers] as [String: Any],
            "build_config": ["input_shape": inputShape],
        ]
    }

    private static func dateSaved() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd@HH:mm:ss"
        return formatter.string(from: Date())
    }
}
