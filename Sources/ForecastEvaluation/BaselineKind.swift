import ForecastCore

/// The baseline forecasters by name, for command-line choices and configuration files.
///
/// Raw values are the names users type (`--model seasonal-naive`) and the ``Forecaster/name`` of
/// the forecaster built. `String`-backed and `CaseIterable`, so the CLI can declare
/// `extension BaselineKind: ExpressibleByArgument {}` and `--help` lists the names.
public enum BaselineKind: String, CaseIterable, Codable, Sendable {
    /// ``NaiveForecaster``: last value repeated.
    case naive
    /// ``SeasonalNaiveForecaster``: last season repeated.
    case seasonalNaive = "seasonal-naive"
    /// ``DriftForecaster``: line from the first to the last training value, extrapolated.
    case drift
    /// ``HistoricalMeanForecaster``: mean of the training values.
    case mean
    /// ``MovingAverageForecaster``: mean of the last `window` values.
    case movingAverage = "moving-average"

    /// The baseline named `name`.
    /// - Throws: ``BacktestError/unknownModel(_:valid:)`` listing the valid names.
    public init(name: String) throws {
        guard let kind = BaselineKind(rawValue: name) else {
            throw BacktestError.unknownModel(name, valid: BaselineKind.allCases.map(\.rawValue))
        }
        self = kind
    }

    /// Builds the forecaster.
    /// - Parameters:
    ///   - season: season length for ``seasonalNaive``; `nil` infers it from the data's frequency.
    ///   - window: number of values for ``movingAverage``. Default: 7.
    public func makeForecaster(season: Int? = nil, window: Int = 7) -> any Forecaster {
        switch self {
        case .naive: return NaiveForecaster()
        case .seasonalNaive: return SeasonalNaiveForecaster(season: season)
        case .drift: return DriftForecaster()
        case .mean: return HistoricalMeanForecaster()
        case .movingAverage: return MovingAverageForecaster(window: window)
        }
    }
}
