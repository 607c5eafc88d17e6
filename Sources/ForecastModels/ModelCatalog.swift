import ForecastCore
import ForecastEvaluation
import ForecastNN
import ForecastPreprocessing
import ForecastTraining

/// Every model a backtest (or any caller) can name: the networks `lstm`, `gru`, `rnn`, built from one
/// forecaster configuration, their global forms `global-lstm`, `global-gru`, `global-rnn` (one
/// network trained on every series of a collection: ``GlobalRNNForecaster``), and the baselines of
/// ``BaselineKind``.
///
/// ```swift
/// let catalog = ModelCatalog(network: configuration, season: 7)
/// let models = try ["gru", "naive", "seasonal-naive"].map(catalog.forecaster(named:))
/// ```
public struct ModelCatalog: Sendable {
    /// The configuration every network is built with (its ``RNNForecasterConfiguration/cell`` is
    /// replaced by the cell named).
    public var network: RNNForecasterConfiguration
    /// Season length of the seasonal-naive baseline; `nil` infers it from the data's frequency.
    public var season: Int?
    /// Further seasons (`--season 24,168` gives 168 here): each is offered as `seasonal-naive:<m>`
    /// beside `seasonal-naive` (``expanding(_:)``). Default: none.
    public var otherSeasons: [Int] = []
    /// Values the moving-average baseline averages. Default: 7.
    public var window: Int
    /// Networks per named network: more than 1 makes each a seed ensemble (``EnsembleForecaster``,
    /// members trained one after the other inside each fit; for a global network a
    /// ``GlobalEnsembleForecaster``). Default: 1.
    public var ensemble = 1
    /// How an ensemble's forecasts are reduced. Default: mean.
    public var ensembleReduce: EnsembleReduce = .mean
    /// The settings of `auto` (``AutoForecaster``). Default: ``AutoConfiguration``'s.
    public var auto = AutoConfiguration()
    /// Where `auto` records each fit's choice; `nil`: nowhere.
    public var autoLog: AutoChoiceLog?
    /// Whether global networks read each series' code (``GlobalRNNForecaster/seriesIdentity``). Default: false.
    public var seriesIdentity = false

    public init(network: RNNForecasterConfiguration = RNNForecasterConfiguration(), season: Int? = nil, window: Int = 7) {
        self.network = network
        self.season = season
        self.window = window
    }

    /// Every name, networks first (`seasonal-naive:<m>` names a seasonal naive of season m besides these).
    public static var names: [String] {
        CellKind.allCases.map(\.rawValue) + CellKind.allCases.map { GlobalRNNForecaster.namePrefix + $0.rawValue }
            + BaselineKind.allCases.map(\.rawValue) + [autoName]
    }

    /// The name of the model chosen by an inner backtest (``AutoForecaster``).
    public static let autoName = "auto"

    /// Whether `name` names a model: one of ``names``, or `seasonal-naive:<m>` with m ≥ 1.
    public static func isValid(_ name: String) -> Bool { names.contains(name) || explicitSeason(name) != nil }

    /// The m of `seasonal-naive:<m>`.
    static func explicitSeason(_ name: String) -> Int? {
        let prefix = BaselineKind.seasonalNaive.rawValue + ":"
        guard name.hasPrefix(prefix), let m = Int(name.dropFirst(prefix.count)), m >= 1 else { return nil }
        return m
    }

    /// Whether `name` is a network (per series or global).
    public static func isNetwork(_ name: String) -> Bool { cell(of: name) != nil }

    /// The cell of network `name` (`gru` and `global-gru` both name a GRU), and whether it is global.
    static func cell(of name: String) -> (cell: CellKind, global: Bool)? {
        if let cell = CellKind(rawValue: name) { return (cell, false) }
        guard name.hasPrefix(GlobalRNNForecaster.namePrefix),
              let cell = CellKind(rawValue: String(name.dropFirst(GlobalRNNForecaster.namePrefix.count))) else { return nil }
        return (cell, true)
    }

    /// `names` with every per-series network replaced by its global form (`--global`).
    public static func globalizing(_ names: [String]) -> [String] {
        names.map { CellKind(rawValue: $0) != nil ? GlobalRNNForecaster.namePrefix + $0 : $0 }
    }

    /// The forecaster named `name`. Baselines fill missing values inside each history as the
    /// networks do when ``RNNForecasterConfiguration/fill`` is set, so a backtest stays leak-free.
    /// - Throws: ``BacktestError/unknownModel(_:valid:)`` listing every valid name.
    public func forecaster(named name: String) throws -> any Forecaster {
        if let (cell, global) = Self.cell(of: name) {
            var c = network
            c.cell = cell
            if global {
                let network = GlobalRNNForecaster(c, seriesIdentity: seriesIdentity)
                return ensemble > 1 ? GlobalEnsembleForecaster(network, size: ensemble, reduce: ensembleReduce) : network
            }
            return ensemble > 1 ? EnsembleForecaster(c, size: ensemble, reduce: ensembleReduce) : RNNForecaster(c)
        }
        if name == Self.autoName {
            var inner = self
            inner.ensemble = 1
            var forecaster = AutoForecaster(catalog: inner, configuration: auto)
            forecaster.log = autoLog
            return forecaster
        }
        let forecaster: any Forecaster
        if let m = Self.explicitSeason(name) {
            forecaster = SeasonalNaiveForecaster(season: m, namedBySeason: true)
        } else if let baseline = BaselineKind(rawValue: name) {
            forecaster = baseline.makeForecaster(season: season, window: window)
        } else {
            throw BacktestError.unknownModel(name, valid: Self.names + ["seasonal-naive:<m>"])
        }
        return network.fill.map { FillingForecaster(forecaster, method: $0) } ?? forecaster
    }

    /// `names` with `seasonal-naive` followed by `seasonal-naive:<m>` for each of ``otherSeasons``
    /// not named already, so every season is compared.
    public func expanding(_ names: [String]) -> [String] {
        var out: [String] = []
        for name in names {
            out.append(name)
            guard name == BaselineKind.seasonalNaive.rawValue else { continue }
            for m in otherSeasons where m != season {
                let named = "\(name):\(m)"
                if !names.contains(named), !out.contains(named) { out.append(named) }
            }
        }
        return out
    }

    /// The configuration of each network among `names`, by name (for stamps).
    public func networkConfigurations(_ names: [String]) -> [String: RNNForecasterConfiguration] {
        var out: [String: RNNForecasterConfiguration] = [:]
        for name in names {
            guard let cell = Self.cell(of: name)?.cell else { continue }
            var c = network
            c.cell = cell
            out[name] = c
        }
        return out
    }
}
