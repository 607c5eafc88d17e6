import ForecastCore
import ForecastIO

extension ReproducibilityStamp {
    /// The stamp of a run of `command` on the file at `input`: its SHA-256 is computed here, and
    /// `configuration` is nested as a JSON object.
    /// - Throws: when the file cannot be read, or `configuration` cannot be encoded.
    public init(command: String, input: String, seed: UInt64, threads: Int, gemm: String,
                configuration: some Encodable, inputNotes: [String] = []) throws {
        self.init(command: command, input: input, inputSha256: try FileDigest.sha256(path: input), seed: seed, threads: threads,
                  gemm: gemm, configuration: try JSONValue(encoding: configuration))
        self.inputNotes = inputNotes
    }
}
