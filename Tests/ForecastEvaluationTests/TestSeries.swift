import ForecastCore

/// A daily series starting 2020-01-01 with one column `y`.
func dailySeries(_ values: [Double], column: String = "y") -> TimeSeries {
    let start = Timestamp(year: 2020, month: 1, day: 1)
    return TimeSeries(timeColumnName: "date", timestamps: values.indices.map { start.adding(days: $0) },
                      columns: [Column(name: column, values: values)])
}

/// `values` with every row after `row` replaced by something else entirely.
func perturbed(_ series: TimeSeries, after row: Int) -> TimeSeries {
    var copy = series
    for c in copy.columns.indices {
        for r in (row + 1)..<copy.count {
            copy.columns[c].values[r] = -1000 - 7 * Double(r) + copy.columns[c].values[r] * 3
        }
    }
    return copy
}
