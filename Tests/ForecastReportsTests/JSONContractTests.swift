import ForecastCore
import ForecastIO
import Foundation
import Testing

/// The JSON policy every document follows, pinned on small values.
@Suite struct JSONContractTests {
    struct Sample: Encodable {
        var inputSha256 = "ab"
        var bestEpoch = 3
        var when = Timestamp(year: 2013, month: 1, day: 1, hour: 6)
        var missing = Double.nan
        var infinite = Double.infinity
        var nested = Nested()
        struct Nested: Encodable { var meanError = -0.5 }
    }

    func parse(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func keysAreSnakeCaseTimestampsISOAndNonFiniteNumbersNull() throws {
        let text = try JSONContract.document(Sample())
        let j = try parse(text)
        #expect(Set(j.keys) == ["input_sha256", "best_epoch", "when", "missing", "infinite", "nested", "schema_version"])
        #expect(j["when"] as? String == "2013-01-01T06:00:00Z")
        #expect(j["missing"] is NSNull && j["infinite"] is NSNull)
        #expect((j["nested"] as? [String: Any])?["mean_error"] as? Double == -0.5)
        #expect(j["schema_version"] as? Int == JSONContract.schemaVersion)
        #expect(!text.contains("nan") && !text.contains("secondsSinceEpoch"))
    }

    @Test func aConfigurationNestsAsAnObjectUnderTheSameKeyPolicy() throws {
        struct Configuration: Encodable { var trainWindow: Int? = 30; var clipNorm: Float = 1; var seed: UInt64 = 42 }
        let value = try JSONValue(encoding: Configuration())
        #expect(value["trainWindow"] == .integer(30))
        let j = try parse(try JSONContract.string(["configuration": value]))
        let nested = try #require(j["configuration"] as? [String: Any])
        #expect(nested["train_window"] as? Int == 30 && nested["seed"] as? Int == 42 && nested["clip_norm"] as? Double == 1)
    }

    @Test func timestampsReadBackFromTheirISOForms() throws {
        let t = Timestamp(year: 2016, month: 2, day: 29, hour: 23, minute: 59, second: 58)
        let data = try JSONEncoder().encode([t])
        #expect(try JSONDecoder().decode([Timestamp].self, from: data) == [t])
        // 00:59:58 at +01:00 is 23:59:58Z the day before.
        #expect(Timestamp(iso8601: "2016-03-01T00:59:58+01:00") == t)
        #expect(Timestamp(iso8601: "2016-02-30") == nil && Timestamp(iso8601: "2016-02-29T24:00:00Z") == nil)
        #expect(Timestamp(iso8601: "2016-02-29") == Timestamp(year: 2016, month: 2, day: 29))
    }
}
