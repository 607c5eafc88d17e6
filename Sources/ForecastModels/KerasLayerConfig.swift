import ForecastNN
import Foundation

/// One layer of a Keras `Sequential` configuration (`config.json` of a `.keras` file, or the
/// `model_config` attribute of a legacy `.h5`), checked against what ``Network`` computes.
struct KerasLayerConfig {
    /// The layer's name (`lstm`, `dense_1`): where its weights are stored.
    var name: String
    var layer: LayerSpec
    /// Whether the file holds biases; without them, zeros are used (what Keras computes).
    var useBias: Bool
    /// The key of the layer's weights in a `.keras` file's `model.weights.h5`: Keras 3 names the
    /// entries of a layer list by class in snake case, numbering repeats (`lstm`, `lstm_1`,
    /// `simple_rnn`, `dense_2`), whatever the layers' own names.
    var storeName = ""

    /// The configuration of a `Sequential` model: its weight-bearing layers in order, and the
    /// input shape `[batch, time, features]` when the configuration states it.
    static func parse(_ json: Any, file: String) throws -> (layers: [KerasLayerConfig], inputShape: [Int?]?) {
        guard let top = json as? [String: Any] else {
            throw ModelFileError.unsupportedKerasFile(file: file, problem: "the model configuration is not a JSON object; expected a Keras model configuration")
        }
        let className = top["class_name"] as? String ?? "?"
        guard className == "Sequential" else {
            throw ModelFileError.unsupportedKerasFile(file: file, problem: "the model is a \(className) model; expected a keras.Sequential model "
                                                      + "of SimpleRNN, LSTM, GRU and Dense layers")
        }
        let config = top["config"] as? [String: Any]
        guard let entries = (config?["layers"] ?? top["config"]) as? [[String: Any]] else {
            throw ModelFileError.unsupportedKerasFile(file: file, problem: "the Sequential configuration has no layer list")
        }
        var inputShape: [Int?]? = shape(config?["build_input_shape"]) ?? shape((top["build_config"] as? [String: Any])?["input_shape"])
        var layers: [KerasLayerConfig] = []
        var classCounts: [String: Int] = [:]
        for (index, entry) in entries.enumerated() {
            let cls = entry["class_name"] as? String ?? "?"
            let c = entry["config"] as? [String: Any] ?? [:]
            let name = c["name"] as? String ?? "layer \(index)"
            if index == 0 || cls == "InputLayer" {
                if let s = shape(c["batch_shape"]) ?? shape(c["batch_input_shape"]) { inputShape = s }
                if inputShape == nil, let s = shape((entry["build_config"] as? [String: Any])?["input_shape"]) { inputShape = s }
            }
            let settings = Settings(config: c, layer: name, file: file)
            var storeName = snakeCase(cls)
            if cls != "InputLayer" {
                let n = classCounts[storeName, default: 0]
                classCounts[storeName] = n + 1
                if n > 0 { storeName += "_\(n)" }
            }
            switch cls {
            case "InputLayer":
                continue
            case "Dropout":
                continue  // identity at inference
            case "SimpleRNN", "LSTM", "GRU":
                try settings.dtype()
                try settings.require("go_backwards", false)
                try settings.require("stateful", false)
                try settings.require("return_state", false)
                try settings.require("time_major", false)
                try settings.requireActivation("activation", "tanh")
                if cls != "SimpleRNN" { try settings.requireActivation("recurrent_activation", "sigmoid") }
                let units = try settings.units()
                let returnSequences = c["return_sequences"] as? Bool ?? false
                let resetAfter = c["reset_after"] as? Bool ?? true
                let cell: CellKind = cls == "SimpleRNN" ? .simpleRNN : cls == "LSTM" ? .lstm : .gru
                layers.append(KerasLayerConfig(
                    name: name, layer: .recurrent(cell, units: units, returnSequences: returnSequences, resetAfter: resetAfter),
                    useBias: c["use_bias"] as? Bool ?? true, storeName: storeName))
            case "Dense":
                try settings.dtype()
                if let rank = c["lora_rank"], !(rank is NSNull) {
                    throw ModelFileError.unsupportedSetting(file: file, layer: name, setting: "lora_rank", value: "\(rank)", expected: "None")
                }
                let text = try settings.activationName("activation")
                guard let activation = Activation(kerasName: text) else {
                    throw ModelFileError.unsupportedSetting(
                        file: file, layer: name, setting: "activation", value: "\"\(text)\"",
                        expected: "one of " + Activation.allCases.map(\.rawValue).joined(separator: ", "))
                }
                layers.append(KerasLayerConfig(name: name, layer: .dense(units: try settings.units(), activation: activation),
                                               useBias: c["use_bias"] as? Bool ?? true, storeName: storeName))
            default:
                throw ModelFileError.unsupportedLayer(file: file, layer: name, className: cls)
            }
        }
        guard !layers.isEmpty else {
            throw ModelFileError.unsupportedKerasFile(file: file, problem: "the model has no SimpleRNN, LSTM, GRU or Dense layer")
        }
        return (layers, inputShape)
    }

