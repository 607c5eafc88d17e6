import ArgumentParser
import ForecastCore
import ForecastEvaluation
import ForecastIO
import ForecastNN
import ForecastPreprocessing
import ForecastReports
import ForecastTraining
import Foundation

// Library types as option values: each parses its own text, so commands receive typed values.
// Types with a reason to give when a value is refused conform to `ParsedArgument`; options declare
// them with `@Option(transform: T.parse)` so that swift-argument-parser's message ends with the reason:
// "The value 'x.txt' is invalid for '--output <path>': expected a file name ending in .csv, .json or .h5".

/// An option value that says why a text is refused.
protocol ParsedArgument: ExpressibleByArgument {
    /// The value of `text`. - Throws: ``ArgumentReason`` saying what was expected.
    static func parse(_ text: String) throws -> Self
}

extension ParsedArgument {
    init?(argument: String) {
        guard let value = try? Self.parse(argument) else { return nil }
        self = value
    }
}

/// Why an option value was refused: what was expected.
struct ArgumentReason: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension CellKind: ExpressibleByArgument {}
extension LossFunction: ExpressibleByArgument {}
extension ShuffleOrder: ExpressibleByArgument {}
extension ScalerKind: ExpressibleByArgument {}
extension MissingValueFill: ExpressibleByArgument {}
extension WindowAnchor: ExpressibleByArgument {}
extension BaselineKind: ExpressibleByArgument {}
extension DuplicateTimestamps: ExpressibleByArgument {}

extension TimestampFormat: ParsedArgument {
    public init?(argument: String) {
        guard let value = try? Self.parse(argument) else { return nil }
        self = value
    }

    /// strptime directives (`%d.%m.%Y %H:%M`).
    static func parse(_ text: String) throws -> TimestampFormat {
        do { return try TimestampFormat(text) } catch { throw ArgumentReason(error.description) }
    }
}

extension RefitPolicy: ParsedArgument {
    public init?(argument: String) {
        guard let value = try? Self.parse(argument) else { return nil }
        self = value
    }

    /// `every-fold`, `once`, or a whole number of folds (1 = every fold).
    static func parse(_ text: String) throws -> RefitPolicy {
        do { return try RefitPolicy(parsing: text) } catch { throw ArgumentReason("expected every-fold, once, or a number of folds of at least 1") }
    }
}

extension TimeBound: ParsedArgument {
    public init?(argument: String) {
        guard let value = try? Self.parse(argument) else { return nil }
        self = value
    }

    /// A date or date-time as the CSV reader reads them (`2016-10-01`, `2016-10-01T00:00`, with an
    /// optional offset).
    static func parse(_ text: String) throws -> TimeBound {
        guard let t = TimeBound(text) else {
            throw ArgumentReason("expected a date or date-time such as 2016-10-01 or 2016-10-01T00:00")
        }
        return t
    }
}

/// Values separated by commas: `--units 64,32`, `--models lstm,naive`, `--mean 1.5,20`.
struct CommaSeparated<Element: ExpressibleByArgument & Sendable>: ParsedArgument, Sendable {
    var values: [Element]

    init(_ values: [Element]) { self.values = values }

    static func parse(_ text: String) throws -> CommaSeparated {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { String($0).trimmingCharacters(in: .whitespaces) }
        var values: [Element] = []
        for part in parts {
            guard !part.isEmpty, let value = Element(argument: part) else {
                throw ArgumentReason("\"\(part)\" is not a valid item; expected values separated by commas")
            }
            values.append(value)
        }
        return CommaSeparated(values)
    }

    var defaultValueDescription: String { values.map { "\($0)" }.joined(separator: ",") }
}

/// `--clip-norm`: a positive global norm, or `none`.
enum ClipNorm: ParsedArgument, Equatable, Sendable {
    case none
    case norm(Float)

    static func parse(_ text: String) throws -> ClipNorm {
        if text.lowercased() == "none" { return .none }
        guard let v = Float(text), v > 0, v.isFinite else {
            throw ArgumentReason("expected a positive number, or 'none' to turn clipping off")
        }
        return .norm(v)
    }

    init(_ value: Float?) { self = value.map { .norm($0) } ?? .none }

    var value: Float? {
        if case .norm(let v) = self { return v }
        return nil
    }

    var defaultValueDescription: String { value.map { "\($0)" } ?? "none" }
}

/// `--delimiter`: any one ASCII character but a quote, CR or LF (`|`, `,`, `;`), or `tab` (`\t`) or `space`.
struct CSVDelimiter: ParsedArgument, Sendable {
    var character: Character

