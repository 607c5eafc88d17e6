import ForecastCore
import ForecastIO
import ForecastTraining
import Foundation

/// Everything `forecast predict` reports, and the writers for each output format.
struct PredictionResult: CommandReport {
    var series: TimeSeries
    var frequency: Frequency
    /// The network trained in this run, or the model loaded with `--model`.
    var fitted: any ForecastRunSummary
    /// Forecast values, inverse-scaled, one per step.
    var values: [Double]
    /// Dates of the steps; `nil` when the series is irregular (steps are then only numbered).
    var timestamps: [Timestamp]?
    var stamp: ReproducibilityStamp

    var target: String { fitted.spec.targetColumn }
    var horizon: Int { fitted.spec.horizon }

    /// The value one season before each forecast step (seasonal naive), for a sense of scale.
    var lastSeason: [Double]? {
        guard let season = frequency.seasonalPeriod, let column = try? series.column(named: target),
              column.values.count >= season else { return nil }
        let tail = Array(column.values.suffix(season))
        return (0..<horizon).map { tail[$0 % season] }
    }

    // MARK: JSON

    struct JSON: Encodable {
        var target: String
        var features: [String]
        var cell: String
        var units: [Int]
        var lookback: Int
        var horizon: Int
        var frequency: String
        var timestamps: [String]?
        var steps: [Int]
        var forecast: [Double]
        var lastObserved: Observation
        var trainLoss: Double?
        var valLoss: Double?
        var epochsRun: Int
        var bestEpoch: Int
        var stoppedEarly: Bool
        var trainingWindows: Int
        var validationWindows: Int
        var seed: UInt64
        var threads: Int
        var seconds: Double
        /// The model file forecast with (`--model`); absent when trained in this run.
        var model: String?
        var stamp: ReproducibilityStamp

        struct Observation: Encodable { var timestamp: String; var value: Double }

        enum CodingKeys: String, CodingKey {
            case target, features, cell, units, lookback, horizon, frequency, timestamps, steps, forecast, seed, threads, seconds, model, stamp
            case lastObserved = "last_observed", trainLoss = "train_loss", valLoss = "val_loss", epochsRun = "epochs_run"
            case bestEpoch = "best_epoch", stoppedEarly = "stopped_early", trainingWindows = "training_windows"
            case validationWindows = "validation_windows"
        }
    }

    var json: JSON {
        let h = fitted.history
        let best = max(h.bestEpoch, 1) - 1
        return JSON(target: target, features: Array(fitted.spec.inputColumns.dropFirst()),
                    cell: fitted.cellName, units: fitted.units,
                    lookback: fitted.spec.lookback, horizon: horizon, frequency: frequency.code,
                    timestamps: timestamps?.map(\.iso8601), steps: Array(1...horizon), forecast: values,
                    lastObserved: .init(timestamp: series.timestamps.last!.iso8601,
                                        value: (try? series.column(named: target).values.last ?? .nan) ?? .nan),
                    trainLoss: h.trainingLosses.indices.contains(best) ? h.trainingLosses[best] : nil,
                    valLoss: h.validationLosses.indices.contains(best) ? h.validationLosses[best] : nil,
                    epochsRun: h.epochsRun, bestEpoch: h.bestEpoch, stoppedEarly: h.stoppedEarly,
                    trainingWindows: fitted.trainingWindowCount, validationWindows: fitted.validationWindowCount,
                    seed: stamp.seed, threads: stamp.threads, seconds: fitted.trainingSeconds, model: fitted.loadedFrom?.path,
                    stamp: stamp)
    }

    // MARK: Terminal

