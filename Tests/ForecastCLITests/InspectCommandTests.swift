import Foundation
import Testing
import _ForecastTestSupport

@Suite struct InspectCommandTests {
    @Test func inspectDescribesTheJFKWeatherFileAsItsREADMEDoes() throws {
        let r = try runForecast(["inspect", "Datasets/weather_nyc_jfk_hourly_2013.csv"])
        #expect(r.status == 0)
        #expect(r.standardError.isEmpty)
        let out = r.standardOutput
        #expect(out.contains("(CSV, 8,706 rows)"))
        #expect(out.contains("2013-01-01T06:00:00 .. 2013-12-30T23:00:00"))
        #expect(out.contains("hourly (season 24 steps)"))
        #expect(out.contains("24 missing timestamps in 14 gaps"))
        #expect(out.contains("2013-10-25T23:00:00 .. 2013-10-26T05:00:00 (5 missing)"))
        // pressure_mbar: 831 missing of 8,706 rows (Datasets/README.md).
        #expect(out.split(separator: "\n").contains { $0.hasPrefix("pressure_mbar") && $0.contains("7,875") && $0.contains("831") })
    }

    /// Facts from Datasets/README.md for every shipped file: rows, range, frequency, missing counts.
    @Test(arguments: [
        ("stock_msft_daily.csv", 7983, "1986-03-13T00:00:00", "2017-11-10T00:00:00", "business-days", [String: Int]()),
        ("stock_djia_daily.csv", 37931, "1885-02-16T00:00:00", "2023-11-21T00:00:00", "business-days", [:]),
        ("weather_nyc_jfk_hourly_2013.csv", 8706, "2013-01-01T06:00:00", "2013-12-30T23:00:00", "3600s",
         ["pressure_mbar": 831, "wind_dir_deg": 51, "wind_speed_mph": 3, "temp_f": 1, "dewpoint_f": 1, "humidity_pct": 1]),
        ("weather_seattle_daily.csv", 1461, "2012-01-01T00:00:00", "2015-12-31T00:00:00", "86400s", [:]),
        ("traffic_i94_hourly.csv", 40575, "2012-10-02T09:00:00", "2018-09-30T23:00:00", "3600s",
         ["temp_k": 10, "rain_1h_mm": 1]),
    ])
    func inspectJSONAgreesWithTheDatasetsREADME(file: String, rows: Int, start: String, end: String,
                                                frequency: String, missing: [String: Int]) throws {
        let r = try runForecast(["inspect", "Datasets/\(file)", "--json"])
        #expect(r.status == 0)
        let json = try #require(JSONSerialization.jsonObject(with: Data(r.standardOutput.utf8)) as? [String: Any])
        #expect(json["rows"] as? Int == rows)
        #expect(json["start"] as? String == start)
        #expect(json["end"] as? String == end)
        #expect(json["frequency"] as? String == frequency)
        #expect(json["duplicate_timestamps"] as? Int == 0 && json["decreasing_timestamps"] as? Int == 0)
        let columns = try #require(json["columns"] as? [[String: Any]])
        for column in columns {
            let name = column["name"] as? String ?? ""
            #expect(column["missing"] as? Int == missing[name, default: 0], "column \(name)")
        }
    }

    @Test func trafficGapsMatchTheDatasetsREADME() throws {
        let r = try runForecast(["inspect", "Datasets/traffic_i94_hourly.csv", "--json"])
        let json = try #require(JSONSerialization.jsonObject(with: Data(r.standardOutput.utf8)) as? [String: Any])
        // "11,976 hours are absent, in 2,588 gaps"; largest 2014-08-08T01 → 2015-06-11T20 (7,386 h).
        #expect(json["missing_timestamps"] as? Int == 11976)
        #expect(json["gap_count"] as? Int == 2588)
        let largest = try #require((json["largest_gaps"] as? [[String: Any]])?.first)
        #expect(largest["after"] as? String == "2014-08-08T01:00:00")
        #expect(largest["missing"] as? Int == 7386)
    }
}

@Suite struct DataRangeTests {
    @Test func fromAndToKeepTheRowsInsideTheRange() throws {
        // Datasets/README.md: 2016-10-01 .. 2018-09-30 holds 17,416 of 17,520 hours, in 67 short gaps.
        let r = try runForecast(["inspect", "Datasets/traffic_i94_hourly.csv", "--from", "2016-10-01", "--to", "2018-09-30T23:00", "--json"])
        let json = try #require(JSONSerialization.jsonObject(with: Data(r.standardOutput.utf8)) as? [String: Any])
        #expect(json["rows"] as? Int == 17416)
        #expect(json["gap_count"] as? Int == 67)
    }

    @Test func anEmptyRangeIsAnErrorNamingTheFileSpan() throws {
        let r = try runForecast(["inspect", "Datasets/traffic_i94_hourly.csv", "--from", "2030-01-01"])
        #expect(r.status == 65)
        #expect(r.standardError.contains("the series covers 2012-10-02T09:00:00 .. 2018-09-30T23:00:00"))
    }

    @Test func anUnreadableBoundIsAUsageError() throws {
        let r = try runForecast(["inspect", "Datasets/traffic_i94_hourly.csv", "--to", "yesterday"])
        #expect(r.status == 64)
        #expect(r.standardError.hasPrefix("error: The value 'yesterday' is invalid for '--to <time>': expected a date"))
    }
}
