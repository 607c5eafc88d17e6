/// Signs around a number that ``CSVReadOptions/currency`` and ``CSVReadOptions/percent`` let the reader
/// drop before parsing: a currency symbol before or after the number (`$1,234.50`, `-$12`, `$-12`,
/// `12,80 €`, `CHF 12.50`) and a trailing percent sign (`12.5%`, `12.5 %`, read as 12.5: the unit stays
/// percent, nothing is divided by 100). Spaces (also U+00A0, U+202F) between sign and number are
/// allowed. Cells without the signs are read as they are.
struct CSVNumberAffixes: Sendable {
    /// The currency symbol's UTF-8 bytes; empty when none is read.
    let currency: [UInt8]
    let percent: Bool

    init(currency: String?, percent: Bool) {
        self.currency = currency.map { Array($0.utf8) } ?? []
        self.percent = percent
    }

    /// Whether there is anything to strip.
    var isEmpty: Bool { currency.isEmpty && !percent }

    /// Copies `cell` into `out` (room for `cell.count` bytes) without the signs, keeping a leading
    /// minus or plus in front; returns the length.
    func strip(_ cell: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>) -> Int {
        guard let base = cell.baseAddress else { return 0 }
        var start = 0, end = cell.count
        func skipSpaces() {
            while true {
                if start < end, base[start] == 0x20 || base[start] == 0x09 { start += 1; continue }
                if let w = Self.noBreakSpace(base, start, end) { start += w; continue }
                break
            }
            while true {
                if end > start, base[end - 1] == 0x20 || base[end - 1] == 0x09 { end -= 1; continue }
                if end - start >= 2, base[end - 2] == 0xC2, base[end - 1] == 0xA0 { end -= 2; continue }
                if end - start >= 3, base[end - 3] == 0xE2, base[end - 2] == 0x80, base[end - 1] == 0xAF { end -= 3; continue }
                break
            }
        }
        skipSpaces()
        if percent, end > start, base[end - 1] == UInt8(ascii: "%") { end -= 1; skipSpaces() }
        var sign: UInt8? = nil
        if !currency.isEmpty {
            if start < end, base[start] == UInt8(ascii: "-") || base[start] == UInt8(ascii: "+"),
               matches(base, start + 1, end) {
                sign = base[start]; start += 1
            }
            if matches(base, start, end) {
                start += currency.count; skipSpaces()
            } else if end - start >= currency.count, matches(base, end - currency.count, end) {
                end -= currency.count; skipSpaces()
            }
        }
        guard end > start else {
            // Nothing but signs (`$`, `%`): not a number, so keep the cell for the error to show.
            for i in 0..<cell.count { out[i] = base[i] }
            return cell.count
        }
        var n = 0
        if let sign { out[0] = sign; n = 1 }
        for i in start..<end { out[n] = base[i]; n += 1 }
        return n
    }

    private func matches(_ base: UnsafePointer<UInt8>, _ at: Int, _ end: Int) -> Bool {
        guard end - at >= currency.count else { return false }
        for (k, b) in currency.enumerated() where base[at + k] != b { return false }
        return true
    }

    private static func noBreakSpace(_ base: UnsafePointer<UInt8>, _ i: Int, _ end: Int) -> Int? {
        if end - i >= 2, base[i] == 0xC2, base[i + 1] == 0xA0 { return 2 }
        if end - i >= 3, base[i] == 0xE2, base[i + 1] == 0x80, base[i + 2] == 0xAF { return 3 }
        return nil
    }
}
