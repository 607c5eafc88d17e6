/// A split of rows into consecutive training, validation and test parts, in time order: nothing is
/// shuffled across the boundaries, so every validation row comes after every training row.
public struct ChronologicalSplit: Sendable, Equatable, Codable {
    /// Rows used to fit scalers and weights.
    public var training: Range<Int>
    /// Rows used for early stopping and model selection.
    public var validation: Range<Int>
    /// Rows held out for final evaluation; empty when not asked for.
    public var test: Range<Int>

    public init(training: Range<Int>, validation: Range<Int>, test: Range<Int>) {
        self.training = training
        self.validation = validation
        self.test = test
    }

    /// Splits `rows` rows by fractions: the last `testFraction` for test, the `validationFraction` before
    /// it for validation, the rest for training. Each part's size is rounded down, except that a non-zero
    /// fraction gets at least `minimumRows` rows.
    ///
    /// - Throws: ``SplitError`` when the fractions are outside `0..<1`, add to 1 or more, or leave the
    ///   training part with fewer than `minimumRows` rows.
    public static func fractions(rows: Int, validation validationFraction: Double, test testFraction: Double = 0,
                                 minimumRows: Int = 1) throws -> ChronologicalSplit {
        for (name, f) in [("validation", validationFraction), ("test", testFraction)] where !(0..<1).contains(f) {
            throw SplitError.fractionOutOfRange(name: name, value: f)
        }
        guard validationFraction + testFraction < 1 else {
            throw SplitError.fractionsTooLarge(validation: validationFraction, test: testFraction)
        }
        func size(_ f: Double) -> Int { f == 0 ? 0 : max(minimumRows, Int(Double(rows) * f)) }
        let testRows = size(testFraction), validationRows = size(validationFraction)
        let trainingRows = rows - testRows - validationRows
        guard trainingRows >= minimumRows else {
            throw SplitError.trainingTooShort(rows: rows, trainingRows: trainingRows, minimum: minimumRows)
        }
        return ChronologicalSplit(training: 0..<trainingRows,
                                  validation: trainingRows..<(trainingRows + validationRows),
                                  test: (trainingRows + validationRows)..<rows)
    }
}

/// Errors of ``ChronologicalSplit``.
public enum SplitError: Error, Equatable, CustomStringConvertible {
    case fractionOutOfRange(name: String, value: Double)
    case fractionsTooLarge(validation: Double, test: Double)
    case trainingTooShort(rows: Int, trainingRows: Int, minimum: Int)

    public var description: String {
        switch self {
        case let .fractionOutOfRange(name, value):
            return "--\(name)-fraction \(value): expected a fraction from 0 up to (not including) 1"
        case let .fractionsTooLarge(v, t):
            return "a validation fraction of \(v) plus a test fraction of \(t) leave no training rows; their sum must be below 1"
        case let .trainingTooShort(rows, trainingRows, minimum):
            return "the series has \(rows) rows, which leaves \(max(trainingRows, 0)) for training; at least \(minimum) are needed"
        }
    }
}
