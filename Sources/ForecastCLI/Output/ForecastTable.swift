import ForecastCore
import ForecastReports

/// The terminal rendering of a ``ForecastReport``: what was trained or loaded, the last observation,
/// and one row per step.
enum ForecastTable {
    /// `trained 37 epochs (stopped early; best epoch 27 restored) in 10.4 s on 2629 windows; validation
    /// mse 0.078 (scaled units)`; for several networks `trained 3 networks in 31 s (the first: 37 epochs, …)`.
    static func trainedLine(_ t: ModelSummary.TrainingSummary) -> String {
        var epochs = t.epochsRun.counted("epoch")
        if t.stoppedEarly { epochs += " (stopped early; best epoch \(t.bestEpoch) restored)" }
        var detail = "on \(t.trainingWindows.counted("window"))"
        if let v = t.valLoss { detail += "; validation \(t.loss ?? "loss") \(NumberFormatting.significant(v, digits: 4)) (scaled units)" }
        let seconds = "\(NumberFormatting.significant(t.seconds, digits: 3)) s"
        guard t.networks > 1 else { return "trained \(epochs) in \(seconds) \(detail)" }
        return "trained \(t.networks) networks in \(seconds) (the first: \(epochs) \(detail))"
    }

    static func render(_ report: ForecastReport) -> String {
        let model = report.model, training = model.training, target = report.forecast.target
        var lines: [String] = []
        // A baseline (chosen by --models auto, or saved from that choice) has no window and trains nothing.
        let baseline = model.units.isEmpty && model.lookback == 0
        lines.append("\(model.architecture) on \(target)" + (report.features.isEmpty ? "" : " + \(report.features.joined(separator: ", "))")
            + (baseline ? "" : ", lookback \(model.lookback)") + ", horizon \(model.horizon) (\(report.frequency.description))")
        var trained = trainedLine(training)
        if let file = model.file, let source = model.source {
            trained = "loaded from \(file) (\(source)" + (training.epochsRun > 0 ? "; \(trained))" : ")")
        }
        if baseline {
            lines.append(model.file.map { "loaded from \($0) (\(model.source ?? "forecast")): a baseline forecasts from the history itself" }
                         ?? "nothing trained: a baseline forecasts from the history itself")
        } else {
            lines.append(trained)
        }
        if model.nonNegative { lines.append("forecasts are kept at 0 or above: the target has no negative value in the training rows") }
        if let c = report.calibration {
            var text = "intervals: \(c.levels.map { "\($0) %" }.joined(separator: ", ")) \(c.method) split-conformal from \(c.windows.counted("calibration window"))"
            if let seconds = c.seconds { text += " (\(c.windows.counted("refit")), \(NumberFormatting.significant(seconds, digits: 3)) s)" }
            lines.append(text)
        }
        let last = report.lastObserved
        let times = (report.forecast.timestamps ?? []) + (last.timestamp.map { [$0] } ?? [])
        let show = times.displayFormat
        lines.append("last observed: \(last.timestamp.map(show) ?? "-")  \(target) = \(last.value.map { NumberFormatting.significant($0) } ?? "-")")
        lines.append("")
        var header = ["step", "timestamp", target]
        for interval in report.forecast.intervals { header += ["lo_\(interval.level)", "hi_\(interval.level)"] }
        if report.seasonalNaive != nil { header.append("one season earlier") }
        var table = TextTable(header: header, leftAligned: [1])
        for i in 0..<report.forecast.horizon {
            var row = ["\(i + 1)", report.forecast.timestamps.map { show($0[i]) } ?? "-",
                       NumberFormatting.significant(report.forecast.values[i])]
            for interval in report.forecast.intervals {
                row += [NumberFormatting.significant(interval.lower[i]), NumberFormatting.significant(interval.upper[i])]
            }
            if let previous = report.seasonalNaive { row.append(NumberFormatting.significant(previous[i])) }
            table.append(row)
        }
        lines.append(table.render())
        return lines.joined(separator: "\n")
    }
}
