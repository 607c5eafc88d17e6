import Foundation

/// Number formatting for tables: enough significant digits to compare, no more.
enum NumberFormatting {
    /// `value` with `digits` significant digits, plain notation for ordinary magnitudes.
    static func significant(_ value: Double, digits: Int = 6) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 1e-4 && magnitude < 1e9 {
            let decimals = max(0, digits - 1 - Int(floor(log10(magnitude))))
            var s = String(format: "%.\(decimals)f", value)
            if s.contains(".") {
                while s.hasSuffix("0") { s.removeLast() }
                if s.hasSuffix(".") { s.removeLast() }
            }
            return s
        }
        return String(format: "%.\(digits - 1)e", value)
    }

    /// A share 0…1 as a percentage with one decimal: `81.3 %`; `-` for NaN.
    static func percent(_ share: Double) -> String {
        share.isNaN ? "-" : String(format: "%.1f %%", share * 100)
    }

    /// Thousands separators: `40,575`.
    static func grouped(_ value: Int) -> String {
        let digits = String(abs(value))
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return value < 0 ? "-" + out : out
    }
}
