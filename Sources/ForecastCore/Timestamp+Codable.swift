// Timestamps in JSON: ISO 8601 strings, as every output of the output contract writes them.

extension Timestamp {
    /// Parses the ISO 8601 forms this project writes: `2013-01-01T06:00:00Z`, with an offset
    /// (`2013-01-01T01:00:00-05:00`, shifted to UTC), without a zone (taken as UTC), or a date
    /// alone (`2013-01-01`, midnight). `nil` for anything else.
    public init?(iso8601 text: String) {
        let chars = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= chars.count, !range.isEmpty else { return nil }
            var value = 0
            for c in chars[range] {
                guard c >= 0x30 && c <= 0x39 else { return nil }
                value = value * 10 + Int(c - 0x30)
            }
            return value
        }
        guard chars.count >= 10, chars[4] == 0x2D, chars[7] == 0x2D,
              let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        var civil = CivilDateTime(year: year, month: month, day: day)
        var offsetSeconds = 0
        if chars.count > 10 {
            guard chars.count >= 19, chars[10] == 0x54 || chars[10] == 0x20, chars[13] == 0x3A, chars[16] == 0x3A,
                  let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19) else { return nil }
            civil.hour = hour; civil.minute = minute; civil.second = second
            let zone = chars[19...]
            if zone.isEmpty || Array(zone) == [0x5A] {
                offsetSeconds = 0
            } else if zone.count == 6, zone.first == 0x2B || zone.first == 0x2D, chars[22] == 0x3A,
                      let h = number(20..<22), let m = number(23..<25) {
                offsetSeconds = (zone.first == 0x2D ? -1 : 1) * (h * 3600 + m * 60)
            } else {
                return nil
            }
        }
        guard civil.isValid else { return nil }
        self = civil.timestamp.adding(seconds: Int64(-offsetSeconds))
    }
}

extension Timestamp: Codable {
    /// Reads an ISO 8601 string (``init(iso8601:)``).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let t = Timestamp(iso8601: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "\"\(text)\": expected an ISO 8601 date-time such as 2013-01-01T06:00:00Z")
        }
        self = t
    }

    /// Writes ``iso8601`` (`2013-01-01T06:00:00Z`).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso8601)
    }
}
