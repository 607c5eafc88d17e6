import ForecastCore
import ForecastIO
import Foundation
import Testing
import _ForecastTestSupport

@Suite struct HolidayFileTests {
    @Test func datesOnePerLineWithCommentsAndAHeader() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try "date\n# Boxing Day\n2024-12-26\n\n2025-12-26\n".write(toFile: dir.file("h.txt"), atomically: true, encoding: .utf8)
        let calendar = try HolidayFile.read(path: dir.file("h.txt"))
        #expect(calendar.contains(Timestamp(year: 2024, month: 12, day: 26, hour: 13)))
        #expect(!calendar.contains(Timestamp(year: 2024, month: 12, day: 25)))
        #expect(calendar.name == dir.file("h.txt"))
    }

    @Test func aBadDateNamesTheFileAndLine() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try "2024-12-26\nBoxing Day\n".write(toFile: dir.file("h.txt"), atomically: true, encoding: .utf8)
        #expect(throws: HolidayFileError.badDate(path: dir.file("h.txt"), line: 2, text: "Boxing Day")) {
            try HolidayFile.read(path: dir.file("h.txt"))
        }
    }
}
