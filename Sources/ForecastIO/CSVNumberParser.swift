#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Decimal numbers and missing-value markers, parsed straight from the bytes of a cell.
///
/// Grammar (after trimming spaces and tabs): `[+-]? digits [. digits] [(e|E) [+-]? digits]`, with
/// at least one digit before or after the point (`.5` and `5.` are numbers), or `inf`/`infinity`
/// with an optional sign (any case). Missing markers, any case: the empty cell, `NA`, `NaN`,
/// `null`, `N/A`. Anything else (hex floats, thousands separators, `1_000`) is not a number.
///
/// Speed: a mantissa of up to 19 digits (point removed) is collected as an integer; when it is below
/// 2^53 and the decimal exponent is within ±22, both it and the power of ten are exact doubles and
/// one IEEE multiplication or division gives the correctly rounded result (Clinger's fast path).
/// Other exact mantissas (at most 19 digits) go through the Eisel-Lemire algorithm (a 128-bit
/// product with a table of powers of ten, correctly rounded or declining); what it declines
/// (halfway cases, subnormals, overflow) and mantissas of more than 19 significant digits go to
/// `strtod` on a small copy, which rounds correctly too.
enum CSVNumberParser {
    /// What a cell holds.
    enum Outcome { case number, missing, invalid }

    /// Exact powers of ten, 10^0 ... 10^22.
    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
        1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// Parses `p[0..<n]`; on `.number` the value is in `value`, on `.missing` it is NaN.
    @inline(__always)
    static func parse(_ p0: UnsafePointer<UInt8>, _ n0: Int, into value: inout Double) -> Outcome {
        var p = p0, n = n0
        while n > 0, p[0] == 0x20 || p[0] == 0x09 { p += 1; n -= 1 }
        while n > 0, p[n - 1] == 0x20 || p[n - 1] == 0x09 { n -= 1 }
        if n == 0 { value = .nan; return .missing }

        var i = 0
        var negative = false
        let first = p[0]
        if first == UInt8(ascii: "-") || first == UInt8(ascii: "+") { negative = first == UInt8(ascii: "-"); i = 1 }

        // Digits before and after the point, accumulated into one integer. Up to 19 digits fit
        // in a UInt64 exactly; longer mantissas (rare in files) go to strtod below.
        var mantissa: UInt64 = 0
        let integerStart = i
        while i < n {
            let d = p[i] &- 0x30
            if d >= 10 { break }
            mantissa = mantissa &* 10 &+ UInt64(d)
            i += 1
        }
        var digitCount = i - integerStart
        var exponent = 0
        if i < n, p[i] == UInt8(ascii: ".") {
            i += 1
            let fractionStart = i
            while i < n {
                let d = p[i] &- 0x30
                if d >= 10 { break }
                mantissa = mantissa &* 10 &+ UInt64(d)
                i += 1
            }
            exponent = fractionStart - i
            digitCount -= exponent
        }
        let sawDigit = digitCount > 0
        let inexact = digitCount > 19
        guard sawDigit else { return special(p, n, into: &value) }
        // Exponent.
        if i < n, p[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            var exponentNegative = false
            if i < n, p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+") {
                exponentNegative = p[i] == UInt8(ascii: "-"); i += 1
            }
            let start = i
            var e = 0
            while i < n {
                let d = p[i] &- 0x30
                if d >= 10 { break }
                if e < 100_000 { e = e &* 10 &+ Int(d) }
                i += 1
            }
            if i == start { return .invalid }
            exponent += exponentNegative ? -e : e
        }
        if i != n { return .invalid }