    /// Keras' `to_snake_case`: `SimpleRNN` → `simple_rnn`, `LSTM` → `lstm`, `Dense` → `dense`.
    static func snakeCase(_ name: String) -> String {
        let chars = Array(name)
        var out = ""
        for (i, ch) in chars.enumerated() {
            if i > 0, ch.isUppercase {
                let previous = chars[i - 1]
                let nextIsLower = i + 1 < chars.count && chars[i + 1].isLowercase
                if previous.isLowercase || (nextIsLower && previous != "_") { out += "_" }
            }
            out.append(ch)
        }
        return out.lowercased()
    }

    /// `[null, 24, 3]` → `[nil, 24, 3]`.
    private static func shape(_ value: Any?) -> [Int?]? {
        guard let array = value as? [Any] else { return nil }
        return array.map { ($0 as? NSNumber)?.intValue }
    }

    /// Reads and checks a layer's settings.
    private struct Settings {
        var config: [String: Any]
        var layer: String
        var file: String

        func require(_ key: String, _ expected: Bool) throws {
            guard let value = config[key] as? Bool, value != expected else { return }
            throw ModelFileError.unsupportedSetting(file: file, layer: layer, setting: key, value: value ? "True" : "False",
                                                    expected: expected ? "True" : "False")
        }

        func activationName(_ key: String) throws -> String {
            switch config[key] {
            case nil: return "linear"
            case let s as String: return s
            case let d as [String: Any]:
                if let s = d["config"] as? String { return s }
                if let s = (d["config"] as? [String: Any])?["name"] as? String { return s }
                if let s = d["class_name"] as? String { return s.lowercased() }
                fallthrough
            default:
                throw ModelFileError.unsupportedSetting(file: file, layer: layer, setting: key, value: "\(config[key]!)",
                                                        expected: "a built-in activation named by a string")
            }
        }

        func requireActivation(_ key: String, _ expected: String) throws {
            let name = try activationName(key)
            guard name == expected else {
                throw ModelFileError.unsupportedSetting(file: file, layer: layer, setting: key, value: "\"\(name)\"", expected: "\"\(expected)\"")
            }
        }

        func units() throws -> Int {
            guard let units = (config["units"] as? NSNumber)?.intValue, units >= 1 else {
                throw ModelFileError.unsupportedSetting(file: file, layer: layer, setting: "units", value: "\(config["units"] ?? "None")",
                                                        expected: "a positive integer")
            }
            return units
        }

        /// Only float32 layers: a float16 or mixed policy computes with other rounding.
        func dtype() throws {
            var name: String?
            switch config["dtype"] {
            case let s as String: name = s
            case let d as [String: Any]: name = (d["config"] as? [String: Any])?["name"] as? String
            default: name = nil
            }
            if let name, name != "float32" {
                throw ModelFileError.unsupportedSetting(file: file, layer: layer, setting: "dtype", value: "\"\(name)\"", expected: "\"float32\"")
            }
        }
    }
}
