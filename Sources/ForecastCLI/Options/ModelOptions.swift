import ArgumentParser
import ForecastCore
import ForecastIO
import ForecastNN
import ForecastPreprocessing
import ForecastTraining

/// What network to build and what it sees: cell, layers, window, input columns. Options left out
/// take ``RNNForecasterConfiguration``'s defaults; they are optional so that `predict --model` can
/// refuse the ones a saved model fixes.
struct ModelOptions: ParsableArguments {
    private static let defaults = RNNForecasterConfiguration()

    @Option(help: ArgumentHelp("Column to forecast. Required, except with a --model that names it.", valueName: "column"))
    var target: String?

    @Option(help: ArgumentHelp("Other columns fed to the network at every step, comma-separated; each is scaled on the training part only. Default: none.",
                               valueName: "col,col"),
            transform: CommaSeparated<String>.parse)
    var features: CommaSeparated<String>?

    @Option(help: ArgumentHelp("""
        Columns whose values are known ahead (planned events, a weather forecast, announced prices), \
        comma-separated: the rows after the last target value carry them for the steps forecast (the target \
        cell empty). With several series: in a long file each series' rows after its own last target value; \
        in a wide file (--targets) the columns are shared by every target series. Each input row carries the \
        column's value one horizon later, as with --calendar. Past-only columns stay in --features. \
        Default: none.
        """, valueName: "col,col"),
            transform: CommaSeparated<String>.parse)
    var futureFeatures: CommaSeparated<String>?

    @Option(help: ArgumentHelp("Recurrent cell of every layer. Default: \(defaults.cell.rawValue).", valueName: "lstm|gru|rnn"))
    var cell: CellKind?

    @Option(help: ArgumentHelp("Units per recurrent layer, first to last; the number of values is the depth. Default: \(defaults.units.map(String.init).joined(separator: ",")).",
                               valueName: "n,n"),
            transform: CommaSeparated<Int>.parse)
    var units: CommaSeparated<Int>?

    @Option(help: ArgumentHelp("Steps ahead to forecast. Default: one season of the inferred frequency (24 hourly, 7 daily, 5 business-daily, 12 monthly).",
                               valueName: "steps"))
    var horizon: Int?

    @Option(help: ArgumentHelp("Input steps per window. Default: two seasons of the inferred frequency (48 hourly, 14 daily, 10 business-daily, 24 monthly).",
                               valueName: "steps"))
    var lookback: Int?

    @Flag(inversion: .prefixedNo, help: "GRU only: apply the reset gate after the recurrent matrix product (Keras' reset_after; PyTorch's GRU). Default: on.")
    var resetAfter: Bool?

    @Option(help: ArgumentHelp("Scaling of every input column and the target, fitted on the training part only. Default: \(defaults.scaler.rawValue).",
                               valueName: "standard|minmax"))
    var scaler: ScalerKind?

    @Option(help: ArgumentHelp("Fill missing input values instead of stopping at the first one.", valueName: "ffill|interpolate"))
    var fill: MissingValueFill?

    @Option(help: ArgumentHelp("""
        What the target's window values are measured from: 'none' (levels), 'last' (changes from each \
        window's last value, added back to the forecast: lets a network follow prices to levels it never \
        saw in training) or 'season' (targets as changes from the value one --season earlier, added back: \
        the network starts from seasonal naive; needs horizon ≤ season ≤ lookback). Default: none.
        """, valueName: "none|last|season"))
    var anchor: WindowAnchor?

    @Option(help: ArgumentHelp("Fraction of rows at the end held out for validation and early stopping. Default: \(defaults.validationFraction).",
                               valueName: "fraction"))
    var validationFraction: Double?

    @Option(help: ArgumentHelp("""
        Calendar features the network gets for every step, the steps ahead included: 'auto' (hourly: hour, \
        weekday, holiday; daily: weekday, yearday, holiday; business days: weekday, month; monthly: month) or \
        any of hour, weekday, month, yearday (each as sine and cosine), weekend, holiday (0/1), comma-separated. \
        Each input row carries the calendar of the step one horizon later, so a window's last rows carry \
        those of the steps ahead. Default: none.
        """, valueName: "auto|f,f"),
            transform: CalendarChoice.parse)
    var calendar: CalendarChoice?

    @Option(help: ArgumentHelp("Holidays of the 'holiday' calendar feature: a file with one date per line. Default: United States federal holidays (observed days).",
                               valueName: "file"))
    var holidays: String?

