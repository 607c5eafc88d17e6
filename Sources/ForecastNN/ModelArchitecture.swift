// The shape of a stacked recurrent regressor, as a value users configure.

/// The stacked-regressor shape of a ``Network``: recurrent layers of one cell, each but the last
/// returning its sequence, the last its final state, then a linear Dense head of `horizon` units
/// (direct multi-step forecasting). ``layers`` is the network's layer list.
public struct ModelArchitecture: Sendable, Equatable, Codable {
    /// Kind of every recurrent layer. Default: ``CellKind/lstm``.
    public var cell: CellKind = .lstm
    /// Units of each recurrent layer, first to last; any depth. Default: `[64]`.
    public var hiddenSizes: [Int] = [64]
    /// Features per input time step (at least 1).
    public var features: Int
    /// Steps ahead forecast directly by the Dense head (at least 1).
    public var horizon: Int
    /// GRU only: Keras' `reset_after`. Default: `true`, as in Keras.
    public var gruResetAfter = true

    public init(cell: CellKind = .lstm, hiddenSizes: [Int] = [64], features: Int, horizon: Int, gruResetAfter: Bool = true) {
        self.cell = cell
        self.hiddenSizes = hiddenSizes
        self.features = features
        self.horizon = horizon
        self.gruResetAfter = gruResetAfter
    }

    /// The layers: `hiddenSizes.count` recurrent layers of ``cell``, then `Dense(horizon)`.
    public var layers: [LayerSpec] {
        hiddenSizes.enumerated().map { i, h in
            .recurrent(cell, units: h, returnSequences: i < hiddenSizes.count - 1, resetAfter: gruResetAfter)
        } + [.dense(units: horizon)]
    }

    /// Throws ``ModelError`` naming the field when a size is out of range.
    public func validate() throws(ModelError) {
        if hiddenSizes.isEmpty { throw .invalid(field: "hiddenSizes", value: "[]", expected: "at least one recurrent layer") }
        for (i, h) in hiddenSizes.enumerated() where h < 1 {
            throw .invalid(field: "hiddenSizes[\(i)]", value: "\(h)", expected: "at least 1 unit per layer")
        }
        if features < 1 { throw .invalid(field: "features", value: "\(features)", expected: "at least 1 input feature") }
        if horizon < 1 { throw .invalid(field: "horizon", value: "\(horizon)", expected: "a horizon of at least 1 step") }
    }
}