        if mantissa == 0, !inexact {
            value = negative ? -0.0 : 0.0
            return .number
        }
        if !inexact, mantissa <= 1 << 53, exponent >= -22, exponent <= 22 {
            var v = Double(mantissa)
            v = exponent < 0 ? v / powersOfTen[-exponent] : v * powersOfTen[exponent]
            value = negative ? -v : v
            return .number
        }
        if !inexact, let v = eiselLemire(mantissa, exponent, negative: negative) {
            value = v
            return .number
        }
        value = slowPath(p, n)
        return .number
    }

    /// The correctly rounded double nearest `mantissa × 10^exponent`, or `nil` when the 128-bit
    /// product cannot decide the rounding (rare; the caller then uses `strtod`) or the result is
    /// subnormal, zero or infinite. Eisel-Lemire, as in Go's `strconv.eiselLemire64` and
    /// fast_float; `mantissa` must be non-zero and exact (at most 19 digits, none dropped).
    @inline(__always)
    static func eiselLemire(_ mantissa: UInt64, _ exponent: Int, negative: Bool) -> Double? {
        guard exponent >= smallestPowerOfTen, exponent <= largestPowerOfTen else { return nil }
        let zeros = mantissa.leadingZeroBitCount
        let man = mantissa << UInt64(zeros)
        var exponent2 = UInt64(bitPattern: Int64(((217_706 &* exponent) >> 16) &+ 64 &+ 1023)) &- UInt64(zeros)
        let index = 2 &* (exponent &- smallestPowerOfTen)
        return powersOfTen128.withUnsafeBufferPointer { table -> Double? in
            var (high, low) = man.multipliedFullWidth(by: table[index])
            if high & 0x1FF == 0x1FF, low &+ man < man {
                let (high2, low2) = man.multipliedFullWidth(by: table[index + 1])
                var mergedHigh = high
                let mergedLow = low &+ high2
                if mergedLow < low { mergedHigh &+= 1 }
                if mergedHigh & 0x1FF == 0x1FF, mergedLow &+ 1 == 0, low2 &+ man < man { return nil }
                high = mergedHigh; low = mergedLow
            }
            let msb = high >> 63
            var bits = high >> (msb &+ 9)
            exponent2 &-= 1 ^ msb
            // Exactly half-way between two doubles: let strtod decide.
            if low == 0, high & 0x1FF == 0, bits & 3 == 1 { return nil }
            bits &+= bits & 1
            bits >>= 1
            if bits >> 53 > 0 { bits >>= 1; exponent2 &+= 1 }
            // Zero/subnormal (exponent2 <= 0) or infinity/NaN (>= 0x7FF): leave to strtod.
            if exponent2 &- 1 >= 0x7FF - 1 { return nil }
            var pattern = exponent2 << 52 | bits & 0x000F_FFFF_FFFF_FFFF
            if negative { pattern |= 1 << 63 }
            return Double(bitPattern: pattern)
        }
    }

    /// `strtod` on a NUL-terminated copy of a cell already known to match the grammar.
    @inline(never)
    private static func slowPath(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: n + 1) { buffer in
            let b = buffer.baseAddress!
            UnsafeMutableRawPointer(b).copyMemory(from: p, byteCount: n)
            b[n] = 0
            return strtod(b, nil)
        }
    }

    // MARK: Separators, and cells that look like numbers

    /// Copies the cell to `out` (room for `cell.count` bytes) with `decimal` turned into `.` and each
    /// `thousands` separator dropped, for ``parse(_:_:into:)``; returns the length, or `nil` when a
    /// separator is out of place: a thousands separator not between a digit and exactly three digits
    /// in the integer part, or a `.` when neither separator is one (so `1.5` under `--decimal ,` is
    /// refused, never read as 15). A `thousands` of space (0x20) also matches U+00A0 and U+202F.
    static func normalize(_ cell: UnsafeBufferPointer<UInt8>, decimal: UInt8, thousands: UInt8?,
                          into out: UnsafeMutablePointer<UInt8>) -> Int? {
        var start = 0, end = cell.count
        while start < end, cell[start] == 0x20 || cell[start] == 0x09 { start += 1 }
        while end > start, cell[end - 1] == 0x20 || cell[end - 1] == 0x09 { end -= 1 }
        var n = 0, i = start
        var seenDecimal = false
        /// The width of a thousands separator at `i`, or 0.
        func separatorWidth(_ i: Int) -> Int {
            guard let thousands else { return 0 }
            if cell[i] == thousands { return 1 }
            if thousands == 0x20 {
                if i + 1 < end, cell[i] == 0xC2, cell[i + 1] == 0xA0 { return 2 }
                if i + 2 < end, cell[i] == 0xE2, cell[i + 1] == 0x80, cell[i + 2] == 0xAF { return 3 }
            }
            return 0
        }
        while i < end {
            let b = cell[i]
            let width = seenDecimal ? 0 : separatorWidth(i)
            if width > 0 {
                // Between a digit and a group of exactly three digits.
                guard n > 0, out[n - 1] &- 0x30 < 10, i + width + 3 <= end else { return nil }
                for k in 0..<3 where cell[i + width + k] &- 0x30 >= 10 { return nil }
                if i + width + 3 < end, cell[i + width + 3] &- 0x30 < 10 { return nil }
                i += width
                continue
            }
            if b == decimal {
                seenDecimal = true
                out[n] = UInt8(ascii: "."); n += 1; i += 1
                continue
            }
            if b == UInt8(ascii: "."), decimal != UInt8(ascii: ".") { return nil }
            out[n] = b; n += 1; i += 1
        }
        return n
    }

    /// Whether a cell that is not a number still looks like one: digits with only signs, separators
    /// (`.` `,` `'` spaces), a currency sign (`$` `€` `£` `¥`) or a `%` around them, such as
    /// `36,301,200`, `12,8`, `$1,200.50` or `45%`. Such a cell in a column stops the load (it is never
    /// silently text).
    static func looksNumeric(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
        var digits = 0
        var i = 0
        while i < cell.count {
            let b = cell[i]
            if b &- 0x30 < 10 {
                digits += 1; i += 1
            } else if b == UInt8(ascii: ".") || b == UInt8(ascii: ",") || b == UInt8(ascii: "'") || b == 0x20
                        || b == UInt8(ascii: "+") || b == UInt8(ascii: "-") || b == UInt8(ascii: "$")
                        || b == UInt8(ascii: "%") || b == 0x09 {
                i += 1
            } else if i + 1 < cell.count, (b == 0xC2 && (cell[i + 1] == 0xA0 || cell[i + 1] == 0xA3 || cell[i + 1] == 0xA5)) {
                i += 2   // no-break space, £, ¥
            } else if i + 2 < cell.count, b == 0xE2, (cell[i + 1] == 0x82 && cell[i + 2] == 0xAC) || (cell[i + 1] == 0x80 && cell[i + 2] == 0xAF) {
                i += 3   // €, narrow no-break space
            } else {
                return false
            }
        }
        guard digits > 0 else { return false }
        // A sign only in front (after a currency sign at most): `2020-01-01` is no number.
        let text = String(decoding: cell, as: UTF8.self).trimmingCharacters(in: .whitespaces)
        let inner = text.dropFirst()
        return !inner.contains("-") && !inner.contains("+")
    }

    /// The option that would read a cell like `text`, as the end of an error message (`…; give --currency
    /// '$' to drop the currency sign, and --thousands , to read "," as a thousands separator`); `nil`
    /// when no option would.
    static func hint(for text: String) -> String? {
        var t = text.trimmingCharacters(in: .whitespaces)
        let reads = "expected a decimal number with a . decimal point and no grouping"
        // Signs around the number: name the options that drop them, then what the rest needs.
        var signs: [String] = []
        if t.hasSuffix("%") {
            signs.append("--percent")
            t = String(t.dropLast()).trimmingCharacters(in: .whitespaces)
        }
        let sign = t.hasPrefix("-") || t.hasPrefix("+") ? String(t.prefix(1)) : ""
        if !sign.isEmpty { t.removeFirst() }
        let symbols = ["$", "€", "£", "¥", "₹", "CHF", "USD", "EUR", "GBP", "JPY", "kr", "zł", "R$"]
        if let symbol = symbols.sorted(by: { $0.count > $1.count }).first(where: { t.hasPrefix($0) || t.hasSuffix($0) }) {
            signs.insert("--currency \(symbol.contains("$") ? "'\(symbol)'" : symbol)", at: 0)
            t = String(t.hasPrefix(symbol) ? t.dropFirst(symbol.count) : t.dropLast(symbol.count))
                .trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\u{00A0}\u{202F}")))
        }
        t = sign + t
        if !signs.isEmpty {
            var value = 0.0
            var copy = t
            let plain = copy.withUTF8 { parse($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, $0.count, into: &value) } == .number
            let rest = plain ? nil : hint(for: t).flatMap { h in h.range(of: "; give ").map { String(h[$0.upperBound...]) } }
            let what = signs.contains("--percent") && signs.count == 1 ? "read \"12.5%\" as 12.5"
                : signs.contains("--percent") ? "drop the currency and percent signs" : "drop the currency sign"
            return reads + "; give " + signs.joined(separator: " ") + " to \(what)" + (rest.map { ", and " + $0 } ?? "")
        }
        func matches(_ pattern: String) -> Bool { t.range(of: pattern, options: .regularExpression) != nil }
        if matches(#"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$"#) {
            return reads + "; give --thousands , to read \",\" as a thousands separator"
                + (matches(#"^[+-]?\d{1,3},\d{3}$"#) ? " (or --decimal , if it is a decimal comma)" : "")
        }
        if matches(#"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$"#) {
            return reads + "; give --decimal , --thousands . to read \"1.234,5\" as 1234.5"
        }
        if matches(#"^[+-]?\d*,\d+$"#) { return reads + "; give --decimal , to read decimal commas" }
        if matches(#"^[+-]?\d{1,3}('\d{3})+([.,]\d+)?$"#) { return reads + "; give --thousands \"'\" to read \"'\" as a thousands separator" }
        if matches(#"^[+-]?\d{1,3}([ \x{00A0}\x{202F}]\d{3})+(,\d+)?$"#) {
            return reads + "; give --thousands space" + (t.contains(",") ? " --decimal ," : "") + " to read spaces between digit groups"
        }
        if matches(#"^[+-]?\d+\.\d+$"#) { return reads + "; this column was read with --decimal ,: drop it, or give --decimal ." }
        return nil
    }

    /// Missing markers and infinities; everything else is invalid.
    @inline(never)
    private static func special(_ p: UnsafePointer<UInt8>, _ n: Int, into value: inout Double) -> Outcome {
        if n > 9 { return .invalid }
        var lower = [UInt8](repeating: 0, count: n)
        for k in 0..<n { lower[k] = p[k] >= 0x41 && p[k] <= 0x5A ? p[k] | 0x20 : p[k] }
        let word = String(decoding: lower, as: UTF8.self)
        switch word {
        case "na", "nan", "null", "n/a":
            value = .nan; return .missing
        case "inf", "+inf", "infinity", "+infinity":
            value = .infinity; return .number
        case "-inf", "-infinity":
            value = -.infinity; return .number
        default:
            return .invalid
        }
    }
}
