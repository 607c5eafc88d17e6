/// What can go wrong reading or writing an HDF5 file.
///
/// Every case names the file (as the caller spelled its path) and, where there is one, the object
/// path inside it (`/group/dataset`); ``description`` reads
/// `<file>:<object>: <what is wrong>; <what we expected or how to fix it>`, for example
/// `model.h5:/forecast: dataset not found; datasets in the file: /time, /temp_f`.
public enum HDF5Error: Error, Equatable, Sendable, CustomStringConvertible {
    /// No file at `file`.
    case fileNotFound(file: String)
    /// `file` exists but does not start with the HDF5 signature (a CSV or text file, say).
    case notHDF5(file: String)
    /// HDF5 refused to open or create `file` (permissions, a directory, a damaged file).
    case cannotOpen(file: String, reason: String)
    /// `object` does not exist; `datasets` and `groups` list what the file holds.
    case objectNotFound(file: String, object: String, datasets: [String], groups: [String])
    /// A dataset has a rank (number of dimensions) that the layout does not allow.
    case wrongRank(file: String, object: String, rank: Int, expected: String)
    /// A dataset or attribute has an element type we cannot read as asked (`found` is its class).
    case unsupportedType(file: String, object: String, found: String, expected: String)
    /// A 2-D dataset has neither a column-name attribute nor a string coordinate on dimension 1.
    case columnNamesMissing(file: String, object: String, columns: Int)
    /// The column-name attribute does not hold one name per column.
    case columnNamesCount(file: String, object: String, attribute: String, names: Int, columns: Int)
    /// No time coordinate was found for the data at `object`; `searched` says where we looked.
    case timeNotFound(file: String, object: String, searched: String)
    /// The time coordinate has a different length than the data it labels.
    case timeLengthMismatch(file: String, time: String, timeCount: Int, object: String, rows: Int)
    /// A time coordinate's `units` attribute is not `<unit> since <date>` with a unit we know.
    case unsupportedTimeUnits(file: String, object: String, units: String)
    /// A time coordinate's `calendar` is not one whose dates are proleptic Gregorian.
    case unsupportedCalendar(file: String, object: String, calendar: String)
    /// A time value could not be turned into a timestamp (text that is not ISO 8601, a NaN,
    /// a value out of range); `row` is 0-based.
    case badTimestamp(file: String, object: String, row: Int, value: String)
    /// No layout we can read exists in the file (``HDF5Reader`` lists the ones we read).
    case noSeriesFound(file: String, datasets: [String])
    /// A model file of `forecast train` where a series was expected.
    case modelNotSeries(file: String)
    /// More than one readable layout exists and no dataset path chose between them.
    case ambiguousSeries(file: String, candidates: [String])
    /// A group holds a time coordinate but no 1-D numeric dataset over it.
    case noColumns(file: String, object: String, time: String)
    /// Something a caller asked the writer to produce is inconsistent (an unknown dimension, a
    /// value count that does not match the dimensions, a name HDF5 cannot store).
    case invalidDefinition(file: String, object: String, problem: String)
    /// An HDF5 library call failed where the input was already validated (a full disk, say).
    case libraryCallFailed(file: String, object: String, call: String)
    /// A global heap collection (where variable-length strings live) at byte `offset` is damaged in a way
    /// that would make libhdf5 loop forever or read outside it (``HDF5GlobalHeapCheck``).
    case damagedGlobalHeap(file: String, offset: Int, problem: String)
    /// A dataset's or attribute's dataspace and datatype claim far more bytes (`elements` of
    /// `elementSize` bytes) than the file stores for it.
    case implausibleExtent(file: String, object: String, elements: Int, elementSize: Int, storedBytes: Int)
    /// A numeric datatype whose bit layout does not fit its size (``H5Datatype/numericLayoutProblem``).
    case damagedDatatype(file: String, object: String, problem: String)

