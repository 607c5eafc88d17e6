import ArgumentParser
import ForecastIO
import ForecastModels
import ForecastPreprocessing

/// A trained model to forecast with instead of training: `--model`, and the scaling a Keras model
/// needs (`--scaler-from`, `--mean`, `--std`).
struct ModelFileOptions: ParsableArguments {
    @Option(help: ArgumentHelp("""
        Forecast with a trained model instead of training: a file from 'forecast train --save' (its columns, \
        lookback, horizon and scalers are used), or a Keras model (.keras from model.save("m.keras"), or a legacy \
        .h5 from model.save("m.h5")): a Sequential of SimpleRNN, LSTM, GRU and Dense layers. A Keras model needs \
        --target (and --features for its other inputs, in order) and its input scaling, from --scaler-from or --mean/--std.
        """, valueName: "path"))
    var model: String?

    @Option(help: ArgumentHelp("""
        Keras models only: where the input scaling comes from: a model saved by 'forecast train' (its scalers, and its \
        columns unless --target is given), or a CSV/HDF5 file of the rows the Keras model was trained on (a --scaler is \
        fitted per input column on all its rows).
        """, valueName: "path"))
    var scalerFrom: String?

    @Option(help: ArgumentHelp("Keras models only: the mean subtracted from each input column, target first, comma-separated (with --std).",
                               valueName: "m,m"),
            transform: CommaSeparated<Double>.parse)
    var mean: CommaSeparated<Double>?

    @Option(help: ArgumentHelp("Keras models only: the standard deviation each input column is divided by, target first (with --mean).",
                               valueName: "s,s"),
            transform: CommaSeparated<Double>.parse)
    var std: CommaSeparated<Double>?

    func validate() throws {
        if (mean == nil) != (std == nil) { throw ValidationError("--mean and --std go together: give both, one value per input column") }
        if model == nil, scalerFrom != nil || mean != nil {
            throw ValidationError("--scaler-from, --mean and --std apply to a Keras model given with --model")
        }
        if scalerFrom != nil, mean != nil { throw ValidationError("give either --scaler-from or --mean/--std, not both") }
        for (values, option) in [(mean, "--mean"), (std, "--std")] {
            if let values, !values.values.allSatisfy(\.isFinite) {
                throw ValidationError("\(option) \(values.defaultValueDescription): expected finite numbers, one per input column, target first")
            }
        }
    }

    /// The scaling these options name, loading `--scaler-from` with `loader` when it is a series. An
    /// HDF5 file (a model file, or a series) is first read in a separate process (``IsolatedRead``).
    func scaling(kind: ScalerKind, loader: SeriesLoader) throws -> ImportScaling? {
        if let mean, let std { return .explicit(means: mean.values, stds: std.values) }
        guard let scalerFrom else { return nil }
        if SeriesLoader.format(of: scalerFrom) == .hdf5 {
            try IsolatedRead.check(.series, path: scalerFrom, dataset: loader.hdf5Dataset, modelFirst: true)
            if ModelFile.isModelFile(scalerFrom) { return .model(try ModelFile.load(scalerFrom)) }
        }
        return .fitted(on: try loader.load(path: scalerFrom), kind: kind)
    }
}
