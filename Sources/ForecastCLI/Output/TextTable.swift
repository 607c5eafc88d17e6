/// A plain-text table with right-aligned numeric columns, for terminal output.
struct TextTable {
    var header: [String]
    var rows: [[String]] = []
    /// Columns (by index) aligned left; the rest are right-aligned.
    var leftAligned: Set<Int> = [0]

    init(header: [String], leftAligned: Set<Int> = [0]) {
        self.header = header
        self.leftAligned = leftAligned
    }

    mutating func append(_ row: [String]) { rows.append(row) }

    /// The table as lines, columns separated by two spaces, a dashed rule under the header.
    func render() -> String {
        let all = [header] + rows
        let widths = (0..<header.count).map { c in all.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: max(0, widths[c] - cell.count))
                return leftAligned.contains(c) ? cell + pad : pad + cell
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        var out = [line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
        out += rows.map(line)
        return out.joined(separator: "\n")
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
