import ForecastCore
import ForecastEvaluation
import ForecastModels
import ForecastIO
import ForecastReports

extension TrainCommand {
    /// One series' entry in the `--json` document of per-series models.
    struct SeriesModelEntry: Encodable {
        var id: String
        var target: String
        var model: ModelSummary
        var training: ModelSummary.TrainingSummary
        /// `--models auto`'s choice for this series (`winner`, `reason`); `nil` otherwise.
        @NullWhenAbsent var choice: CollectionForecastReport.Choice?
    }

    /// Several series without `--global`: each series' own model — a network, an ensemble
    /// (`--ensemble N`) or what `--models auto` chooses from that series' own rows — trained one
    /// series after another as `--target` on that series alone would train it (auto's candidates and
    /// an ensemble's members in parallel on `--threads`), and saved as one file of per-series models.
    func trainEach(_ collection: SeriesCollection, file series: TimeSeries) throws {
        if series.rowIDs == nil { Warnings.gaps(in: series, file: data.file, quiet: quiet || json) }
        let collection = try data.checkedInputs(collection, features: model.featureList + model.futureFeatureList, fill: model.fill,
                                                quiet: quiet || json)
        let frequency = collection.members[0].series.inferFrequency()
        let (configuration, horizon) = try ModelTraining.configuration(model: model, training: training, collection: collection)
        let progress = ProgressLine(enabled: !quiet && !json)
        var ids: [String] = [], models: [SavedSeriesModels.Model] = [], entries: [SeriesModelEntry] = []
        var skipped: [SkippedSeries] = [], selections: [String: AutoSelectionRecord] = [:]
        for (k, member) in collection.members.enumerated() {
            progress.update("train: series \(k + 1)/\(collection.members.count) (\(member.id))", force: true)
            do {
                let trained = try ModelTraining.train(configuration, auto: choice.isAuto, selection: selection, model: model, on: member.series,
                                                      target: member.target, horizon: horizon, threads: training.threads.forTasks, quiet: true)
                var calibration: ConformalCalibration?
                if !intervals.levels.isEmpty {
                    calibration = try ModelTraining.calibrate(trained.forecaster, on: member.series, target: member.target, horizon: horizon,
                                                              intervals: intervals, threads: training.threads.forTasks, quiet: true).0
                }
                if let saved = trained.savedModel(frequency: frequency, calibration: calibration) {
                    models.append(.network(saved))
                } else {
                    models.append(.baseline(try trained.savedBaseline(target: member.target, horizon: horizon, frequency: frequency,
                                                                      season: model.season, fill: configuration.fill, calibration: calibration)!))
                }
                ids.append(member.id)
                var summary = trained.summary
                summary.file = save
                entries.append(SeriesModelEntry(id: member.id, target: member.target, model: summary, training: summary.training,
                                                choice: trained.selection.map { .init(winner: $0.winner, reason: $0.reason) }))
                selections[member.id] = trained.selection
            } catch {
                if many.strict { throw CommandError("series \(member.id): \(error)") }
                skipped.append(SkippedSeries(id: member.id, reason: "\(error)"))
            }
        }
        progress.finish()
        guard !ids.isEmpty else { throw CollectionBacktestError.noSeriesLongEnough(skipped: skipped) }
        let saved = try SavedSeriesModels(ids: ids, models: models)
        try ModelFile.save(saved, to: save)

        if json {
            var settings = try JSONValue(encoding: configuration)
            if choice.isAuto { settings = settings.adding("selections", try JSONValue(encoding: selections)) }
            let stamp = try ReproducibilityStamp(command: "train", input: data.file, seed: configuration.training.seed,
                                                 threads: configuration.training.threads, gemm: GemmChoice.current,
                                                 configuration: settings, inputNotes: series.notes)
            print(try JSONContract.document(Document(command: "train", target: entries[0].target, features: configuration.features,
                                                     frequency: frequency.code, model: nil, training: nil,
                                                     formatVersion: ModelFile.seriesModelsFormatVersion, calibration: nil, series: ids,
                                                     seriesModels: entries, skippedSeries: skipped, stamp: stamp)))
        } else {
            print(Self.seriesModelsText(entries, horizon: horizon, frequency: frequency, file: save, levels: intervals.levels))
        }
        for s in skipped.prefix(10) { Warnings.print("series \(s.id) left out of the model file: \(s.reason)", quiet: quiet) }
        if skipped.count > 10 { Warnings.print("\(skipped.count - 10) more series left out; --json lists them all", quiet: quiet) }
    }

    /// What `train` prints for per-series models: one line per series, and how often auto chose each model.
    static func seriesModelsText(_ entries: [SeriesModelEntry], horizon: Int, frequency: Frequency, file: String, levels: [Int]) -> String {
        var text = "saved a model for each of \(entries.count) series, horizon \(horizon) (\(frequency.description))"
            + (levels.isEmpty ? "" : ", each with its own \(levels.map { "\($0) %" }.joined(separator: ", ")) intervals") + " to \(file)"
        let width = entries.map(\.id.count).max() ?? 0
        for e in entries {
            let t = e.training
            text += "\n  " + e.id.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + e.model.architecture
            if t.epochsRun > 0 { text += "; trained \(t.epochsRun.counted("epoch")) in \(NumberFormatting.significant(t.seconds, digits: 3)) s" }
        }
        let chosen = entries.compactMap { $0.choice?.winner }
        if !chosen.isEmpty {
            var counts: [(String, Int)] = []
            for w in chosen {
                if let i = counts.firstIndex(where: { $0.0 == w }) { counts[i].1 += 1 } else { counts.append((w, 1)) }
            }
            text += "\n--models auto chose " + counts.sorted { $0.1 > $1.1 }.map { "\($0.0) for \($0.1) series" }
                .joined(separator: ", ") + " ('forecast predict --models auto' prints each series' reasons; --json gives them)"
        }
        return text
    }
}
