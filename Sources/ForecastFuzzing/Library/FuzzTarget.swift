import ForecastCore
import ForecastIO
import ForecastModels
import Foundation

/// The readers `Scripts/fuzz` drives with libFuzzer, one case per executable target
/// (`forecast-fuzz-<name>`). ``run(_:)`` feeds one input to the reader; any `throw` is a refusal and
/// fine, anything else a crash, hang or unbounded allocation is a bug. Tests replay the committed
/// corpora and every input a fuzzer found through the same function (`FuzzTargetTests`).
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// `CSVReader` under an option set picked by the first byte (delimiter, header, separators with
    /// currency and percent signs, duplicates, time format, time zone, order check), on the remaining
    /// bytes as the file, then `SeriesDescription` (frequency, gaps, order: what `inspect` computes) of
    /// what it read.
    case csv
    /// `TimestampParser` (every detected form), `TimestampFormat` (the text up to the first newline as
    /// the format, the rest as the cell) and the epoch forms.
    case timestamp
    /// `HDF5Reader` on the bytes as an HDF5 file.
    case hdf5
    /// `KerasModelImporter` on the bytes as a `.keras` zip or a legacy `.h5` file.
    case keras
    /// `ModelFile.load` and `ModelFile.loadSeriesModels` (our model file) on the bytes.
    case model

    /// Runs one input through the reader.
    public func run(_ data: [UInt8]) {
        switch self {
        case .csv:
            guard let selector = data.first else { return }
            let options = Self.csvOptions(selector)
            FuzzFile.with(Array(data.dropFirst()), suffix: ".csv") { path in
                // What `inspect` does with a series it read: frequency, gaps, order, column summaries.
                if let series = try? CSVReader(options: options).read(path: path) { _ = SeriesDescription(series) }
            }
        case .timestamp:
            Self.timestamps(data)
        case .hdf5:
            FuzzFile.with(data, suffix: ".h5") { path in
                if let series = try? HDF5Reader().read(path: path, dataset: nil) { _ = SeriesDescription(series) }
            }
        case .keras:
            FuzzFile.with(data, suffix: ".keras") { path in
                _ = try? KerasModelImporter.load(path)
            }
        case .model:
            FuzzFile.with(data, suffix: ".h5") { path in
                _ = try? ModelFile.load(path)
                _ = try? ModelFile.loadSeriesModels(path)
            }
        }
    }

    /// The option set a CSV input's first byte selects: each bit turns one option on.
    static func csvOptions(_ selector: UInt8) -> CSVReadOptions {
        var options = CSVReadOptions()
        if selector & 1 != 0 { options.delimiter = [",", ";", "|", "\t"][Int(selector >> 6)] }
        if selector & 2 != 0 { options.hasHeader = false }
        if selector & 4 != 0 {
            options.decimal = ","; options.thousands = selector & 32 != 0 ? "." : " "
            options.currency = "€"; options.percent = true
        }
        if selector & 8 != 0 { options.duplicates = [.first, .last, .mean, .error][Int(selector >> 6)] }
        if selector & 16 != 0 { options.timeFormat = try? TimestampFormat(selector & 32 != 0 ? "%d/%m/%Y %H:%M" : "%Y-%m-%d %H:%M:%S%z") }
        if selector & 32 != 0 { options.timeZone = TimeZone(identifier: "America/Chicago") }
        if selector & 64 != 0 { options.requireIncreasingTime = false }
        if selector & 128 != 0, selector & 1 == 0 { options.thousands = ","; options.currency = "$" }
        return options
    }

    private static func timestamps(_ data: [UInt8]) {
        data.withUnsafeBufferPointer { bytes in
            _ = TimestampParser.parse(bytes: bytes, allowEpochSeconds: true)
            guard let base = bytes.baseAddress else { return }
            _ = TimestampParser.slashDate(base, bytes.count, dayFirst: true)
            _ = TimestampParser.slashDate(base, bytes.count, dayFirst: false)
            for unit in TimestampParser.EpochUnit.allCases { _ = TimestampParser.epoch(base, bytes.count, unit: unit) }
        }
        let text = String(decoding: data, as: UTF8.self)
        if let newline = text.firstIndex(of: "\n"), let format = try? TimestampFormat(String(text[..<newline])) {
            _ = format.parse(text[text.index(after: newline)...])
        }
        _ = Timestamp(iso8601: text)
    }
}
