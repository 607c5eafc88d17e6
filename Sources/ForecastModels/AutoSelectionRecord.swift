import ForecastCore
import ForecastEvaluation
import Foundation

/// What `auto` records of its choice, in the stamp and the model file.
public struct AutoSelectionRecord: Sendable, Equatable, Codable {
    /// The metric candidates were ranked by.
    public var metric: Metric
    /// The model fitted: the candidate chosen, or a seed ensemble of it (`gru 32 ×3`).
    public var winner: String
    /// The candidate the inner backtest chose (`gru 32`); absent in records written before it was
    /// recorded, whose `winner` is the candidate.
    @NullWhenAbsent public var candidate: String?
    /// One sentence: its score, the runner-up or the tie, the best baseline or network.
    public var reason: String
    /// Inner origins, one horizon apart, ending at the last row of the history.
    public var innerFolds: Int
    public var horizon: Int
    /// Rows of the history the choice was made on.
    public var historyRows: Int
    /// The time of the first inner origin (the last row the candidates were fitted on), ISO 8601.
    public var firstOrigin: String
    public var tolerance: Double
    /// How much better than the best baseline a network had to be (``AutoConfiguration/networkMargin``).
    public var networkMargin: Double
    public var budget: String
    /// Networks each network candidate was scored with (the mean of their forecasts,
    /// ``AutoConfiguration/seedsPerCandidate``); absent in records written before it was recorded (1).
    @NullWhenAbsent public var seedsPerCandidate: Int?
    /// Network trainings the inner backtest took.
    public var fits: Int
    /// Wall time of the inner backtest.
    public var seconds: Double
    /// Every candidate tried, in the order tried.
    public var candidates: [Score]
    public var notes: [String]

    /// One candidate's score; `score` is `null` when it failed (`error` says why).
    public struct Score: Sendable, Equatable, Codable {
        public var name: String
        /// `baseline`, `network` or `ensemble`.
        public var kind: String
        /// Weights (all members') of a network; 0 for baselines.
        public var weights: Int
        @NullWhenAbsent public var score: Double?
        @NullWhenAbsent public var error: String?

        init(_ s: AutoCandidate.Scored) {
            name = s.candidate.name
            kind = s.candidate.network == nil ? "baseline" : s.candidate.ensembleSize > 1 ? "ensemble" : "network"
            weights = s.candidate.network == nil ? 0 : s.candidate.complexity - 1000
            score = s.score
            error = s.error
        }
    }
}
