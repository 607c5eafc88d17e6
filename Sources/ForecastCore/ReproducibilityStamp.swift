/// What produced an output, written into every JSON document (`stamp`), the CSV sidecar
/// (`x.csv.stamp.json`) and HDF5 root attributes: enough to rerun the command and get the same numbers.
public struct ReproducibilityStamp: Sendable, Equatable, Codable {
    /// `forecast` version (``ForecastVersion/current``).
    public var forecastVersion: String
    /// The command that ran: `predict`, `backtest`, `train`.
    public var command: String
    /// The input file as given on the command line.
    public var input: String
    /// SHA-256 of the input file's bytes, lowercase hex.
    public var inputSha256: String
    /// Seed of every random choice (initialization, shuffling).
    public var seed: UInt64
    /// Threads used for compute; with the seed and the GEMM implementation, fixes the numbers.
    public var threads: Int
    /// GEMM implementation used (`onednn; kernels avx512`), or `none` when no network ran.
    public var gemm: String
    /// The full configuration (model, training, backtest), as a JSON object.
    public var configuration: JSONValue
    /// What reading the input did that the file does not say (``TimeSeries/notes``: a newest-first file
    /// reversed, duplicates merged, epoch milliseconds, missing values filled); empty when nothing.
    public var inputNotes: [String] = []

    public init(version: String = ForecastVersion.current, command: String, input: String, inputSha256: String,
                seed: UInt64, threads: Int, gemm: String, configuration: JSONValue) {
        self.forecastVersion = version
        self.command = command
        self.input = input
        self.inputSha256 = inputSha256
        self.seed = seed
        self.threads = threads
        self.gemm = gemm
        self.configuration = configuration
    }

    private enum CodingKeys: String, CodingKey {
        case forecastVersion, command, input, inputSha256, seed, threads, gemm, configuration, inputNotes
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        forecastVersion = try c.decode(String.self, forKey: .forecastVersion)
        command = try c.decode(String.self, forKey: .command)
        input = try c.decode(String.self, forKey: .input)
        inputSha256 = try c.decode(String.self, forKey: .inputSha256)
        seed = try c.decode(UInt64.self, forKey: .seed)
        threads = try c.decode(Int.self, forKey: .threads)
        gemm = try c.decode(String.self, forKey: .gemm)
        configuration = try c.decode(JSONValue.self, forKey: .configuration)
        // Stamps written before input notes existed have none.
        inputNotes = try c.decodeIfPresent([String].self, forKey: .inputNotes) ?? []
    }

    /// `key = value` pairs in a fixed order, for HDF5 attributes (which hold text, so the
    /// configuration is its compact JSON, keys sorted).
    public func fields(configurationJSON: String) -> [(key: String, value: String)] {
        [("forecast_version", forecastVersion), ("command", command), ("input", input), ("input_sha256", inputSha256),
         ("seed", String(seed)), ("threads", String(threads)), ("gemm", gemm), ("configuration", configurationJSON)]
            + (inputNotes.isEmpty ? [] : [("input_notes", inputNotes.joined(separator: "\n"))])
    }
}