    static func parse(_ text: String) throws -> CSVDelimiter {
        switch text {
        case "tab", "\\t", "\t": return CSVDelimiter(character: "\t")
        case "space", " ": return CSVDelimiter(character: " ")
        default:
            guard text.count == 1, let c = text.first, c.isASCII, c != "\"", c != "\n", c != "\r" else {
                throw ArgumentReason("expected one ASCII character other than a quote, CR or LF (',', ';', '|', …), or 'tab' or 'space'")
            }
            return CSVDelimiter(character: c)
        }
    }
}

/// `--timezone`: an IANA zone name from the system's zone database (`America/Chicago`).
struct ZoneName: ParsedArgument, @unchecked Sendable {
    var zone: TimeZone

    static func parse(_ text: String) throws -> ZoneName {
        guard text.contains("/") || text == "UTC", let zone = TimeZone(identifier: text) else {
            throw ArgumentReason("expected an IANA time-zone name such as America/Chicago, Europe/Berlin or UTC")
        }
        return ZoneName(zone: zone)
    }
}

/// `--max-gap`: a number of rows (0 or more), or `none` for no limit.
enum MaxGap: ParsedArgument, Equatable, Sendable {
    case rows(Int)
    case unlimited

    static func parse(_ text: String) throws -> MaxGap {
        if text.lowercased() == "none" { return .unlimited }
        guard let n = Int(text), n >= 0 else { throw ArgumentReason("expected a number of rows (0 or more), or 'none'") }
        return .rows(n)
    }
}

/// `--decimal`: `.` or `,`.
struct DecimalSeparator: ParsedArgument, Sendable {
    var character: Character

    static func parse(_ text: String) throws -> DecimalSeparator {
        guard text == "." || text == "," else { throw ArgumentReason("expected '.' or ','") }
        return DecimalSeparator(character: Character(text))
    }
}

/// `--thousands`: `,`, `.`, `'`, or `space` (which also matches no-break spaces).
struct ThousandsSeparator: ParsedArgument, Sendable {
    var character: Character

    static func parse(_ text: String) throws -> ThousandsSeparator {
        switch text {
        case ",", ".", "'": return ThousandsSeparator(character: Character(text))
        case "space", " ": return ThousandsSeparator(character: " ")
        default: throw ArgumentReason("expected ',', '.', \"'\" or 'space'")
        }
    }
}

/// `--output`: a file whose extension names its format (`.csv`, `.json`, `.h5`).
struct OutputPath: ParsedArgument, Sendable {
    var path: String
    var format: OutputFormat

    static func parse(_ text: String) throws -> OutputPath {
        guard let format = OutputFormat(path: text) else {
            throw ArgumentReason("expected a file name ending in .csv, .json or .h5")
        }
        return OutputPath(path: text, format: format)
    }
}

/// `--plot`: an `.svg` file.
struct SVGPath: ParsedArgument, Sendable {
    var path: String

    static func parse(_ text: String) throws -> SVGPath {
        guard text.lowercased().hasSuffix(".svg") else { throw ArgumentReason("expected a file name ending in .svg") }
        return SVGPath(path: text)
    }
}

/// `--calendar`: `auto` (by the frequency) or calendar feature names, comma-separated.
enum CalendarChoice: ParsedArgument, Sendable, Equatable {
    case auto
    case features([CalendarFeature])

    static func parse(_ text: String) throws -> CalendarChoice {
        if text.lowercased() == "auto" { return .auto }
        var features: [CalendarFeature] = []
        for part in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) {
            guard let feature = CalendarFeature(rawValue: part) else {
                throw ArgumentReason("unknown calendar feature \"\(part)\"; expected auto or any of "
                                     + CalendarFeature.allCases.map(\.rawValue).joined(separator: ", "))
            }
            features.append(feature)
        }
        return .features(features)
    }

    /// The features for a series of `frequency`.
    func features(for frequency: Frequency) -> [CalendarFeature] {
        switch self {
        case .auto: return CalendarFeature.automatic(for: frequency)
        case .features(let f): return f
        }
    }
}

/// `--transform`: `log`, `log1p`, `boxcox[:λ]`, `diff`, `sdiff[:m]` (m defaults to the season).
struct TransformChoice: ParsedArgument, Sendable, Equatable {
    var text: String

    static func parse(_ text: String) throws -> TransformChoice {
        guard TargetTransform(parsing: text, season: 1) != nil else {
            throw ArgumentReason("expected log, log1p, boxcox, boxcox:<λ>, diff, sdiff or sdiff:<season>")
        }
        return TransformChoice(text: text)
    }

    /// The transform, with `sdiff` taking `season`.
    func transform(season: Int?) throws -> TargetTransform {
        guard let t = TargetTransform(parsing: text, season: season) else {
            throw ValidationError("--transform \(text): the series has no season to difference at; give sdiff:<m> or --season")
        }
        return t
    }
}