    public var description: String {
        switch self {
        case let .fileNotFound(file):
            return "\(file): no such file; expected the path of an existing HDF5 file"
        case let .notHDF5(file):
            return "\(file): not an HDF5 file; expected an HDF5 file (as written by h5py, "
                + "xarray's to_netcdf or forecast --output x.h5); read CSV files with a .csv name"
        case let .cannotOpen(file, reason):
            return "\(file): cannot open: \(reason)"
        case let .implausibleExtent(file, object, elements, elementSize, storedBytes):
            return "\(file):\(object): damaged file: it claims \(elements) element\(elements == 1 ? "" : "s") of "
                + "\(elementSize) bytes but the file stores \(storedBytes) bytes for it; expected a dataspace and "
                + "datatype that match the stored data"
        case let .damagedDatatype(file, object, problem):
            return "\(file):\(object): damaged file: its number type claims \(problem); expected an integer or "
                + "float type whose bits fit its size (write the file again with the program that made it)"
        case let .damagedGlobalHeap(file, offset, problem):
            return "\(file): damaged file: the global heap collection at byte \(offset) (variable-length strings) "
                + "is corrupt: \(problem); expected an intact HDF5 file (write it again with the program that made it)"
        case let .objectNotFound(file, object, datasets, groups):
            let list = datasets.isEmpty ? "none" : datasets.joined(separator: ", ")
            let groupList = groups.isEmpty ? "" : " (groups: \(groups.joined(separator: ", ")))"
            return "\(file):\(object): dataset not found; datasets in the file: \(list)\(groupList)"
        case let .wrongRank(file, object, rank, expected):
            return "\(file):\(object): dataset has \(rank) dimension\(rank == 1 ? "" : "s"); expected \(expected)"
        case let .unsupportedType(file, object, found, expected):
            return "\(file):\(object): cannot read \(found) values; expected \(expected)"
        case let .columnNamesMissing(file, object, columns):
            return "\(file):\(object): no column names; expected an attribute \"columns\" or "
                + "\"column_names\" holding \(columns) strings (one per column), or a string "
                + "coordinate attached to dimension 1"
        case let .columnNamesCount(file, object, attribute, names, columns):
            return "\(file):\(object): attribute \"\(attribute)\" holds \(names) name\(names == 1 ? "" : "s") "
                + "but the dataset has \(columns) column\(columns == 1 ? "" : "s"); expected one name per column"
        case let .timeNotFound(file, object, searched):
            return "\(file):\(object): no time coordinate; expected \(searched)"
        case let .timeLengthMismatch(file, time, timeCount, object, rows):
            return "\(file):\(time): holds \(timeCount) timestamps but \(object) has \(rows) rows; "
                + "expected one timestamp per row"
        case let .unsupportedTimeUnits(file, object, units):
            return "\(file):\(object): unsupported time units \"\(units)\"; expected \"<unit> since "
                + "<date>\" with unit nanoseconds, microseconds, milliseconds, seconds, minutes, "
                + "hours, days or weeks (e.g. \"seconds since 1970-01-01 00:00:00\")"
        case let .unsupportedCalendar(file, object, calendar):
            return "\(file):\(object): unsupported calendar \"\(calendar)\"; expected standard, "
                + "gregorian or proleptic_gregorian"
        case let .badTimestamp(file, object, row, value):
            return "\(file):\(object): row \(row + 1): cannot read \(value) as a time; expected "
                + "ISO 8601 text (2013-01-01T06:00:00Z) or a finite number in the coordinate's units"
        case let .noSeriesFound(file, datasets):
            let list = datasets.isEmpty ? "none" : datasets.joined(separator: ", ")
            return "\(file): no time series found (datasets in the file: \(list)); expected a 2-D "
                + "dataset with a 1-D time dataset beside it, or a group of 1-D datasets beside a "
                + "time dataset"
        case let .modelNotSeries(file):
            return "\(file): a model file written by 'forecast train', not a time series; give it as "
                + "'forecast predict DATA --model \(file)' with the data to forecast"
        case let .ambiguousSeries(file, candidates):
            return "\(file): several time series in the file: \(candidates.joined(separator: ", ")); "
                + "choose one with --dataset PATH"
        case let .noColumns(file, object, time):
            return "\(file):\(object): no 1-D numeric dataset beside the time coordinate \(time); "
                + "expected one dataset per column with one value per timestamp"
        case let .invalidDefinition(file, object, problem):
            return "\(file):\(object): \(problem)"
        case let .libraryCallFailed(file, object, call):
            // Writing (create, write, flush, close) fails for want of space or permission; reading, on a damaged file.
            let writes = ["create", "write", "flush", "close"].contains { call.lowercased().contains($0) }
            return "\(file):\(object): \(call) failed; the HDF5 library refused the operation "
                + (writes ? "(check free disk space and permissions)" : "(the file may be damaged or truncated; write it again from its source)")
        }
    }
}
