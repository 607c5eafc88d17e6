/// What produced an output, written into every JSON document, CSV header comment and HDF5 attribute set:
/// enough to rerun the command and get the same numbers.
public struct ReproducibilityStamp: Sendable, Equatable, Codable {
    /// `forecast` version (``ForecastVersion/current``).
    public var version: String
    /// The command that ran: `predict`, `backtest`, `train`.
    public var command: String
    /// The input file as given on the command line.
    public var inputPath: String
    /// SHA-256 of the input file's bytes, lowercase hex.
    public var inputSHA256: String
    /// Seed of every random choice (initialization, shuffling).
    public var seed: UInt64
    /// Threads used for compute; with the seed and the GEMM implementation, fixes the numbers.
    public var threads: Int
    /// GEMM implementation used (`openblas`, `onednn`), or `none` when no network ran.
    public var gemm: String
    /// The full model and training configuration, as one JSON object (sorted keys).
    public var configurationJSON: String

    public init(version: String = ForecastVersion.current, command: String, inputPath: String, inputSHA256: String,
                seed: UInt64, threads: Int, gemm: String, configurationJSON: String) {
        self.version = version
        self.command = command
        self.inputPath = inputPath
        self.inputSHA256 = inputSHA256
        self.seed = seed
        self.threads = threads
        self.gemm = gemm
        self.configurationJSON = configurationJSON
    }

    /// `key = value` pairs in a fixed order, for CSV comments and HDF5 attributes.
    public var fields: [(key: String, value: String)] {
        [("forecast_version", version), ("command", command), ("input", inputPath), ("input_sha256", inputSHA256),
         ("seed", String(seed)), ("threads", String(threads)), ("gemm", gemm), ("configuration", configurationJSON)]
    }
}
