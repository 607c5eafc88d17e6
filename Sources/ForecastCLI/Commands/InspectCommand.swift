import ArgumentParser
import ForecastCore
import ForecastIO
import ForecastReports

/// `forecast inspect`: describes a series without modelling it.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Describe a CSV or HDF5 time series: columns, time range, frequency, gaps, order.",
        discussion: """
            Per column: type, count of values present, missing count, min / mean / max. For the time \
            column: range, inferred frequency (hourly, daily, business days, monthly, …), gaps against \
            that frequency, and duplicate or decreasing timestamps. A file in newest-first order is read \
            in time order, with a note; repeated timestamps (unless --duplicates first|last|mean) and \
            any other disorder are described and then reported as an error (exit status 65), since no \
            model can use them. Notes say what reading did that the file does not say (epoch \
            milliseconds, month/day order, rows reversed or merged).

            FILE may be - for standard input (CSV, plain or gzip), and a gzip-compressed CSV is \
            decompressed as it is read: gzip -dc data.csv.gz | forecast inspect -

            Examples:
              forecast inspect Datasets/weather_nyc_jfk_hourly_2013.csv
              forecast inspect Datasets/stock_msft_daily.csv --json
              forecast inspect data.h5 --dataset /weather
              forecast inspect Datasets/stock_msft_daily.csv --time-format %Y-%m-%d
            """
    )

    @OptionGroup(title: "Input")
    var data: DataOptions

    @Flag(help: "Print one JSON document instead of tables.")
    var json = false

    func run() throws {
        // Read strictly first so that disorder is reported with its file line; then read leniently
        // to describe the whole file.
        var orderError: Error?
        let series: TimeSeries
        do {
            series = try data.loadSeries()
        } catch let error as CSVError where error.isOrderError {
            orderError = error
            series = try data.loadSeries(requireIncreasingTime: false)
        } catch let error as SeriesLoadError {
            orderError = error
            series = try data.loadSeries(requireIncreasingTime: false)
        }
        if series.rowIDs != nil { return try inspectLong(series) }
        let description = SeriesDescription(series)
        if json {
            print(try JSONContract.document(InspectDocument(file: data.file, format: SeriesLoader.format(of: data.file).rawValue,
                                                            description: description)))
        } else {
            print(Self.render(description, file: data.file, format: SeriesLoader.format(of: data.file)))
        }
        if let orderError { throw orderError }
    }

    /// A long file: its columns over every row, then each series (id) with its rows, range,
    /// frequency, gaps and repeated times; past ``seriesListLimit`` series, their distribution and the
    /// first and last few. Repeated (id, time) pairs or mixed frequencies are described, then refused.
    func inspectLong(_ series: TimeSeries) throws {
        let members = SeriesCollection.describedMembers(ofLong: series).map { LongSeriesSummary(id: $0.id, SeriesDescription($0.series)) }
        var overall = SeriesDescription(series)
        overall.notes.append("\(members.count) series by \"\(series.idColumnName ?? "id")\"; the time facts are per series")
        if json {
            print(try JSONContract.document(InspectDocument(file: data.file, format: SeriesLoader.format(of: data.file).rawValue,
                                                            description: overall, series: members)))
        } else {
            print(Self.renderLong(overall, members: members, idColumn: series.idColumnName ?? "id", file: data.file,
                                  format: SeriesLoader.format(of: data.file)))
        }
        if let twice = members.first(where: { $0.duplicateTimestamps > 0 }) {
            throw CommandError("\(InputSource.displayName(data.file)): series \(twice.uniqueId) repeats \(twice.duplicateTimestamps) "
                               + "timestamp(s); each (id, time) pair must be given once", status: ExitStatus.dataError)
        }
        if let other = members.first(where: { $0.frequency != members[0].frequency }) {
            throw CommandError("\(InputSource.displayName(data.file)): series \(members[0].uniqueId) is \(members[0].frequency) but series "
                               + "\(other.uniqueId) is \(other.frequency); one run takes series of one frequency", status: ExitStatus.dataError)
        }
    }

    /// Up to this many series, every series gets a row.
    static let seriesListLimit = 30

    static func renderLong(_ d: SeriesDescription, members: [LongSeriesSummary], idColumn: String, file: String,
                           format: SeriesLoader.Format) -> String {
        var lines = ["\(file) (\(format == .csv ? "CSV" : "HDF5"), long: \(NumberFormatting.grouped(d.rows)) rows, \(members.count) series by \"\(idColumn)\")"]
        lines.append("time column \(d.timeColumn), time range \(d.start ?? "-") .. \(d.end ?? "-") over all series")
        let frequencies = Dictionary(grouping: members, by: \.frequency).map { ($0.key, $0.value.count) }.sorted { $0.1 > $1.1 }
        lines.append("frequency   " + frequencies.map { "\($0.0) (\($0.1) series)" }.joined(separator: ", "))
        let counts = members.map { Double($0.rows) }.sorted()
        lines.append("rows        \(NumberFormatting.grouped(Int(counts[0]))) .. \(NumberFormatting.grouped(Int(counts[counts.count - 1]))) "
                     + "per series (median \(NumberFormatting.grouped(Int(counts.quantileOfSorted(0.5)))))")
        let gapped = members.filter { $0.missingTimestamps > 0 }.count
        lines.append("gaps        \(gapped) of \(members.count) series miss timestamps on their own grid")
        for note in d.notes { lines.append("note        \(note)") }
        lines.append("")
        var table = TextTable(header: [idColumn, "rows", "start", "end", "frequency", "missing times", "repeated"], leftAligned: [0, 2, 3, 4])
        let shown = members.count <= seriesListLimit ? members : Array(members.prefix(5) + members.suffix(5))
        for m in shown {
            table.append([m.uniqueId, NumberFormatting.grouped(m.rows), m.start ?? "-", m.end ?? "-", m.frequency,
                          NumberFormatting.grouped(m.missingTimestamps), NumberFormatting.grouped(m.duplicateTimestamps)])
        }
        lines.append(table.render())
        if shown.count < members.count { lines.append("(the first and last 5 of \(members.count) series; --json lists them all)") }
        lines.append("")
        lines.append(contentsOf: columnTable(d.columns))
        return lines.joined(separator: "\n")
    }

    /// The human report.
    static func render(_ d: SeriesDescription, file: String, format: SeriesLoader.Format) -> String {
        var lines: [String] = []
        lines.append("\(file) (\(format == .csv ? "CSV" : "HDF5"), \(NumberFormatting.grouped(d.rows)) rows)")
        var facts = TextTable(header: ["", ""], leftAligned: [0, 1])
        facts.append(["time column", d.timeColumn])
        facts.append(["time range", "\(d.start ?? "-") .. \(d.end ?? "-")"])
        facts.append(["frequency", d.frequencyDescription + (d.seasonalPeriod.map { " (season \($0) steps)" } ?? "")])
        if d.frequency == "irregular" {
            facts.append(["gaps", "not judged: no regular spacing"])
        } else if d.gapCount == 0 {
            facts.append(["gaps", "none"])
        } else {
            facts.append(["gaps", "\(NumberFormatting.grouped(d.missingTimestamps)) missing timestamps in "
                + "\(NumberFormatting.grouped(d.gapCount)) gaps"])
            for g in d.largestGaps.prefix(5) {
                facts.append(["", "\(g.after) .. \(g.before) (\(NumberFormatting.grouped(g.missing)) missing)"])
            }
            if d.gapCount > 5 {
                facts.append(["", "… \(NumberFormatting.grouped(d.gapCount - 5)) smaller gaps (--json lists the largest \(d.largestGaps.count))"])
            }
        }
        if d.offGridRows > 0 { facts.append(["off grid", "\(NumberFormatting.grouped(d.offGridRows)) rows not on the \(d.frequencyDescription) grid"]) }
        if d.duplicateTimestamps + d.decreasingTimestamps == 0 {
            facts.append(["order", "timestamps strictly increase"])
        } else {
            facts.append(["order", "\(d.duplicateTimestamps) duplicate, \(d.decreasingTimestamps) decreasing timestamps"])
            for p in d.orderProblems.prefix(5) {
                facts.append(["", "row \(p.row): \(p.timestamp) \(p.kind == "duplicate" ? "repeats" : "comes before") \(p.previous)"])
            }
            let problems = d.duplicateTimestamps + d.decreasingTimestamps
            if problems > 5 { facts.append(["", "… \(NumberFormatting.grouped(problems - 5)) more"]) }
        }
        for (k, note) in d.notes.enumerated() { facts.append([k == 0 ? "notes" : "", note]) }
        // Drop the empty header of the two-column fact table.
        lines.append(contentsOf: facts.render().split(separator: "\n", omittingEmptySubsequences: false).dropFirst(2).map(String.init))
        lines.append("")
        lines.append(contentsOf: columnTable(d.columns))
        return lines.joined(separator: "\n")
    }

    /// The column table; past ``seriesListLimit`` columns (a wide file of many series), a summary
    /// line and the first and last five columns.
    static func columnTable(_ columns: [SeriesDescription.ColumnSummary]) -> [String] {
        var lines: [String] = []
        let shown = columns.count <= seriesListLimit ? columns : Array(columns.prefix(5) + columns.suffix(5))
        if shown.count < columns.count {
            let numeric = columns.filter { $0.type == "numeric" }
            let withMissing = numeric.filter { ($0.missing ?? 0) > 0 }.count
            let lows = numeric.compactMap(\.min), highs = numeric.compactMap(\.max)
            lines.append("\(columns.count) columns (\(numeric.count) numeric, \(withMissing) with missing values"
                + (lows.isEmpty ? "" : "; values \(NumberFormatting.significant(lows.min()!)) .. \(NumberFormatting.significant(highs.max()!))")
                + "): the first and last 5; --json lists every column")
        }
        var table = TextTable(header: ["column", "type", "count", "missing", "min", "mean", "max"], leftAligned: [0, 1])
        for c in shown {
            table.append([c.name, c.type, c.count.map(NumberFormatting.grouped) ?? "-",
                          c.missing.map(NumberFormatting.grouped) ?? "-",
                          c.min.map { NumberFormatting.significant($0) } ?? "-",
                          c.mean.map { NumberFormatting.significant($0) } ?? "-",
                          c.max.map { NumberFormatting.significant($0) } ?? "-"])
        }
        lines.append(table.render())
        return lines
    }
}

