@testable import ForecastIO
import ForecastCore
import Foundation
import PropertyBased
import Testing

private func parse(_ text: String) -> (CSVNumberParser.Outcome, Double) {
    var bytes = Array(text.utf8)
    bytes.append(0)   // keeps baseAddress non-nil for ""
    var value = 0.0
    let outcome = bytes.withUnsafeBufferPointer { CSVNumberParser.parse($0.baseAddress!, bytes.count - 1, into: &value) }
    return (outcome, value)
}

/// The independent reference: the C library's correctly rounded `strtod`.
private func reference(_ text: String) -> Double { strtod(text, nil) }

@Test func parsesPlainDecimalsExactly() {
    for text in ["0", "1", "-1", "+2.5", "0.1", "12.658579999999999", "1012.6", ".5", "5.", "-0.0",
                 "1e10", "1E-7", "2.5e+3", "123456789012345678", "9007199254740993", "1e22", "1e23",
                 "4.9e-324", "1.7976931348623157e308", "0.000000000000000000000000000001",
                 "12345678901234567890123", "3.14159265358979323846264338327950288"] {
        let (outcome, value) = parse(text)
        #expect(outcome == .number, "\(text)")
        #expect(value.bitPattern == reference(text).bitPattern, "\(text): \(value) vs \(reference(text))")
    }
}

@Test func readsMissingMarkersAndInfinities() {
    for text in ["", "  ", "NA", "na", "NaN", "nan", "NAN", "null", "NULL", "N/A", "n/a"] {
        #expect(parse(text).0 == .missing, "\(text)")
    }
    #expect(parse("inf") == (.number, .infinity))
    #expect(parse("-Infinity") == (.number, -.infinity))
}

@Test func rejectsNonNumbers() {
    for text in ["-", ".", "e5", "1e", "1e+", "1.2.3", "1,5", "0x10", "1_000", "abc", "--1", "1 2", "nan1", "N/A/"] {
        #expect(parse(text).0 == .invalid, "\(text)")
    }
}

@Test func trimsSpacesAndTabs() {
    #expect(parse(" 1.5\t") == (.number, 1.5))
}

/// Random decimal strings (mantissas of 1–25 digits, exponents −340…340) parse to exactly what
/// `strtod` gives, covering both Clinger's fast path and the fallback.
@Test func randomDecimalsMatchStrtodBitForBit() async {
    let digits = Gen.int(in: 0...9).array(of: 1...25)
    await propertyCheck(count: 1000, input: digits, Gen.int(in: 0...25), Gen.int(in: -340...340), Gen.bool) {
        mantissa, point, exponent, negative in
        var text = negative ? "-" : ""
        let ds = mantissa.map(String.init)
        let cut = min(point, ds.count)
        text += ds[0..<cut].joined() + (cut < ds.count ? "." + ds[cut...].joined() : "")
        if cut == 0 { text = (negative ? "-" : "") + "0." + ds.joined() }
        text += "e\(exponent)"
        let (outcome, value) = parse(text)
        #expect(outcome == .number)
        #expect(value.bitPattern == reference(text).bitPattern, "\(text)")
    }
}

/// Shortest round-trip reprs of random doubles (17 significant digits or fewer, the numbers CSV
/// writers produce) parse back to the same bits; most of them take the Eisel-Lemire path.
@Test func shortestReprsOfRandomDoublesRoundTrip() async {
    await propertyCheck(count: 2000, input: Gen.uint64()) { bits in
        let v = Double(bitPattern: bits)
        guard v.isFinite else { return }
        let (outcome, value) = parse(v.description)
        #expect(outcome == .number)
        #expect(value.bitPattern == v.bitPattern, "\(v)")
    }
}

@Test func eiselLemireAgreesWithStrtodOnSeventeenDigitMantissas() {
    var generator = SeededGenerator(seed: 7)
    for _ in 0..<20_000 {
        let mantissa = UInt64.random(in: 10_000_000_000_000_000...99_999_999_999_999_999, using: &generator)
        let exponent = Int.random(in: -320...300, using: &generator)
        let text = "\(mantissa)e\(exponent)"
        if let v = CSVNumberParser.eiselLemire(mantissa, exponent, negative: false) {
            #expect(v.bitPattern == reference(text).bitPattern, "\(text)")
        }
    }
}
