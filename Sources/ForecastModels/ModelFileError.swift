/// What can go wrong reading, writing, importing or exporting a model file.
///
/// Messages read `<file>[:<object>]: <what is wrong>; <what we expected or how to fix it>`.
public enum ModelFileError: Error, Equatable, CustomStringConvertible {
    /// An HDF5 file that is not a `forecast` model file (no `format` attribute).
    case notAModel(file: String, found: String)
    /// The file was written by a newer `forecast` with a format this one cannot read.
    case newerFormat(file: String, found: Int, supported: Int)
    /// A required attribute or dataset is missing.
    case missing(file: String, object: String, expected: String)
    /// An attribute or dataset holds something unusable.
    case malformed(file: String, object: String, problem: String)
    /// A weight array has another shape than the layer needs.
    case shapeMismatch(file: String, object: String, found: [Int], expected: [Int])
    /// The series lacks columns the model reads.
    case missingColumns(model: String, columns: [String], available: [String])
    /// Model parts that do not fit together (columns, scalers, horizon).
    case invalid(what: String, problem: String)
    /// A Keras layer class we do not compute.
    case unsupportedLayer(file: String, layer: String, className: String)
    /// A Keras layer setting we do not compute.
    case unsupportedSetting(file: String, layer: String, setting: String, value: String, expected: String)
    /// A Keras file that is not a model we can read (not a zip, no config, not Sequential).
    case unsupportedKerasFile(file: String, problem: String)
    /// Scaling for an imported model is missing or inconsistent.
    case scaling(problem: String)
    /// A model file holding a baseline (``SavedBaseline``) where a network was needed.
    case baselineModel(file: String, name: String)
    /// A model file holding a model per series (``SavedSeriesModels``) where one model was needed.
    case seriesModels(file: String, count: Int)

    public var description: String {
        switch self {
        case let .notAModel(file, found):
            return "\(file): not a forecast model file (\(found)); expected a file written by "
                + "'forecast train --save', or pass a Keras model as .keras or .h5"
        case let .newerFormat(file, found, supported):
            return "\(file): model format version \(found) is newer than this forecast reads (up to \(supported)); "
                + "use a newer forecast, or retrain the model with this one"
        case let .missing(file, object, expected):
            return "\(file):\(object): missing; expected \(expected)"
        case let .malformed(file, object, problem):
            return "\(file):\(object): \(problem)"
        case let .shapeMismatch(file, object, found, expected):
            return "\(file):\(object): weights of shape \(found); expected \(expected) for the layer's configuration"
        case let .missingColumns(model, columns, available):
            let names = columns.map { "\"\($0)\"" }.joined(separator: ", ")
            return "\(model): the model reads column\(columns.count == 1 ? "" : "s") \(names), missing from the input; "
                + "columns in the input: \(available.joined(separator: ", ")); give a file with the columns the model was trained on"
        case let .invalid(what, problem):
            return "model \(what): \(problem)"
        case let .unsupportedLayer(file, layer, className):
            return "\(file): layer \"\(layer)\" is a \(className), which forecast cannot run; "
                + "expected a Sequential model of SimpleRNN, LSTM, GRU and Dense layers (InputLayer and Dropout are accepted)"
        case let .unsupportedSetting(file, layer, setting, value, expected):
            return "\(file): layer \"\(layer)\" has \(setting)=\(value), which forecast cannot run; expected \(setting)=\(expected)"
        case let .unsupportedKerasFile(file, problem):
            return "\(file): \(problem)"
        case let .scaling(problem):
            return problem
        case let .seriesModels(file, count):
            return "\(file): holds a model for each of \(count) series, not one model; forecast those series with it by "
                + "'forecast predict FILE --targets … --model \(file)' (or a long file), or one of them by --target with its id; "
                + "'forecast export' takes a file of one model (train one series with --target)"
        case let .baselineModel(file, name):
            return "\(file): holds the baseline \(name) (chosen by --models auto), not a network; "
                + "forecast with it by 'forecast predict FILE --model \(file)'; it has no weights to export or to scale a Keras model with"
        }
    }
}
