import Foundation

/// Any JSON value, so that a document can nest another value's encoding as an object (a stamp's
/// configuration) instead of a JSON string inside JSON.
///
/// Built from any `Encodable` with ``init(encoding:)``; encodes as the same JSON again, and an
/// encoder's key strategy (the output contract's snake_case) applies to its object keys like to
/// any other key. Object members are kept sorted by key.
public indirect enum JSONValue: Sendable, Equatable, Codable {
    case null
    case bool(Bool)
    /// A number; NaN and infinity encode as the encoder's non-conforming float strategy says
    /// (the output contract writes them as `null`).
    case number(Double)
    /// A whole number (counts, seeds), kept exact.
    case integer(Int64)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Non-finite numbers travel through the intermediate JSON text as these strings.
    private static let nonFinite = (positive: "\u{1}+inf", negative: "\u{1}-inf", nan: "\u{1}nan")

    /// The JSON that `value` encodes to (with its own coding keys), as a value.
    /// - Throws: the value's own encoding errors.
    public init(encoding value: some Encodable) throws {
        let encoder = JSONEncoder()
        let n = Self.nonFinite
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: n.positive, negativeInfinity: n.negative, nan: n.nan)
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: n.positive, negativeInfinity: n.negative, nan: n.nan)
        self = try decoder.decode(JSONValue.self, from: encoder.encode(value))
    }

    /// The member `key` of an object; `nil` for other values or a missing key.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.number(a), .number(b)): return a == b || (a.isNaN && b.isNaN)
        case let (.integer(a), .integer(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)): return a == b
        default: return false
        }
    }

    public init(from decoder: any Decoder) throws {
        if let keyed = try? decoder.container(keyedBy: AnyKey.self) {
            var members: [String: JSONValue] = [:]
            for key in keyed.allKeys { members[key.stringValue] = try keyed.decode(JSONValue.self, forKey: key) }
            self = .object(members)
            return
        }
        if var unkeyed = try? decoder.unkeyedContainer() {
            var items: [JSONValue] = []
            while !unkeyed.isAtEnd { items.append(try unkeyed.decode(JSONValue.self)) }
            self = .array(items)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .null
        } else if let b = try? single.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? single.decode(Int64.self) {
            self = .integer(i)
        } else if let d = try? single.decode(Double.self) {
            self = .number(d)
        } else {
            self = .string(try single.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var c = encoder.singleValueContainer()
            try c.encodeNil()
        case .bool(let b):
            var c = encoder.singleValueContainer()
            try c.encode(b)
        case .number(let d):
            var c = encoder.singleValueContainer()
            try c.encode(d)
        case .integer(let i):
            var c = encoder.singleValueContainer()
            try c.encode(i)
        case .string(let s):
            var c = encoder.singleValueContainer()
            try c.encode(s)
        case .array(let items):
            var c = encoder.unkeyedContainer()
            for item in items { try c.encode(item) }
        case .object(let members):
            var c = encoder.container(keyedBy: AnyKey.self)
            for key in members.keys.sorted() { try c.encode(members[key]!, forKey: AnyKey(key)) }
        }
    }
}

/// A coding key with any name.
struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { stringValue = String(intValue) }
}
