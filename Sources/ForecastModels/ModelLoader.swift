import ForecastCore
import ForecastPreprocessing

/// Where the scaling of an imported Keras model comes from (Keras models do not carry it).
public enum ImportScaling: Sendable {
    /// The scalers (and, unless given, the columns and lookback) of a model file of ours.
    case model(SavedModel)
    /// Scalers of `kind` fitted on every row of a series (the rows the Keras model was trained on).
    case fitted(on: TimeSeries, kind: ScalerKind)
    /// `(x - mean) / std` per input column, target first.
    case explicit(means: [Double], stds: [Double])
}

/// Loads any model `forecast predict --model` accepts: our model file, or a Keras `.keras` /
/// legacy `.h5` file completed with columns, lookback and scaling.
///
/// For a Keras model, each piece comes from the first of: the explicit argument; the model given
/// as ``ImportScaling/model(_:)``; the `forecast.json` that `forecast export` puts in `.keras`
/// files; the model's own input shape (lookback only).
public enum ModelLoader {
    /// - Parameters:
    ///   - target: the column forecast; for our model files it must be the model's target if given; for a
    ///     file of per-series models, the series whose network is read.
    ///   - features: the other input columns, in the model's feature order (`[]`: from the sources above).
    ///   - lookback: steps per window, for a Keras model whose input leaves them open.
    /// - Throws: ``ModelFileError`` (a newer format, a refused Keras layer, missing scaling, …),
    ///   ``HDF5Error`` when the file cannot be read, ``ScalerError`` when fitting fails.
    public static func load(_ path: String, target: String? = nil, features: [String] = [], lookback: Int? = nil,
                            scaling: ImportScaling? = nil, fill: MissingValueFill? = nil) throws -> SavedModel {
        if ModelFile.isModelFile(path) {
            var model: SavedModel
            if let target, let found = try ModelFile.loadSeriesModel(path, id: target) {
                // A file of per-series models: the network of the series --target names.
                guard case .network(let own)? = found.model else { throw ModelFileError.seriesModels(file: path, count: found.count) }
                model = own
            } else {
                model = try ModelFile.load(path)   // refuses a file of per-series models, naming it
            }
            if let target, target != model.target, !model.isGlobal {
                throw ModelFileError.invalid(what: "target", problem: "--target \(target), but \(path) forecasts \"\(model.target)\"; "
                                             + "drop --target (a saved model knows its columns)")
            }
            if let fill { model.fill = fill }
            return model
        }
        let keras = try KerasModelImporter.load(path)
        var reference: SavedModel?
        if case let .model(m) = scaling { reference = m }
        let metadata = keras.forecastMetadata
        guard let target = target ?? reference?.target ?? metadata?.target else {
            throw ModelFileError.invalid(what: "target", problem: "a Keras model does not name its columns; give --target "
                                         + "(and --features for its other inputs, in order)")
        }
        let features = !features.isEmpty ? features
            : Array((reference?.spec.inputColumns ?? metadata?.inputColumns ?? [target]).dropFirst())
        let columns = [target] + features
        let scalers: [Scaler]
        switch scaling {
        case let .explicit(means, stds)?:
            guard means.count == columns.count, stds.count == columns.count else {
                throw ModelFileError.scaling(problem: "--mean has \(means.count) and --std \(stds.count) values for \(columns.count) input column"
                                             + "\(columns.count == 1 ? "" : "s") (\(columns.joined(separator: ", "))); expected one each per column, target first")
            }
            if let i = stds.firstIndex(where: { !($0 > 0 && $0.isFinite) }) {
                throw ModelFileError.scaling(problem: "--std \(stds[i]) for column \"\(columns[i])\": expected a positive number")
            }
            scalers = zip(means, stds).map { Scaler(kind: .standard, offset: $0, scale: $1) }
        case let .model(m)?:
            guard m.spec.inputColumns == columns else {
                throw ModelFileError.scaling(problem: "--scaler-from model scales \(m.spec.inputColumns.joined(separator: ", ")) but the Keras model "
                                             + "reads \(columns.joined(separator: ", ")); expected the same columns in the same order")
            }
            scalers = m.scalers
        case let .fitted(series, kind)?:
            scalers = try columns.map { try Scaler.fit(kind, on: try series.column(named: $0).values) }
        case nil:
            guard let metadata, metadata.inputColumns == columns else {
                throw ModelFileError.scaling(problem: "\(path): a Keras model does not carry the scaling of its inputs; give --scaler-from "
                                             + "(a model saved by 'forecast train', or the data file the model was trained on) or --mean and --std "
                                             + "(one per input column, target first; --mean 0 --std 1 for a model trained on raw values)")
            }
            scalers = metadata.scalers
        }
        let steps = lookback ?? keras.lookback ?? metadata?.lookback ?? reference?.spec.lookback
        let version = keras.kerasVersion.map { "keras \($0)" } ?? "keras"
        return try keras.savedModel(target: target, features: features, scalers: scalers, lookback: steps,
                                    fill: fill ?? metadata?.fill ?? reference?.fill, source: version)
    }
}
