import ForecastIO
import ForecastNN
import ForecastPreprocessing
import Foundation
import ZIPFoundation

/// A network read from a Keras file, before the scaling and column names that Keras models do not
/// carry are added (``savedModel(target:features:scalers:lookback:fill:)``).
public struct KerasModel: Sendable {
    public var network: Network
    /// Steps per window fixed by the model's input shape; `nil` when the time axis is `None`.
    public var lookback: Int?
    /// The `keras_version` the file names, when it does.
    public var kerasVersion: String?
    /// What `forecast export` stores beside the Keras files (`forecast.json`): columns, lookback
    /// and scalers; `nil` for models saved by Keras itself.
    public var forecastMetadata: KerasForecastMetadata?

    /// The model with its columns and scaling.
    /// - Parameters:
    ///   - target: column forecast (the first input feature).
    ///   - features: the other input columns, in the order of the model's input features.
    ///   - scalers: one per input column, target first.
    ///   - lookback: steps per window; required when the model's input shape leaves time open.
    /// - Throws: ``ModelFileError`` when the counts do not match the network.
    public func savedModel(target: String, features: [String], scalers: [Scaler], lookback: Int?,
                           fill: MissingValueFill? = nil, source: String) throws -> SavedModel {
        let columns = [target] + features
        guard columns.count == network.features else {
            throw ModelFileError.invalid(
                what: "input columns",
                problem: "the Keras model reads \(network.features) feature\(network.features == 1 ? "" : "s") per step but "
                    + "\(columns.count) column\(columns.count == 1 ? " is" : "s are") named (\(columns.joined(separator: ", "))); "
                    + "give --target and --features naming \(network.features) column\(network.features == 1 ? "" : "s") in the model's input order")
        }
        if let fixed = self.lookback, let lookback, lookback != fixed {
            throw ModelFileError.invalid(what: "lookback", problem: "--lookback \(lookback) but the Keras model's input takes \(fixed) steps; "
                                         + "drop --lookback or give \(fixed)")
        }
        guard let steps = lookback ?? self.lookback else {
            throw ModelFileError.invalid(what: "lookback", problem: "the Keras model's input shape leaves the number of steps open; give --lookback")
        }
        return try SavedModel(network: network,
                              spec: WindowSpec(lookback: steps, horizon: network.outputs, inputColumns: columns, targetColumn: target),
                              scalers: scalers, fill: fill, source: source)
    }
}

/// What `forecast export` writes as `forecast.json` inside a `.keras` zip, so the model comes back
/// with its columns and scaling; Keras ignores the file.
public struct KerasForecastMetadata: Codable, Sendable, Equatable {
    public var target: String
    public var inputColumns: [String]
    public var lookback: Int
    public var horizon: Int
    public var scalers: [Scaler]
    public var fill: MissingValueFill?
    public var frequency: String?
    public var formatVersion: Int

    enum CodingKeys: String, CodingKey {
        case target, lookback, horizon, scalers, fill, frequency
        case inputColumns = "input_columns", formatVersion = "format_version"
    }
}

