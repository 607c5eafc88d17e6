import ForecastCore
import ForecastIO
import Foundation
import Testing
import _ForecastTestSupport

/// `--from` / `--to` bounds read in the series' own clock.
@Suite struct TimeBoundTests {
    let chicago = TimeZone(identifier: "America/Chicago")!

    func series(_ name: String, _ options: CSVReadOptions = CSVReadOptions()) throws -> TimeSeries {
        try CSVReader(options: options).read(path: csvFixture(name))
    }

    @Test func aBoundWithoutAZoneIsALocalTimeInTheFilesZone() throws {
        let local = try series("local_chicago.csv", CSVReadOptions(timeZone: chicago))
        // 2013-03-10 01:00 CST is 07:00Z; read as UTC it would have been 01:00Z.
        let from = try #require(TimeBound("2013-03-10T01:00"))
        #expect(try from.moment(in: local, upper: false) == Timestamp(year: 2013, month: 3, day: 10, hour: 7))
        #expect(try local.rows(from: from.moment(in: local, upper: false), to: nil).count == 2)
        // 2012-11-04 01:00 happened twice: a lower bound takes the first (CDT, 06:00Z), an upper one the second.
        let repeated = try #require(TimeBound("2012-11-04 01:00:00"))
        #expect(try repeated.moment(in: local, upper: false) == Timestamp(year: 2012, month: 11, day: 4, hour: 6))
        #expect(try repeated.moment(in: local, upper: true) == Timestamp(year: 2012, month: 11, day: 4, hour: 7))
    }

    @Test func anOffsetOrZIsAlwaysHonoured() throws {
        let local = try series("local_chicago.csv", CSVReadOptions(timeZone: chicago))
        let naive = try series("naive_times.csv")
        for s in [local, naive] {
            #expect(try TimeBound("2013-03-10T01:00:00-05:00")?.moment(in: s, upper: false)
                == Timestamp(year: 2013, month: 3, day: 10, hour: 6))
            #expect(try TimeBound("2013-03-10T01:00:00Z")?.moment(in: s, upper: true)
                == Timestamp(year: 2013, month: 3, day: 10, hour: 1))
        }
    }

    @Test func aBoundForANaiveFileIsReadAsWritten() throws {
        let naive = try series("naive_times.csv")
        let to = try #require(TimeBound("2013-12-30 19:00"))
        #expect(try to.moment(in: naive, upper: true) == Timestamp(year: 2013, month: 12, day: 30, hour: 19))
        #expect(try naive.rows(from: nil, to: to.moment(in: naive, upper: true)).count == 1)
    }

    @Test func aBoundInTheSkippedHourIsRefused() throws {
        let local = try series("local_chicago.csv", CSVReadOptions(timeZone: chicago))
        let bound = try #require(TimeBound("2013-03-10T02:30"))
        #expect(throws: TimeBoundError.nonexistentLocalTime(bound: "2013-03-10T02:30", zone: "America/Chicago")) {
            try bound.moment(in: local, upper: false)
        }
        #expect(TimeBoundError.nonexistentLocalTime(bound: "2013-03-10T02:30", zone: "America/Chicago").description
            == "2013-03-10T02:30 never happened in America/Chicago (the clocks skipped it); expected a local time that "
            + "exists there, or one with an offset (2013-03-10T02:30:00-06:00)")
        #expect(TimeBound("yesterday") == nil)
    }
}
