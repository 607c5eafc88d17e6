// The recurrent cells a network can be built from.

/// The kind of recurrent cell of a layer (the CLI's `--cell`; raw values are the names in model
/// files and options).
public enum CellKind: String, CaseIterable, Codable, Sendable {
    /// ``SimpleRNN``: `h_t = tanh(x·W + h·U + b)`.
    case simpleRNN = "rnn"
    /// ``LSTM``: gates i, f, c, o.
    case lstm
    /// ``GRU``: gates z, r, h.
    case gru
}
