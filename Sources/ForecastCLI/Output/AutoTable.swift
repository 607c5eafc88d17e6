import ForecastModels

/// The terminal rendering of how `--models auto` chose: the inner backtest, every candidate's score
/// (the winner marked), the reason and any notes.
enum AutoTable {
    static func render(_ record: AutoSelectionRecord) -> String {
        let metric = record.metric.rawValue.uppercased()
        // Midnight origins (daily and business-day series) as dates.
        let origin = record.firstOrigin.hasSuffix("T00:00:00") ? String(record.firstOrigin.dropLast(9)) : record.firstOrigin
        var lines = ["--models auto: inner backtest of \(record.innerFolds) origins × \(record.horizon) steps after \(origin), "
                     + "on the \(record.historyRows) rows of the history, ranked by \(metric) (ties within "
                     + "\(NumberFormatting.significant(record.tolerance * 100, digits: 3)) % go to the simpler model; a network must beat "
                     + "the best baseline by more than \(NumberFormatting.significant(record.networkMargin * 100, digits: 3)) %); "
                     + "\(record.fits) network fit\(record.fits == 1 ? "" : "s") of a budget of \(record.budget)"
                     + (record.seedsPerCandidate.map { $0 > 1 ? " (each network scored by the mean of \($0) networks of its settings)" : "" } ?? "")
                     + ", \(NumberFormatting.significant(record.seconds, digits: 3)) s"]
        var table = TextTable(header: ["candidate", metric, "weights", ""], leftAligned: [0, 3])
        for c in record.candidates {
            table.append([c.name, c.score.map { NumberFormatting.significant($0, digits: 4) } ?? "failed",
                          c.kind == "baseline" ? "-" : "\(c.weights)", c.name == (record.candidate ?? record.winner) ? "← chosen" : ""])
        }
        lines.append(table.render())
        lines.append("chose \(record.winner): \(record.reason)")
        for c in record.candidates where c.score == nil {
            lines.append("\(c.name) failed: \(c.error ?? "no finite \(metric)")")
        }
        lines += record.notes.map { "note: \($0)" }
        return lines.joined(separator: "\n")
    }
}
