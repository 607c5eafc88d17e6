import Testing
@testable import ForecastCore
@testable import ForecastIO

@Suite struct HDF5TimeUnitsTests {
    @Test func unitsXarrayWritesAreParsed() throws {
        let hours = try #require(HDF5TimeUnits("hours since 2013-01-01 06:00:00"))
        #expect(hours.timestamp(Int64(2)) == Timestamp(year: 2013, month: 1, day: 1, hour: 8))
        let ns = try #require(HDF5TimeUnits("nanoseconds since 1970-01-01"))
        #expect(ns.timestamp(Int64(1_500_000_000)) == Timestamp(secondsSinceEpoch: 1))
        // Floored, so a time just before the epoch stays before it.
        #expect(ns.timestamp(Int64(-1)) == Timestamp(secondsSinceEpoch: -1))
        let days = try #require(HDF5TimeUnits("days since 2000-01-01T00:00:00Z"))
        #expect(days.timestamp(0.5) == Timestamp(year: 2000, month: 1, day: 1, hour: 12))
        #expect(HDF5TimeUnits("seconds since 1970-01-01 00:00:00") == .unixSeconds)
        #expect(HDF5TimeUnits("Seconds since 1970-1-1 0:0:0") == .unixSeconds)
        #expect(HDF5TimeUnits("s since 1970-01-01 00:00:00.000000") == .unixSeconds)
        #expect(HDF5TimeUnits("min since 1970-01-01")?.secondsPerUnit == 60)
        #expect(HDF5TimeUnits("microseconds since 1970-01-01")?.unitsPerSecond == 1_000_000)
    }

    @Test func zoneOffsetOfReferenceIsApplied() throws {
        let units = try #require(HDF5TimeUnits("hours since 2013-01-01 06:00:00+01:00"))
        #expect(units.reference == Timestamp(year: 2013, month: 1, day: 1, hour: 5))
        #expect(HDF5TimeUnits.parseDateTime("2013-01-01T06:00:00-0230")
            == Timestamp(year: 2013, month: 1, day: 1, hour: 8, minute: 30))
        #expect(HDF5TimeUnits.parseDateTime("2013-01-01 06:00 UTC") == Timestamp(year: 2013, month: 1, day: 1, hour: 6))
    }

    @Test func unknownOrMalformedUnitsAreRefused() {
        #expect(HDF5TimeUnits("months since 2000-01-01") == nil)
        #expect(HDF5TimeUnits("seconds") == nil)
        #expect(HDF5TimeUnits("seconds since yesterday") == nil)
        #expect(HDF5TimeUnits("days since 2000-02-30") == nil)
        #expect(HDF5TimeUnits.parseDateTime("2013-01-01T25:00:00") == nil)
        #expect(HDF5TimeUnits.parseDateTime("2013-01-01T06:00:00 extra") == nil)
    }

    @Test func overflowingValuesGiveNil() throws {
        let days = try #require(HDF5TimeUnits("days since 1970-01-01"))
        #expect(days.timestamp(Int64.max) == nil)
        #expect(days.timestamp(Double.nan) == nil)
        #expect(days.timestamp(Double.infinity) == nil)
    }
}
