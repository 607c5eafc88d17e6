import ForecastCore

extension Collection where Element == Timestamp {
    /// How a table shows these timestamps: dates alone when every one is at midnight (daily and
    /// slower series), full ISO 8601 otherwise, so an hourly table never prints midnight as a bare date.
    var displayFormat: (Timestamp) -> String {
        allSatisfy { $0.secondOfDay == 0 } ? { String($0.iso8601.prefix(10)) } : { $0.iso8601 }
    }
}

extension Int {
    /// `1 epoch`, `2 epochs`.
    func counted(_ noun: String) -> String { "\(self) \(noun)\(self == 1 ? "" : "s")" }
}