    func renderTable() -> String {
        let j = json
        var lines: [String] = []
        lines.append("\(fitted.architectureText) on \(target)" + (j.features.isEmpty ? "" : " + \(j.features.joined(separator: ", "))")
            + ", lookback \(j.lookback), horizon \(horizon) (\(frequency.description))")
        var training = "trained \(j.epochsRun) epochs"
        if j.stoppedEarly { training += " (stopped early; best epoch \(j.bestEpoch) restored)" }
        training += " in \(NumberFormatting.significant(j.seconds, digits: 3)) s on \(j.trainingWindows) windows"
        if let v = j.valLoss { training += "; validation \(fitted.lossName ?? "loss") \(NumberFormatting.significant(v, digits: 4)) (scaled units)" }
        if let loaded = fitted.loadedFrom {
            training = "loaded from \(loaded.path) (\(loaded.source)" + (j.epochsRun > 0 ? "; \(training))" : ")")
        }
        lines.append(training)
        lines.append("last observed: \(series.timestamps.last!.shortDescription)  \(target) = \(NumberFormatting.significant(j.lastObserved.value))")
        lines.append("")
        var header = ["step", "timestamp", target]
        let previous = lastSeason
        if previous != nil { header.append("one season earlier") }
        var table = TextTable(header: header, leftAligned: [1])
        for i in 0..<horizon {
            var row = ["\(i + 1)", timestamps?[i].shortDescription ?? "-", NumberFormatting.significant(values[i])]
            if let previous { row.append(NumberFormatting.significant(previous[i])) }
            table.append(row)
        }
        lines.append(table.render())
        return lines.joined(separator: "\n")
    }

    // MARK: Files

    var csvHeader: [String] { ["timestamp", "step", target] }

    var csvRows: [[String]] {
        (0..<horizon).map { i in [timestamps?[i].iso8601 ?? "", "\(i + 1)", "\(values[i])"] }
    }

    /// Layout B of the HDF5 reader: a `time` coordinate (datetime64 in xarray) and a `forecast` variable,
    /// with the target, model settings, source and stamp as root attributes.
    func hdf5Group() -> HDF5Group {
        var attributes: [String: HDF5AttributeValue] = [
            "title": .string("forecast of \(target)"),
            "target": .string(target),
            "features": .strings(Array(fitted.spec.inputColumns.dropFirst())),
            "cell": .string(fitted.cellName),
            "units": .int64s(fitted.units.map(Int64.init)),
            "lookback": .int64(Int64(fitted.spec.lookback)),
            "horizon": .int64(Int64(horizon)),
            "frequency": .string(frequency.code),
            "source": .string(stamp.inputPath),
            "epochs_run": .int64(Int64(fitted.history.epochsRun)),
        ]
        for (key, value) in stamp.fields where attributes[key] == nil { attributes[key] = .string(value) }
        let stamps = timestamps ?? (1...horizon).map { Timestamp(secondsSinceEpoch: Int64($0)) }
        return HDF5Group(
            attributes: attributes,
            dimensions: [.time(stamps)],
            variables: [
                HDF5Variable(name: "forecast", dimensions: ["time"], values: .float64(values),
                             attributes: ["long_name": .string("forecast of \(target)"), "target": .string(target)]),
                HDF5Variable(name: "step", dimensions: ["time"], values: .int64((1...horizon).map(Int64.init)),
                             attributes: ["long_name": .string("steps ahead of the last observation")]),
            ])
    }

    /// History (the validation part and as much before it), validation fit one step ahead, forecast.
    func chart() throws -> SVGChart {
        var chart = SVGChart(title: "\(target): \(fitted.cellName.uppercased()) forecast, \(horizon) steps",
                             yLabel: target)
        let column = try series.column(named: target).values
        let validationStart = fitted.validationStartRow ?? series.count
        let start = max(0, min(validationStart - (series.count - validationStart), series.count - 8 * horizon))
        chart.add(.init(name: "history", points: (start..<series.count).map { (series.timestamps[$0], column[$0]) }, color: "#333333"))
        let validation = try fitted.validationPredictions()
        if !validation.values.isEmpty {
            let points = zip(validation.firstTargetRows, validation.values).map { (series.timestamps[$0.0], $0.1[0]) }
            chart.add(.init(name: "validation fit (1 step)", points: points, color: "#4c72b0"))
        }
        if let timestamps {
            let origin = (series.timestamps.last!, column.last!)
            chart.add(.init(name: "forecast", points: [origin] + Array(zip(timestamps, values)), color: "#dd8452", dashed: true))
            chart.markers = [(series.timestamps.last!, "origin")]
            if validationStart < series.count { chart.markers.append((series.timestamps[validationStart], "validation")) }
        }
        return chart
    }
}
