import ForecastCore
import ForecastEvaluation
import ForecastModels
import ForecastIO
import ForecastReports

extension TrainCommand {
    /// One series' entry in the `--json` document of per-series models.
    struct SeriesModelEntry: Encodable, Sendable {
        var id: String
        var target: String
        var model: ModelSummary
        var training: ModelSummary.TrainingSummary
        /// `--models auto`'s choice for this series (`winner`, `reason`); `nil` otherwise.
        @NullWhenAbsent var choice: CollectionForecastReport.Choice?

        /// What one series' training gives: its model for the file, auto's record, its entry.
        struct Trained: Sendable {
            var model: SavedSeriesModels.Model
            var selection: AutoSelectionRecord?
            var entry: SeriesModelEntry
        }
    }

    /// Several series without `--global`: each series' own model — a network, an ensemble
    /// (`--ensemble N`) or what `--models auto` chooses from that series' own rows — trained as
    /// `predict` with several series trains it (the same numbers): series in parallel on `--threads`,
    /// one thread each, when there are at least as many series as threads, else one after another
    /// with auto's candidates and an ensemble's members in parallel. Saved as one file of per-series
    /// models.
    func trainEach(_ collection: SeriesCollection, file series: TimeSeries) throws {
        let prepared = try prepared(collection, file: series)
        let (collection, frequency) = (prepared.collection, prepared.frequency)
        var options = prepared.configuration
        let workers = training.threads.forTasks
        let parallelSeries = collection.members.count >= workers
        if parallelSeries { options.training.threads = 1 }
        let (configuration, horizon) = (options, prepared.horizon)
        let inner = parallelSeries ? 1 : workers
        let progress = ProgressLine(enabled: !quiet && !json)
        let done = ParallelTasks.Counter()
        let total = collection.members.count
        let (auto, selection, model, intervals, save) = (choice.isAuto, self.selection, self.model, self.intervals, self.save)
        let trained = ParallelTasks.run(count: total, workers: parallelSeries ? workers : 1) { k -> Result<SeriesModelEntry.Trained, any Error> in
            let member = collection.members[k]
            let result = Result { () throws -> SeriesModelEntry.Trained in
                let trained = try ModelTraining.train(configuration, auto: auto, selection: selection, model: model, on: member.series,
                                                      target: member.target, horizon: horizon, threads: inner, quiet: true)
                var calibration: ConformalCalibration?
                if !intervals.levels.isEmpty {
                    calibration = try ModelTraining.calibrate(trained.forecaster, on: member.series, target: member.target, horizon: horizon,
                                                              intervals: intervals, threads: inner, quiet: true).0
                }
                let saved: SavedSeriesModels.Model
                if let network = trained.savedModel(frequency: frequency, calibration: calibration) {
                    saved = .network(network)
                } else {
                    saved = .baseline(try trained.savedBaseline(target: member.target, horizon: horizon, frequency: frequency,
                                                                season: model.season, fill: configuration.fill, calibration: calibration)!)
                }
                var summary = trained.summary
                summary.file = save
                return .init(model: saved, selection: trained.selection,
                             entry: SeriesModelEntry(id: member.id, target: member.target, model: summary, training: summary.training,
                                                     choice: trained.selection.map { .init(winner: $0.winner, reason: $0.reason) }))
            }
            let n = done.increment()
            progress.update("train: \(n)/\(total) series", force: n == total)
            return result
        }
        progress.finish()
        var ids: [String] = [], models: [SavedSeriesModels.Model] = [], entries: [SeriesModelEntry] = []
        var skipped: [SkippedSeries] = [], selections: [String: AutoSelectionRecord] = [:]
        for (member, outcome) in zip(collection.members, trained) {
            switch outcome {
            case .success(let t):
                ids.append(member.id)
                models.append(t.model)
                entries.append(t.entry)
                selections[member.id] = t.selection
            case .failure(let error):
                if many.strict { throw CommandError("series \(member.id): \(error)") }
                skipped.append(SkippedSeries(id: member.id, reason: "\(error)"))
            }
        }
        guard !ids.isEmpty else { throw CollectionBacktestError.noSeriesLongEnough(skipped: skipped) }
        let saved = try SavedSeriesModels(ids: ids, models: models)
        try ModelFile.save(saved, to: save)

        if json {
            var settings = try JSONValue(encoding: configuration)
            if choice.isAuto { settings = settings.adding("selections", try JSONValue(encoding: selections)) }
            let stamp = try ReproducibilityStamp(command: "train", input: data.file, seed: configuration.training.seed,
                                                 threads: workers, gemm: GemmChoice.current,
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
