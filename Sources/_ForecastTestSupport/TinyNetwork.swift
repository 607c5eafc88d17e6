import ForecastTraining

extension RNNForecasterConfiguration {
    /// A GRU of 3 units trained for 2 epochs on batches of `batchSize`, validating on the last 20 % of
    /// the rows, on one thread: the network of tests that need a real fit but must stay quick in debug.
    public static func tinyGRU(lookback: Int, batchSize: Int = 8) -> RNNForecasterConfiguration {
        var n = RNNForecasterConfiguration()
        n.cell = .gru
        n.units = [3]
        n.lookback = lookback
        n.validationFraction = 0.2
        n.training.epochs = 2
        n.training.batchSize = batchSize
        n.training.threads = 1
        return n
    }
}
