import ForecastCore
import Foundation

/// The order check of ``CSVReader``: rows must strictly increase in time; a file whose times strictly
/// decrease (newest first) is reversed, and repeated timestamps are merged per ``DuplicateTimestamps``.
struct CSVRowOrder {
    /// What rows that share a timestamp become (`--duplicates`).
    let duplicates: DuplicateTimestamps

    /// Checks the order of the rows; reverses a file whose times strictly decrease (newest first) and
    /// merges repeated timestamps per ``CSVReadOptions/duplicates``, saying so in `notes`.
    func apply(_ stamps: inout [Int64], _ columns: inout [[Double]], lines: borrowing CSVColumnBuffer<UInt32>,
                         path: String, column: Int, name: String, notes: inout [String]) throws(CSVError) {
        let n = stamps.count
        guard n > 1 else { return }
        var direction = 0
        for i in 1..<n where stamps[i] != stamps[i - 1] { direction = stamps[i] > stamps[i - 1] ? 1 : -1; break }
        var repeated = 0
        for i in 1..<n {
            let previous = stamps[i - 1], current = stamps[i]
            let line = Int(lines.base[i])
            if current == previous {
                if duplicates == .error {
                    throw .duplicateTimestamp(path: path, line: line, column: column, name: name,
                                              timestamp: Timestamp(secondsSinceEpoch: current))
                }
                repeated += 1
            } else if (current > previous) != (direction > 0) {
                let t = Timestamp(secondsSinceEpoch: current), before = Timestamp(secondsSinceEpoch: previous)
                if direction > 0 {
                    throw .decreasingTimestamp(path: path, line: line, column: column, name: name, timestamp: t, previous: before)
                }
                throw .increasingInNewestFirstFile(path: path, line: line, column: column, name: name, timestamp: t,
                                                   previous: before)
            }
        }
        if repeated > 0 {
            var w = 0, i = 0
            while i < n {
                var j = i + 1
                while j < n, stamps[j] == stamps[i] { j += 1 }
                stamps[w] = stamps[i]
                for c in columns.indices {
                    switch duplicates {
                    case .first, .error: columns[c][w] = columns[c][i]
                    case .last: columns[c][w] = columns[c][j - 1]
                    case .mean:
                        var sum = 0.0, count = 0
                        for r in i..<j where !columns[c][r].isNaN { sum += columns[c][r]; count += 1 }
                        columns[c][w] = count == 0 ? .nan : sum / Double(count)
                    }
                }
                w += 1
                i = j
            }
            stamps.removeLast(n - w)
            for c in columns.indices { columns[c].removeLast(n - w) }
            notes.append("\(repeated) row\(repeated == 1 ? "" : "s") repeating a timestamp merged "
                         + "(--duplicates \(duplicates.rawValue)): \(n) rows read, \(w) kept")
        }
        if direction < 0 {
            stamps.reverse()
            for c in columns.indices { columns[c].reverse() }
            notes.append("rows were newest first (times decrease down the file); read in time order")
        }
    }
}