    @Option(help: ArgumentHelp("""
        Transform of the target before scaling, undone on the forecast: log, log1p (counts with zeros), boxcox \
        (λ by maximum likelihood on the training rows) or boxcox:<λ>, diff, sdiff (at the season) or sdiff:<m>. Default: none.
        """, valueName: "t"),
            transform: TransformChoice.parse)
    var transform: TransformChoice?

    @Option(name: .customLong("season"), help: ArgumentHelp("""
        Season length in rows, for sdiff, seasonal naive, MASE and --anchor season; several, comma-separated \
        (24,168: a day and a week of hours): the first serves sdiff, MASE and the 'one season earlier' column, \
        backtests add seasonal-naive:<m> for the others, and --anchor season takes the longest that fits between \
        --horizon and --lookback. Default: from the frequency (24 hourly, 7 daily, 5 business days, 12 monthly).
        """, valueName: "rows"),
            transform: CommaSeparated<Int>.parse)
    var seasons: CommaSeparated<Int>?

    /// The first `--season`: sdiff's, MASE's and the reference column's.
    var season: Int? { seasons?.values.first }

    /// Every `--season` after the first.
    var otherSeasons: [Int] { Array((seasons?.values ?? []).dropFirst()) }

    func validate() throws {
        if let units, let bad = units.values.first(where: { $0 < 1 }) {
            throw ValidationError("--units \(units.defaultValueDescription): \(bad) units; expected at least 1 per layer, such as 64,64")
        }
        if let horizon, horizon < 1 { throw ValidationError("--horizon \(horizon): the horizon must be at least 1 step") }
        if let lookback, lookback < 1 { throw ValidationError("--lookback \(lookback): the lookback must be at least 1 step") }
        if let seasons, let bad = seasons.values.first(where: { $0 < 1 }) {
            throw ValidationError("--season \(seasons.defaultValueDescription): \(bad) rows; expected at least 1 row per season, such as 24,168")
        }
        if holidays != nil, calendar == nil { throw ValidationError("--holidays applies to calendar features; give --calendar too") }
        if let validationFraction, !(validationFraction > 0 && validationFraction < 1) {
            throw ValidationError("--validation-fraction \(validationFraction): expected a fraction above 0 and below 1")
        }
    }

    var featureList: [String] { features?.values ?? [] }

    /// The `--future-features` columns; empty without.
    var futureFeatureList: [String] { futureFeatures?.values ?? [] }

    /// The options that shape a network, by flag, when given: what a saved model already fixes
    /// (`--scaler` is not among them: with `--model m.keras --scaler-from data.csv` it says how to fit).
    var trainingOnlyFlagsGiven: [String] {
        [("--cell", cell != nil), ("--units", units != nil), ("--horizon", horizon != nil),
         ("--reset-after/--no-reset-after", resetAfter != nil), ("--anchor", anchor != nil),
         ("--validation-fraction", validationFraction != nil), ("--calendar", calendar != nil), ("--holidays", holidays != nil),
         ("--transform", transform != nil), ("--future-features", futureFeatures != nil)].filter(\.1).map(\.0)
    }

    /// Fills the model part of a forecaster configuration for a series of `frequency`; options left
    /// out keep its values.
    /// - Throws: an unreadable holiday file, or `sdiff` with no season.
    func apply(to configuration: inout RNNForecasterConfiguration, frequency: Frequency) throws {
        if let calendar { configuration.calendar = calendar.features(for: frequency) }
        if let holidays { configuration.holidays = try HolidayFile.read(path: holidays) }
        if let transform { configuration.transform = try transform.transform(season: season ?? frequency.seasonalPeriod) }
        if let cell { configuration.cell = cell }
        if let units { configuration.units = units.values }
        if let resetAfter { configuration.gruResetAfter = resetAfter }
        if let lookback { configuration.lookback = lookback }
        configuration.features = featureList
        configuration.futureFeatures = futureFeatureList.isEmpty ? nil : futureFeatureList
        if let scaler { configuration.scaler = scaler }
        configuration.fill = fill
        if let validationFraction { configuration.validationFraction = validationFraction }
        if let anchor { configuration.anchor = anchor == .none ? nil : anchor }
        if let season { configuration.season = season }
        if !otherSeasons.isEmpty, let seasons { configuration.seasons = seasons.values }
    }
}