/// The `--json` document of `inspect`: `command`, `file`, `format` and the description's members.
struct InspectDocument: Encodable {
    var file: String
    var format: String
    var description: SeriesDescription
    /// A long file's series; `null` for one series.
    var series: [LongSeriesSummary]? = nil

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode("inspect", forKey: .command)
        try c.encode(file, forKey: .file)
        try c.encode(format, forKey: .format)
        try c.encode(series, forKey: .series)
        try description.encode(to: encoder)
    }

    enum Key: String, CodingKey { case command, file, format, series }
}

/// One series of a long file, as `inspect` lists it.
struct LongSeriesSummary: Encodable {
    var uniqueId: String
    var rows: Int
    @NullWhenAbsent var start: String?
    @NullWhenAbsent var end: String?
    var frequency: String
    var missingTimestamps: Int
    var duplicateTimestamps: Int

    init(id: String, _ d: SeriesDescription) {
        uniqueId = id
        rows = d.rows
        start = d.start
        end = d.end
        frequency = d.frequencyDescription
        missingTimestamps = d.missingTimestamps
        duplicateTimestamps = d.duplicateTimestamps
    }
}

extension CSVError {
    /// Whether this is a duplicate or decreasing timestamp (which `inspect` describes before failing).
    var isOrderError: Bool {
        switch self {
        case .duplicateTimestamp, .decreasingTimestamp, .increasingInNewestFirstFile: return true
        default: return false
        }
    }
}
