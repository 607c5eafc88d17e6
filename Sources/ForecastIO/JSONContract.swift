import ForecastCore
import Foundation

/// The output contract of every JSON document `forecast` writes (`--json` on standard output and
/// `.json` files): snake_case keys, sorted; timestamps as ISO 8601 strings (``Timestamp`` encodes
/// itself so); NaN and infinity as `null`; and a `schema_version` member at the top, the version of
/// the JSON Schemas in `Schemas/` that the document follows.
///
/// ```swift
/// let text = try JSONContract.document(report)   // {"schema_version": 1, …}
/// ```
public enum JSONContract {
    /// Version of the documents' layout; raised on any change a reader would notice.
    public static let schemaVersion = 1

    /// Written in place of a non-finite number, then replaced by `null`.
    private static let nonFinite = "__forecast_non_finite_number__"

    /// The contract's encoder: pretty-printed, keys sorted and converted to snake_case.
    /// Non-finite numbers come out as a placeholder string; use ``string(_:)`` or ``document(_:)``,
    /// which turn it into `null`.
    public static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        e.keyEncodingStrategy = .convertToSnakeCase
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: nonFinite, negativeInfinity: nonFinite,
                                                                nan: nonFinite)
        return e
    }

    /// `value` as JSON under the contract (no `schema_version` added).
    public static func string(_ value: some Encodable, compact: Bool = false) throws -> String {
        let e = encoder()
        if compact { e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes] }
        let text = String(decoding: try e.encode(value), as: UTF8.self)
        return text.replacingOccurrences(of: "\"\(nonFinite)\"", with: "null")
    }

    /// `value` as a top-level document: its members plus `schema_version`.
    public static func document(_ value: some Encodable) throws -> String {
        try string(Versioned(body: value))
    }

    /// Writes ``document(_:)`` of `value` to `path` atomically, with a final newline.
    /// - Throws: ``AtomicFileError`` naming the path.
    public static func write(_ value: some Encodable, to path: String) throws {
        try AtomicFile.write(text: try document(value) + "\n", to: path)
    }

    /// A keyed value with `schema_version` added beside its members.
    private struct Versioned<Body: Encodable>: Encodable {
        var body: Body
        func encode(to encoder: any Encoder) throws {
            try body.encode(to: encoder)
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(JSONContract.schemaVersion, forKey: .schemaVersion)
        }
        enum Key: String, CodingKey { case schemaVersion = "schema_version" }
    }
}
