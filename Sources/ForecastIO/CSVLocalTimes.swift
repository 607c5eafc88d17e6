import ForecastCore
import Foundation

/// The time column's zones: zone names at the end of cells, and wall-clock times converted by
/// ``CSVReadOptions/timeZone`` (`--timezone`).
struct CSVLocalTimes {
    /// The zone the file's wall-clock times are in (`--timezone`); `nil`: none given.
    let timeZone: TimeZone?

    /// A calendar cell that ends in a zone name (`2010-01-01 00:00:00 PST`, `… America/Chicago`), as a UTC
    /// moment; `nil` when the cell has no such ending. An abbreviation that stands for one offset is read
    /// as that offset; one that stands for several (`CST`, `IST`) only with ``CSVReadOptions/timeZone``,
    /// which picks the offset its zone had then.
    /// - Throws: ``CSVError/zoneNameNotRead(path:line:column:name:text:reason:)``.
    func zoneNamed(_ p: UnsafePointer<UInt8>, _ n: Int, path: String, line: Int, column: Int, name: String,
                           previous: Int64?) throws(CSVError) -> Timestamp? {
        var split = n
        while split > 0, p[split - 1] != 0x20 { split -= 1 }
        guard split > 10 else { return nil }
        let zoneText = String(decoding: UnsafeBufferPointer(start: p + split, count: n - split), as: UTF8.self)
        guard zoneText.first?.isLetter == true, let local = TimestampParser.calendar(p, split - 1) else { return nil }
        let text = String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
        func fail(_ reason: String) -> CSVError {
            .zoneNameNotRead(path: path, line: line, column: column, name: name, text: text, reason: reason)
        }
        if zoneText.contains("/") {
            guard let zone = TimeZone(identifier: zoneText) else { throw fail("\"\(zoneText)\" is not an IANA time-zone name") }
            let moments = LocalTime(zone: zone).moments(ofLocal: local)
            guard let first = moments.first else { throw fail("that time does not exist in \(zoneText)") }
            return moments.first { previous == nil || $0.secondsSinceEpoch > previous! } ?? first
        }
        guard let offsets = LocalTime.abbreviations[zoneText.uppercased()] else {
            throw fail("the zone abbreviation \"\(zoneText)\" is not one forecast knows")
        }
        if offsets.count > 1 {
            guard let zone = timeZone else {
                throw fail("\(zoneText) stands for more than one zone")
            }
            // The offset among the abbreviation's that the zone uses around that time.
            let converter = LocalTime(zone: zone)
            let used = Set([-86_400, 0, 86_400].map { converter.offset(at: local.adding(seconds: Int64($0))) })
            guard let offset = offsets.first(where: used.contains) else {
                throw fail("\(zoneText) is not an offset \(zone.identifier) (--timezone) uses at that time")
            }
            return local.adding(seconds: Int64(-offset))
        }
        return local.adding(seconds: Int64(-offsets[0]))
    }

    /// Converts the wall-clock times in `stamps` (stored as if UTC) to UTC moments in `zone`, except the
    /// rows in `absolute`. A time in a repeated hour (clocks set back) is the occurrence that keeps the
    /// file's order; a time in a skipped hour is an error. Notes the daylight-saving changes crossed.
    func convert(_ stamps: inout [Int64], zone: LocalTime, absolute: Set<Int>,
                              lines: borrowing CSVColumnBuffer<UInt32>, path: String, column: Int, name: String,
                              notes: inout [String]) throws(CSVError) {
        let n = stamps.count
        var increasing = true
        for i in 1..<max(n, 1) where stamps[i] != stamps[i - 1] { increasing = stamps[i] > stamps[i - 1]; break }
        var previous: Int64? = nil
        var previousOffset: Int? = nil
        var changes: [Timestamp] = []
        var repeated = 0
        for i in 0..<n {
            if absolute.contains(i) { previous = stamps[i]; continue }
            let local = Timestamp(secondsSinceEpoch: stamps[i])
            let moments = zone.moments(ofLocal: local)
            guard !moments.isEmpty else {
                throw .nonexistentLocalTime(path: path, line: Int(lines.base[i]), column: column, name: name,
                                            local: local, zone: zone.zone.identifier)
            }
            var chosen = moments[0]
            if moments.count > 1 {
                repeated += 1
                if let previous {
                    chosen = increasing ? (moments.first { $0.secondsSinceEpoch > previous } ?? moments[0])
                                        : (moments.last { $0.secondsSinceEpoch < previous } ?? moments[moments.count - 1])
                }
            }
            stamps[i] = chosen.secondsSinceEpoch
            let offset = zone.offset(at: chosen)
            if let previousOffset, previousOffset != offset { changes.append(chosen) }
            previousOffset = offset
            previous = chosen.secondsSinceEpoch
        }
        var note = "local times read in \(zone.zone.identifier)"
        if !changes.isEmpty {
            let shown = changes.prefix(3).map { t -> String in
                t.iso8601(offset: zone.offset(at: t))
            }
            note += "; \(changes.count) daylight-saving change\(changes.count == 1 ? "" : "s") (" + shown.joined(separator: ", ")
                + (changes.count > 3 ? ", …" : "") + ")"
        }
        if repeated > 0 { note += "; \(repeated) row\(repeated == 1 ? "" : "s") in repeated hours placed in file order" }
        notes.append(note)
    }
}