/// Reads Keras models: the `.keras` zip that `model.save("m.keras")` writes (`config.json`,
/// `metadata.json`, `model.weights.h5`) and the legacy HDF5 file of `model.save("m.h5")`.
///
/// Accepted: `keras.Sequential` models of `SimpleRNN`, `LSTM`, `GRU` (either `reset_after`) and
/// `Dense` layers, stacked with `return_sequences`, float32, with Keras' default recurrent
/// activations (tanh, sigmoid gates), any Dense activation of ``Activation``, with or without
/// biases; `InputLayer` and `Dropout` (the identity when forecasting) may appear. Anything else —
/// another layer (`Bidirectional`, `Masking`, `Conv1D`, …) or setting (`go_backwards`,
/// `stateful`, `return_state`, other activations, another dtype) — throws an error naming the
/// layer and the setting.
///
/// Weights: in a `.keras` file, `layers/<key>/cell/vars/0,1,2` (kernel, recurrent kernel, bias)
/// for recurrent layers and `layers/<key>/vars/0,1` for Dense, where `<key>` is the layer's class
/// in snake case, numbered from the second of a class on (`lstm`, `lstm_1`, `dense`, `simple_rnn`)
/// — not the layer's name; in a legacy `.h5`, the datasets listed by each
/// `model_weights/<layer name>` group's `weight_names` attribute.
public enum KerasModelImporter {
    /// Reads the model at `path` (`.keras` zip or legacy `.h5`, told apart by content).
    /// - Throws: ``ModelFileError`` naming the file, layer and setting; ``HDF5Error``.
    public static func load(_ path: String) throws -> KerasModel {
        guard FileManager.default.fileExists(atPath: path) else { throw HDF5Error.fileNotFound(file: path) }
        let head = FileHandle(forReadingAtPath: path).map { h in defer { try? h.close() }; return h.readData(ofLength: 4) } ?? Data()
        if head.starts(with: [0x50, 0x4B]) { return try loadZip(path) }
        return try loadLegacy(path)
    }

    // MARK: .keras (Keras 3)

