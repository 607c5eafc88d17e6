import ForecastCore
import ForecastEvaluation
import ForecastTraining

/// Training as `forecast predict` and `forecast train` run it: the forecaster, a progress line on
/// standard error, and training failures turned into a command error.
enum ModelTraining {
    /// Trains on `series` with a progress line unless `quiet`.
    static func fit(_ configuration: RNNForecasterConfiguration, on series: TimeSeries, target: String, horizon: Int,
                    quiet: Bool) throws -> FittedRNN {
        let progress = ProgressLine(enabled: !quiet)
        let forecaster = RNNForecaster(configuration, progress: epochLine(progress))
        do {
            let fitted = try forecaster.fitRNN(on: series, target: target, horizon: horizon)
            progress.finish()
            return fitted
        } catch let error as TrainingError {
            progress.finish()
            throw CommandError(error.description, status: ExitStatus.failure)
        }
    }

    /// Trains one global network on every member of `collection` with a progress line unless `quiet`.
    static func fitGlobal(_ forecaster: GlobalRNNForecaster, on collection: SeriesCollection, horizon: Int,
                          quiet: Bool) throws -> FittedGlobalRNN {
        let progress = ProgressLine(enabled: !quiet)
        var forecaster = forecaster
        forecaster.progress = epochLine(progress)
        do {
            let fitted = try forecaster.fit(collection.members, horizon: horizon)
            progress.finish()
            return fitted
        } catch let error as TrainingError {
            progress.finish()
            throw CommandError(error.description, status: ExitStatus.failure)
        }
    }

    /// Each epoch's line: losses and the time left at most.
    static func epochLine(_ progress: ProgressLine) -> @Sendable (EpochReport) -> Void {
        { report in
            var text = "epoch \(report.epoch)/\(report.epochs)  loss \(NumberFormatting.significant(report.trainingLoss, digits: 4))"
            if let v = report.validationLoss { text += "  val \(NumberFormatting.significant(v, digits: 4))" }
            if report.epoch < report.epochs {
                // At most the remaining epochs at the mean pace so far (early stopping may end sooner).
                let eta = report.elapsedSeconds / Double(report.epoch) * Double(report.epochs - report.epoch)
                text += "  ETA up to \(ProgressLine.duration(eta))"
            }
            progress.update(text, force: report.epoch == report.epochs)
        }
    }

    /// The model options and training options as one forecaster configuration for the series of
    /// `collection` (their frequency is the first member's), with the horizon (given, or one season).
    static func configuration(model: ModelOptions, training: TrainingOptions,
                              collection: SeriesCollection) throws -> (RNNForecasterConfiguration, horizon: Int) {
        let frequency = collection.members[0].series.inferFrequency()
        var configuration = RNNForecasterConfiguration()
        try model.apply(to: &configuration, frequency: frequency)
        configuration.training = training.configuration()
        guard let horizon = model.horizon ?? frequency.seasonalPeriod else {
            throw ForecastingError.horizonUnknown(frequency: frequency.description)
        }
        return (configuration, horizon)
    }

    /// The model options and training options as one forecaster configuration, with the horizon
    /// (given, or one season of `frequency`) after checking that every named column exists.
    static func configuration(model: ModelOptions, training: TrainingOptions, series: TimeSeries,
                              frequency: Frequency) throws -> (RNNForecasterConfiguration, target: String, horizon: Int) {
        var configuration = RNNForecasterConfiguration()
        try model.apply(to: &configuration, frequency: frequency)
        configuration.training = training.configuration()
        guard let horizon = model.horizon ?? frequency.seasonalPeriod else {
            throw ForecastingError.horizonUnknown(frequency: frequency.description)
        }
        guard let target = model.target else { throw CommandError("--target: missing; name the column to forecast", status: ExitStatus.usage) }
        _ = try series.column(named: target)
        for feature in configuration.features + (configuration.futureFeatures ?? []) { _ = try series.column(named: feature) }
        return (configuration, target, horizon)
    }

    /// Conformal intervals for the network `configuration` trains: one refit per calibration window,
    /// in parallel on `threads` (each fit on one thread), with a progress line unless `quiet`.
    /// - Returns: the calibration and the seconds it took.
    static func calibrate(_ configuration: RNNForecasterConfiguration, on series: TimeSeries, target: String, horizon: Int,
                          intervals: IntervalOptions, threads: Int, quiet: Bool) throws -> (ConformalCalibration, seconds: Double) {
        var single = configuration
        single.training.threads = 1
        return try calibrate(RNNForecaster(single), on: series, target: target, horizon: horizon, intervals: intervals, threads: threads,
                             quiet: quiet)
    }

    /// Conformal intervals for any model (a network, an ensemble, auto's winner): one refit of
    /// `forecaster` per calibration window, in parallel on `threads`, with a progress line unless `quiet`.
    static func calibrate(_ forecaster: any Forecaster, on series: TimeSeries, target: String, horizon: Int,
                          intervals: IntervalOptions, threads: Int, quiet: Bool) throws -> (ConformalCalibration, seconds: Double) {
        let progress = ProgressLine(enabled: !quiet)
        let clock = ContinuousClock(), start = clock.now
        let calibration = try ConformalCalibration.calibrate(
            forecaster, on: series, target: target, horizon: horizon, levels: intervals.levels,
            method: intervals.interval, windows: intervals.calibrationWindows, threads: threads) { p in
                var text = "calibrating intervals: \(p.completed)/\(p.total) refits"
                if let eta = p.estimatedSecondsLeft, p.completed < p.total { text += "  ETA \(ProgressLine.duration(eta))" }
                progress.update(text, force: p.completed == p.total)
            }
        progress.finish()
        return (calibration, seconds(since: start, on: clock))
    }

    /// Seconds elapsed on `clock` since `start`.
    static func seconds(since start: ContinuousClock.Instant, on clock: ContinuousClock) -> Double {
        let elapsed = clock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }
}
