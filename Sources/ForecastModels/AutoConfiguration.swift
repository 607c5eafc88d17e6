import ForecastCore
import ForecastEvaluation
import ForecastNN
import Foundation

/// How much search `--models auto` may spend: a number of network fits (reproducible: the same
/// candidates are tried on every machine) or a wall-clock time (stops starting new stages when it
/// has run out; which candidates are tried then depends on the machine's speed).
public enum AutoBudget: Sendable, Equatable, Codable, CustomStringConvertible {
    /// At most this many network trainings in the inner backtest (an ensemble of N counts N).
    case fits(Int)
    /// Stop starting search stages after this many seconds.
    case seconds(Double)

    /// The default: 16 network fits in the inner backtest, enough for the three cells, the anchors
    /// and the calendar at the small size, and one larger size, each scored with two networks
    /// (``AutoConfiguration/seedsPerCandidate``; the final fit is not counted).
    public static let standard = AutoBudget.fits(16)

    /// `16 fits`, `1 fit`, `90 s`: what the stamp, the model file and the report say.
    public var description: String {
        switch self {
        case .fits(let n): return n == 1 ? "1 fit" : "\(n) fits"
        case .seconds(let s): return s == s.rounded() && s < 1e9 ? "\(Int(s)) s" : "\(s) s"
        }
    }

    /// Parses `12`, `12fits`, `12 fits`, `1 fit` (a number of fits) or `90s`, `90 s`, `2m`, `2min`
    /// (a time), so that every ``description`` reads back.
    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        func number(dropping suffix: String) -> String { String(t.dropLast(suffix.count)).trimmingCharacters(in: .whitespaces) }
        for suffix in ["fits", "fit", ""] where t.hasSuffix(suffix) {
            if let n = Int(number(dropping: suffix)), n >= 0 { self = .fits(n); return }
        }
        for (suffix, factor) in [("min", 60.0), ("m", 60.0), ("s", 1.0)] where t.hasSuffix(suffix) {
            guard let v = Double(number(dropping: suffix)), v >= 0, v.isFinite else { return nil }
            self = .seconds(v * factor)
            return
        }
        return nil
    }

    /// Encoded as its ``description`` (`"16 fits"`, `"90 s"`), as the selection record has it.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let budget = AutoBudget(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "\"\(text)\": expected a budget such as \"16 fits\" or \"90 s\""))
        }
        self = budget
    }
}

/// The settings of `--models auto` (``AutoForecaster``): the inner backtest, the metric and tie rule,
/// the budget and the search space.
public struct AutoConfiguration: Sendable, Equatable, Codable {
    /// The metric candidates are ranked by (smaller is better). Default: MASE.
    public var metric: Metric = .mase
    /// Origins of the inner backtest, one horizon apart, ending at the last row of the history
    /// given. Each candidate is fitted once, on the rows before the first origin, and forecasts
    /// from every origin (neuralforecast's `cross_validation(refit=False)`). Default: 10.
    public var innerFolds = 10
    /// Relative tolerance of the tie rule: the simplest candidate whose score is at most the best
    /// score × (1 + tolerance) wins. Default: 0.01 (a more complex model must be over 1 % better).
    public var tolerance = 0.01
    /// How much better than the best baseline a network (or ensemble) must score to be chosen:
    /// below best baseline × (1 − margin). The best of many noisy network scores is optimistic (the
    /// winner's curse), and a baseline that is nearly as good is the safer forecast. Default: 0.05.
    public var networkMargin = 0.05
    /// Network search budget. Default: ``AutoBudget/standard``.
    public var budget: AutoBudget = .standard
    /// Networks train on at most this many rows at the end of the history (in the inner backtest and
    /// the final fit alike), so a long daily index costs what three thousand rows cost. `nil`: every row.
    /// Default: 3000 (the protocol of the Keras comparison).
    public var networkRows: Int? = 3000
    /// Recurrent sizes tried, smallest first. Default: `[[32], [64, 64]]`; `--units` gives one size.
    public var sizes: [[Int]] = [[32], [64, 64]]
    /// Cells tried in the first stage. Default: SimpleRNN, GRU, LSTM; `--cell` gives one.
    public var cells: [CellKind] = [.simpleRNN, .gru, .lstm]
    /// Networks a network winner is fitted with: it and the next best networks that beat every
    /// baseline (``AutoSearchSpace/final(of:ranked:bestBaseline:)``); 0 or 1: the winner alone. Default: 3.
    public var ensembleSize = 3
    /// Networks each network candidate is scored with in the inner backtest: the mean of this many
    /// networks of its settings with seeds derived from `--seed` (a seed ensemble), so that a score
    /// measures the settings rather than one initialization's luck, which on an hourly temperature
    /// moves a network's inner score by as much as the candidates differ. Each costs a fit of the
    /// budget. 1: one network each. Default: 2.
    public var seedsPerCandidate = 2
    /// Workers running candidates' fits at once (each fit on one thread). Default: 1.
    public var threads = 1

    public init() {}

    /// Metrics that can rank candidates (every ``Metric`` but the mean error, whose best is the least
    /// biased model rather than the most accurate).
    public static let selectableMetrics: [Metric] = [.mase, .mae, .rmse, .smape, .mape]
}
