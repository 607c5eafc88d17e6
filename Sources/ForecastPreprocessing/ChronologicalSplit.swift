/// A split of rows into consecutive training, validation and test parts, in time order: nothing is
/// shuffled across the boundaries, so every validation row comes after every training row.
public struct ChronologicalSplit: Sendable, Equatable, Codable {
    /// Rows used to fit scalers and weights.
    public var training: Range<Int>
    /// Rows used for early stopping and model selection.
    public var validation: Range<Int>
    /// Rows held out for final evaluation; empty when not asked for.
    public var test: Range<Int>

    public init(training: Range<Int>, validation: Range<Int>, test: Range<Int>) {
        self.training = training
        self.validation = validation
        self.test = test
    }
}
