import Foundation

/// Machine-readable output: one JSON document on standard output, keys sorted so outputs diff cleanly.
enum JSONOutput {
    static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return e
    }

    /// Encodes `value` and returns the text.
    static func string(_ value: some Encodable) throws -> String {
        String(decoding: try encoder().encode(value), as: UTF8.self)
    }

    /// `value` as one line of JSON with sorted keys (for stamps embedded in other formats).
    static func compactString(_ value: some Encodable) throws -> String {
        let e = encoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try e.encode(value), as: UTF8.self)
    }

    /// Prints `value` as one JSON document.
    static func print(_ value: some Encodable) throws {
        Swift.print(try string(value))
    }
}