    private static func loadZip(_ path: String) throws -> KerasModel {
        let archive: Archive
        do { archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read) } catch {
            throw ModelFileError.unsupportedKerasFile(file: path, problem: "cannot read it as a zip archive; expected a .keras file from model.save(\"m.keras\")")
        }
        func entry(_ name: String) throws -> Data? {
            guard let e = archive[name] else { return nil }
            var data = Data()
            do { _ = try archive.extract(e, skipCRC32: false) { data.append($0) } } catch {
                throw ModelFileError.unsupportedKerasFile(file: path, problem: "\(name) in the zip cannot be read (\(error)); the file is damaged")
            }
            return data
        }
        guard let configData = try entry("config.json") else {
            throw ModelFileError.unsupportedKerasFile(file: path, problem: "no config.json in the zip; expected a .keras file from model.save(\"m.keras\")")
        }
        guard let weightsData = try entry("model.weights.h5") else {
            throw ModelFileError.unsupportedKerasFile(file: path, problem: "no model.weights.h5 in the zip; expected a .keras file from model.save(\"m.keras\")")
        }
        let config = try jsonObject(configData, file: path, what: "config.json")
        let metadata = try entry("metadata.json").flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
        let forecast = try entry("forecast.json").flatMap { try? JSONDecoder().decode(KerasForecastMetadata.self, from: $0) }
        let (layers, inputShape) = try KerasLayerConfig.parse(config, file: path)

        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("forecast-\(UUID().uuidString).weights.h5").path
        try weightsData.write(to: URL(fileURLWithPath: temporary))
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        let weights = try HDF5File.open(temporary)
        let display = "\(path)!model.weights.h5"
        let root = weights.exists("layers") ? "layers" : "_layer_checkpoint_dependencies"
        let network = try build(layers, inputShape: inputShape, file: display) { layer, count in
            let base = "\(root)/\(layer.storeName)/" + (layer.layer.isRecurrent ? "cell/vars" : "vars")
            return try (0..<count).map { i in
                let object = "\(base)/\(i)"
                guard weights.exists(object) else {
                    throw ModelFileError.missing(file: display, object: "/" + object, expected: "weight \(i) of layer \"\(layer.name)\"")
                }
                let d = try weights.dataset(object)
                return (object, try d.shape, try d.floats())
            }
        }
        return KerasModel(network: network, lookback: inputShape.flatMap { $0.count == 3 ? $0[1] : nil },
                          kerasVersion: metadata?["keras_version"] as? String, forecastMetadata: forecast)
    }

    // MARK: legacy .h5 (model.save("m.h5"))

    private static func loadLegacy(_ path: String) throws -> KerasModel {
        let file = try HDF5File.open(path)
        guard let text = try file.attribute("model_config")?.stringValue else {
            let problem = file.exists("model_weights") || (try? file.attribute("layer_names")) != nil
                ? "holds weights but no model_config attribute (a save_weights file?); expected a file from model.save(\"m.h5\")"
                : "not a Keras model: no model_config attribute; expected a .keras file or a file from model.save(\"m.h5\"), "
                    + "or a model written by 'forecast train --save'"
            throw ModelFileError.unsupportedKerasFile(file: path, problem: problem)
        }
        let config = try jsonObject(Data(text.utf8), file: path, what: "the model_config attribute")
        let (layers, inputShape) = try KerasLayerConfig.parse(config, file: path)
        let group = file.exists("model_weights") ? "model_weights" : ""
        let network = try build(layers, inputShape: inputShape, file: path) { layer, count in
            let layerGroup = group.isEmpty ? layer.name : "\(group)/\(layer.name)"
            guard file.exists(layerGroup), let names = try file.attribute("weight_names", of: layerGroup)?.stringsValue else {
                throw ModelFileError.missing(file: path, object: "/\(layerGroup)", expected: "the weights of layer \"\(layer.name)\" with a weight_names attribute")
            }
            guard names.count == count else {
                throw ModelFileError.malformed(file: path, object: "/\(layerGroup)",
                                               problem: "\(names.count) weights (\(names.joined(separator: ", "))); expected \(count) for \(layer.layer.summary)")
            }
            return try names.map { name in
                let d = try file.dataset("\(layerGroup)/\(name)")
                return ("\(layerGroup)/\(name)", try d.shape, try d.floats())
            }
        }
        return KerasModel(network: network, lookback: inputShape.flatMap { $0.count == 3 ? $0[1] : nil },
                          kerasVersion: try file.attribute("keras_version")?.stringValue, forecastMetadata: nil)
    }

    // MARK: Shared

    private static func jsonObject(_ data: Data, file: String, what: String) throws -> Any {
        do { return try JSONSerialization.jsonObject(with: data) } catch {
            throw ModelFileError.unsupportedKerasFile(file: file, problem: "\(what) is not valid JSON")
        }
    }

    /// Reads every layer's arrays through `read(layer, count)` (path, shape, values), checks them
    /// against the shapes the configuration needs, adds zero biases for `use_bias=False`.
    private static func build(_ layers: [KerasLayerConfig], inputShape: [Int?]?, file: String,
                              read: (KerasLayerConfig, Int) throws -> [(String, [Int], [Float])]) throws -> Network {
        // Features: the input shape's last axis, else the first kernel's rows.
        var features = inputShape?.last ?? nil
        var weights: [Float] = []
        for (i, layer) in layers.enumerated() {
            let stored = layer.layer.isRecurrent ? (layer.useBias ? 3 : 2) : (layer.useBias ? 2 : 1)
            let arrays = try read(layer, stored)
            if i == 0, features == nil, let kernel = arrays.first, kernel.1.count == 2 { features = kernel.1[0] }
            guard let inputs = i == 0 ? features : layers[i - 1].layer.units else {
                throw ModelFileError.unsupportedKerasFile(file: file, problem: "the number of input features is not stated")
            }
            let shapes = layer.layer.parameterShapes(inputSize: inputs)
            for (j, shape) in shapes.enumerated() {
                if j < arrays.count {
                    let (object, found, data) = arrays[j]
                    guard found == shape.shape else {
                        throw ModelFileError.shapeMismatch(file: file, object: "/" + object, found: found, expected: shape.shape)
                    }
                    weights += data
                } else {
                    weights += [Float](repeating: 0, count: shape.shape.reduce(1, *))  // use_bias=False
                }
            }
        }
        do {
            return try Network(features: features ?? 0, layers: layers.map(\.layer), parameters: weights)
        } catch {
            throw ModelFileError.unsupportedKerasFile(file: file, problem: error.description)
        }
    }
}
