import ForecastCore
import ForecastEvaluation
import ForecastIO
import ForecastModels
import ForecastReports
import ForecastTraining

extension PredictCommand {
    /// Several series forecast by a file of per-series models (`train` on several series without
    /// `--global`): each series by its own model, found by its id, with its stored intervals. A series
    /// the file has no model for is skipped (or stops the run under `--strict`).
    func forecastMany(file series: TimeSeries, seriesModels models: SavedSeriesModels, path: String) throws {
        let threads = training.configuration().threads
        if let target = model.target, many.targets == nil, let other = models.models.first(where: { $0.target != target })?.target {
            throw ModelFileError.invalid(what: "target", problem: "--target \(target), but \(path)'s models forecast \"\(other)\"; "
                                         + "drop --target (a saved model knows its columns)")
        }
        if !intervals.levels.isEmpty {
            for (id, m) in zip(models.ids, models.models) {
                guard let stored = m.calibration else {
                    throw CommandError("\(path): the model of series \(id) has no stored intervals; train them with --level "
                                       + "(forecast train … --level \(intervals.levels.map(String.init).joined(separator: ",")))")
                }
                _ = try stored.restricted(to: intervals.levels)
            }
        }
        var features: [String] = [], knownAhead: [String] = []
        for m in models.models {
            for f in m.fileColumns.dropFirst() where !features.contains(f) && !m.knownFutureColumns.contains(f) { features.append(f) }
            for f in m.knownFutureColumns where !knownAhead.contains(f) { knownAhead.append(f) }
        }
        guard var collection = try data.collection(of: series, target: model.target ?? models.models[0].target, targets: many.targets,
                                                   features: features, knownFuture: knownAhead) else { return }
        var future: [String: TimeSeries] = [:]
        if !knownAhead.isEmpty { (collection, future) = try collection.splittingAtLastValues() }
        if series.rowIDs == nil { Warnings.gaps(in: series, file: data.file, quiet: output.quiet) }
        collection = try data.checkedInputs(collection, features: features + knownAhead, fill: model.fill, quiet: output.quiet || output.json)
        let knownFuture = try collection.knownFuture(future, columns: knownAhead, horizon: models.horizon)
        var forecasts: [SeriesForecast] = [], skipped: [SkippedSeries] = []
        var choices: [String: CollectionForecastReport.Choice] = [:]
        for member in collection.members {
            do {
                guard var own = models.model(for: member.id) else {
                    throw CommandError("\(path) has no model for it (it holds \(models.ids.count) series' models); "
                                       + "train one that includes it")
                }
                if !intervals.levels.isEmpty { own.calibration = try own.calibration?.restricted(to: intervals.levels) }
                let forecast = try own.forecast(after: member.series, knownFuture: knownFuture[member.id], modelPath: path)
                try ForecastChecks.requireFinite(forecast)
                forecasts.append(SeriesForecast(id: member.id, forecast: forecast, calibration: own.calibration))
                if let record = own.selection { choices[member.id] = .init(winner: record.winner, reason: record.reason) }
            } catch {
                if many.strict { throw CommandError("series \(member.id): \(error)") }
                skipped.append(SkippedSeries(id: member.id, reason: "\(error)"))
            }
        }
        guard !forecasts.isEmpty else { throw CollectionBacktestError.noSeriesLongEnough(skipped: skipped) }
        let configurations = models.models.compactMap { m -> RNNForecasterConfiguration? in
            if case .network(let saved) = m { return saved.configuration }
            return nil
        }
        let stamp = try ReproducibilityStamp(command: "predict", input: data.file,
                                             seed: configurations.first?.training.seed ?? TrainingConfiguration().seed,
                                             threads: threads, gemm: configurations.isEmpty ? "none" : GemmChoice.current,
                                             configuration: JSONValue.object(["series_models": .string(path)]), inputNotes: series.notes)
        let name = choices.isEmpty ? "per-series" : ModelCatalog.autoName
        let report = CollectionForecastReport(result: CollectionForecastResult(forecasts: forecasts, skipped: skipped),
                                              collection: collection, model: name, stamp: stamp, choices: choices)
        try emit(report, collection: collection)
    }
}
