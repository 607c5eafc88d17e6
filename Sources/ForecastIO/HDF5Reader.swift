internal import CHDF5
import ForecastCore
import Foundation

/// Loads a ``TimeSeries`` from an HDF5 file (`.h5`, `.hdf5`, or netCDF-4 `.nc`).
///
/// ```swift
/// let series = try HDF5Reader().read(path: "weather.h5")                       // the only series in it
/// let other = try HDF5Reader().read(path: "model.h5", dataset: "/results/data") // chosen explicitly
/// ```
///
/// ## Layouts read
///
/// **A. One 2-D table.** A dataset `[rows, columns]` of integers or floats (any width; values are
/// converted to `Double`). Column names come from an attribute on the dataset named `columns` or
/// `column_names` holding one string per column (a 1-D array of variable- or fixed-length strings),
/// or, failing that, from a 1-D string dataset attached as dimension scale of dimension 1 (what
/// xarray writes for a `(time, feature)` variable). Timestamps come from the dimension scale
/// attached to dimension 0, or else from a 1-D dataset named `time` in the same group.
///
/// **B. A group of columns.** A group (the root included) holding one 1-D integer or float dataset
/// per column beside a 1-D time dataset: what `h5py` users write by hand and what
/// `xarray.Dataset.to_netcdf(path, engine="h5netcdf")` writes (variables over dimension `time`,
/// with `time` as coordinate). The time dataset is the dimension scale attached to the columns'
/// dimension 0 (preferring one named `time` when columns use several), else a dataset named `time`,
/// else the one 1-D dataset whose `units` contain `since`. Columns are the group's 1-D numeric
/// datasets over that scale or, in files without dimension scales, of the time dataset's length;
/// dimension scales themselves (coordinates, netCDF dimensions without variables) are not
/// columns. Columns keep the group's creation order when the file tracks it (xarray and
/// ``HDF5Writer`` files do), else name order (h5py's default).
///
/// **C. One 1-D dataset**, named with `dataset:`, gives a one-column series, timed as in A.
///
/// **D. Many series: variables over `(series, time)`.** 2-D integer or float datasets whose dimension 0
/// has a string coordinate naming the series and dimension 1 a time coordinate (dimension scales):
/// what `xarray.Dataset({"speed": (("series", "time"), a)}, coords={"series": ids, "time": t})
/// .to_netcdf(path, engine="h5netcdf")` writes. The variables of one group over the same two
/// coordinates make one long series (``TimeSeries/rowIDs`` from the series coordinate, whose name is
/// ``TimeSeries/idColumnName``): every series' rows in time order, series in coordinate order.
///
/// ## Time coordinates
///
/// - integers without a `units` attribute: seconds since 1970-01-01T00:00:00Z;
/// - integers or floats with a CF `units` attribute `<unit> since <date>`, unit one of nanoseconds,
///   microseconds, milliseconds, seconds, minutes, hours, days, weeks (or their abbreviations),
///   e.g. `hours since 2013-01-01 06:00:00` or `nanoseconds since 1970-01-01` as xarray writes for
///   `datetime64`; a `calendar`, if present, must be `standard`, `gregorian` or
///   `proleptic_gregorian`. Sub-second integer values are floored, floats rounded, to whole seconds;
/// - strings: ISO 8601 (`2013-01-01`, `2013-01-01T06:00:00Z`, `2013-01-01 06:00:00+01:00`).
///
/// The series' ``TimeSeries/timeColumnName`` is the time dataset's name.
///
/// ## Values
///
/// A value equal to the dataset's `_FillValue` or `missing_value` attribute becomes `NaN`
/// (missing); `scale_factor` and `add_offset` are applied (CF packing), as xarray does.
///
/// ## Choosing
///
/// With `dataset:` (`--dataset PATH`), the path names a 2-D dataset (A), a group (B) or a 1-D
/// dataset (C). Without it, the file must hold exactly one series: every 2-D numeric dataset with
/// a time coordinate and every group with at least one column counts; several throw
/// ``HDF5Error/ambiguousSeries(file:candidates:)`` listing them.
///
/// Rows are returned in file order; call ``TimeSeries/validateOrder()`` before modelling.
///
/// - Throws: ``HDF5Error``: the file is missing or not HDF5, the path does not exist (the message
///   lists the datasets there are), a dataset has the wrong rank or type, column names are missing
///   or do not match the column count, no time coordinate is found or its units are unsupported.
public struct HDF5Reader: Sendable {
    public init() {}

    /// Reads the series at `dataset` (absolute or root-relative path), or the only one in the file.
    public func read(path: String, dataset: String? = nil) throws -> TimeSeries {
        try HDF5Library.withLock {
            let file = try H5FileHandle.open(path)
            if let dataset {
                let objectPath = "/" + dataset.split(separator: "/").joined(separator: "/")
                guard let node = try file.node(at: objectPath) else {
                    let (groups, datasets) = try file.walk()
                    throw HDF5Error.objectNotFound(
                        file: path, object: objectPath, datasets: datasets.map(\.path),
                        groups: groups.map(\.path).filter { $0 != "/" })
                }
                switch node {
                case let .group(group):
                    if let many = try seriesLayouts(in: group, of: file).first {
                        return try seriesByID(many.variables, series: many.series, time: many.time)
                    }
                    guard let layout = try groupLayout(group, in: file) else {
                        throw HDF5Error.timeNotFound(
                            file: path, object: group.path,
                            searched: "a 1-D dataset named \"time\" in the group, a dimension scale "
                                + "attached to its 1-D datasets, or a 1-D dataset with CF units "
                                + "(\"seconds since 1970-01-01\")")
                    }
                    guard !layout.columns.isEmpty else {
                        throw HDF5Error.noColumns(file: path, object: group.path, time: layout.time.path)
                    }
                    return try series(time: layout.time, columns: layout.columns)
                case let .dataset(data):
                    if let scales = try seriesScales(of: data, in: file) {
                        return try seriesByID([data], series: scales.series, time: scales.time)
                    }
                    return try readDataset(data, in: file)
                }
            }
            let candidates = try findCandidates(in: file)
            switch candidates.count {
            case 1:
                return try candidates[0].read()
            case 0:
                // A model file written by `forecast train` (its root `format` attribute) given as data.
                if try file.attribute("format")?.stringValue == "forecast-model" { throw HDF5Error.modelNotSeries(file: path) }
                throw HDF5Error.noSeriesFound(file: path, datasets: try file.walk().datasets.map(\.path))
            default:
                throw HDF5Error.ambiguousSeries(file: path, candidates: candidates.map(\.label))
            }
        }
    }

    /// The series in the file that ``read(path:dataset:)`` could load without `dataset:`, as
    /// `--dataset` arguments with their layout: `"/data (2-D dataset)"`, `"/ (group of 1-D datasets)"`.
    public func seriesCandidates(path: String) throws -> [String] {
        try HDF5Library.withLock { try findCandidates(in: try H5FileHandle.open(path)).map(\.label) }
    }

    // MARK: Layouts

    private struct Candidate {
        let label: String
        let read: () throws -> TimeSeries
    }

    private func findCandidates(in file: H5FileHandle) throws -> [Candidate] {
        let (groups, datasets) = try file.walk()
        var candidates: [Candidate] = []
        for group in groups {
            if let layout = try groupLayout(group, in: file), !layout.columns.isEmpty {
                candidates.append(Candidate(label: "\(group.path) (group of 1-D datasets)") {
                    try series(time: layout.time, columns: layout.columns)
                })
            }
        }
        var manySeries: Set<String> = []
        for group in groups {
            for many in try seriesLayouts(in: group, of: file) {
                manySeries.formUnion(many.variables.map(\.path))
                let names = many.variables.map(\.name).joined(separator: ", ")
                candidates.append(Candidate(label: "\(group.path) (\(names) over (\(many.series.name), \(many.time.name)))") {
                    try seriesByID(many.variables, series: many.series, time: many.time)
                })
            }
        }
        for data in datasets where try data.extents.count == 2 && data.type.isNumeric && !manySeries.contains(data.path) {
            if try timeDataset(for: data, in: file) != nil {
                candidates.append(Candidate(label: "\(data.path) (2-D dataset)") {
                    try readDataset(data, in: file)
                })
            }
        }
        return candidates
    }

    /// Layout D: the series and time coordinates of a 2-D numeric variable over (series, time); `nil`
    /// for any other dataset.
    private func seriesScales(of data: H5DatasetHandle, in file: H5FileHandle)
        throws -> (series: H5DatasetHandle, time: H5DatasetHandle)?
    {
        guard try data.extents.count == 2, try data.type.isNumeric, !data.isScale,
              let seriesPath = try data.scalePath(dimension: 0), case let .dataset(series)? = try file.node(at: seriesPath),
              try series.type.typeClass == H5T_STRING, try series.extents.count == 1,
              let timePath = try data.scalePath(dimension: 1), case let .dataset(time)? = try file.node(at: timePath),
              !time.isPhantomDimension, try time.extents.count == 1
        else { return nil }
        return (series, time)
    }

    /// Layout D in `group`: its variables grouped by their (series, time) coordinates.
    private func seriesLayouts(in group: H5GroupHandle, of file: H5FileHandle)
        throws -> [(variables: [H5DatasetHandle], series: H5DatasetHandle, time: H5DatasetHandle)]
    {
        var out: [(variables: [H5DatasetHandle], series: H5DatasetHandle, time: H5DatasetHandle)] = []
        for case let .dataset(data) in try group.children() {
            guard let scales = try seriesScales(of: data, in: file) else { continue }
            if let i = out.firstIndex(where: { $0.series.path == scales.series.path && $0.time.path == scales.time.path }) {
                out[i].variables.append(data)
            } else {
                out.append(([data], scales.series, scales.time))
            }
        }
        return out
    }

    /// One long series of layout D's `variables`: for each id of `series`, its rows over `time`.
    private func seriesByID(_ variables: [H5DatasetHandle], series: H5DatasetHandle, time: H5DatasetHandle) throws -> TimeSeries {
        let ids = try series.readStrings()
        let steps = try time.extents[0]
        let timestamps = try decodeTime(time, rows: steps, of: variables[0])
        let columns = try variables.map { data -> Column in
            guard try data.extents == [ids.count, steps] else {
                throw HDF5Error.timeLengthMismatch(file: data.file, time: time.path, timeCount: steps, object: data.path,
                                                   rows: try data.extents.last ?? 0)
            }
            // Row-major [series, time]: series s's values are s · steps ..< (s + 1) · steps, the long rows' order.
            return Column(name: data.name, values: try unpack(try data.readDoubles(), attributesOf: data))
        }
        var out = TimeSeries(timeColumnName: time.name, timestamps: Array((0..<ids.count).map { _ in timestamps }.joined()),
                             columns: columns)
        out.rowIDs = Array(ids.map { Array(repeating: $0, count: steps) }.joined())
        out.idColumnName = series.name
        return out
    }

    /// Layout A (rank 2) or C (rank 1).
    private func readDataset(_ data: H5DatasetHandle, in file: H5FileHandle) throws -> TimeSeries {
        let extents = try data.extents
        guard extents.count == 1 || extents.count == 2 else {
            throw HDF5Error.wrongRank(file: data.file, object: data.path, rank: extents.count,
                                      expected: "2 dimensions [rows, columns], 1 for a single column, "
                                          + "or the path of a group of 1-D datasets")
        }
        let type = try data.type
        guard type.isNumeric else {
            throw HDF5Error.unsupportedType(file: data.file, object: data.path, found: type.summary,
                                            expected: "integer or floating-point numbers")
        }
        guard let time = try timeDataset(for: data, in: file) else {
            throw HDF5Error.timeNotFound(
                file: data.file, object: data.path,
                searched: "a dimension scale attached to its dimension 0, or a 1-D dataset named "
                    + "\"time\" beside it")
        }
        if extents.count == 1 {
            return try series(time: time, columns: [data])
        }
        let (rows, width) = (extents[0], extents[1])
        let names = try columnNames(of: data, columns: width, in: file)
        let timestamps = try decodeTime(time, rows: rows, of: data)
        let values = try unpack(try data.readDoubles(), attributesOf: data)
        let columns = (0..<width).map { c in
            Column(name: names[c], values: (0..<rows).map { values[$0 * width + c] })
        }
        return TimeSeries(timeColumnName: time.name, timestamps: timestamps, columns: columns)
    }

    private func columnNames(of data: H5DatasetHandle, columns: Int, in file: H5FileHandle) throws -> [String] {
        for attribute in ["columns", "column_names"] {
            guard let value = try data.attribute(attribute) else { continue }
            guard let names = value.stringsValue else {
                throw HDF5Error.unsupportedType(file: data.file, object: "\(data.path) attribute \"\(attribute)\"",
                                                found: "numeric", expected: "one string per column")
            }
            guard names.count == columns else {
                throw HDF5Error.columnNamesCount(file: data.file, object: data.path, attribute: attribute,
                                                 names: names.count, columns: columns)
            }
            return names
        }
        if let scalePath = try data.scalePath(dimension: 1),
           case let .dataset(scale)? = try file.node(at: scalePath),
           try scale.type.typeClass == H5T_STRING, try scale.extents == [columns]
        {
            return try scale.readStrings()
        }
        throw HDF5Error.columnNamesMissing(file: data.file, object: data.path, columns: columns)
    }

    /// The time coordinate of a dataset: its dimension-0 scale, else a sibling named `time`.
    private func timeDataset(for data: H5DatasetHandle, in file: H5FileHandle) throws -> H5DatasetHandle? {
        if let scalePath = try data.scalePath(dimension: 0),
           case let .dataset(scale)? = try file.node(at: scalePath), !scale.isPhantomDimension
        {
            return scale
        }
        let parent = String(data.path[..<(data.path.lastIndex(of: "/") ?? data.path.startIndex)])
        if case let .dataset(time)? = try file.node(at: parent + "/time"), time.path != data.path,
           try time.extents.count == 1
        {
            return time
        }
        return nil
    }

    /// Layout B: the group's time dataset and its columns; `nil` when no time dataset is found.
    private func groupLayout(_ group: H5GroupHandle, in file: H5FileHandle)
        throws -> (time: H5DatasetHandle, columns: [H5DatasetHandle])?
    {
        var oneD: [H5DatasetHandle] = []
        for case let .dataset(data) in try group.children() where try data.extents.count == 1 {
            if !data.isPhantomDimension { oneD.append(data) }
        }
        let variables = try oneD.filter { try !$0.isScale && $0.type.isNumeric }

        // Files with dimension scales (netCDF-4, xarray): the scale the variables are over.
        var scalePaths: [String] = []
        var scaleOf: [String: String] = [:]
        for variable in variables {
            if let p = try variable.scalePath(dimension: 0) {
                scaleOf[variable.path] = p
                if !scalePaths.contains(p) { scalePaths.append(p) }
            }
        }
        var scales: [H5DatasetHandle] = []
        for p in scalePaths {
            if case let .dataset(d)? = try file.node(at: p), !d.isPhantomDimension { scales.append(d) }
        }
        if !scales.isEmpty {
            let time = try scales.first { $0.name == "time" }
                ?? scales.first { try hasTimeUnits($0) }
                ?? scales[0]
            return (time, variables.filter { scaleOf[$0.path] == time.path })
        }

        // Files without scales (h5py): a dataset named `time`, else one with CF time units.
        guard let time = try oneD.first(where: { $0.name == "time" }) ?? oneD.first(where: { try hasTimeUnits($0) })
        else { return nil }
        let rows = try time.extents[0]
        return (time, try variables.filter { try $0.path != time.path && $0.extents[0] == rows })
    }

    private func hasTimeUnits(_ data: H5DatasetHandle) throws -> Bool {
        (try data.attribute("units")?.stringValue)?.lowercased().contains(" since ") ?? false
    }

    // MARK: Values

    private func series(time: H5DatasetHandle, columns: [H5DatasetHandle]) throws -> TimeSeries {
        let rows = try columns.first?.extents.first ?? time.extents.first ?? 0
        let timestamps = try decodeTime(time, rows: rows, of: columns.first ?? time)
        let result = try columns.map { data in
            let values = try unpack(try data.readDoubles(), attributesOf: data)
            guard values.count == rows else {
                throw HDF5Error.timeLengthMismatch(file: data.file, time: time.path, timeCount: rows,
                                                   object: data.path, rows: values.count)
            }
            return Column(name: data.name, values: values)
        }
        return TimeSeries(timeColumnName: time.name, timestamps: timestamps, columns: result)
    }

    /// Applies CF masking and packing: `_FillValue`/`missing_value` → NaN, then
    /// `value * scale_factor + add_offset`.
    private func unpack(_ values: [Double], attributesOf data: H5DatasetHandle) throws -> [Double] {
        let fill = try data.attribute("_FillValue")?.doubleValue
        let missing = try data.attribute("missing_value")?.doubleValue
        let scale = try data.attribute("scale_factor")?.doubleValue ?? 1
        let offset = try data.attribute("add_offset")?.doubleValue ?? 0
        if fill == nil, missing == nil, scale == 1, offset == 0 { return values }
        return values.map { v in
            if v == fill || v == missing { return .nan }
            return v * scale + offset
        }
    }

    /// The timestamps of time dataset `time`, checked to number `rows` (the rows of `data`).
    private func decodeTime(_ time: H5DatasetHandle, rows: Int, of data: H5DatasetHandle) throws -> [Timestamp] {
        let file = time.file
        let extents = try time.extents
        guard extents.count == 1 else {
            throw HDF5Error.wrongRank(file: file, object: time.path, rank: extents.count,
                                      expected: "1 dimension for a time coordinate")
        }
        guard extents[0] == rows else {
            throw HDF5Error.timeLengthMismatch(file: file, time: time.path, timeCount: extents[0],
                                               object: data.path, rows: rows)
        }
        if let calendar = try time.attribute("calendar")?.stringValue,
           !["standard", "gregorian", "proleptic_gregorian"].contains(calendar.lowercased())
        {
            throw HDF5Error.unsupportedCalendar(file: file, object: time.path, calendar: calendar)
        }
        let type = try time.type
        if type.typeClass == H5T_STRING {
            return try time.readStrings().enumerated().map { row, text in
                guard let t = HDF5TimeUnits.parseDateTime(text),
                      TimestampParser.supportedSeconds.contains(t.secondsSinceEpoch) else {
                    throw HDF5Error.badTimestamp(file: file, object: time.path, row: row, value: "\"\(text)\"")
                }
                return t
            }
        }
        guard type.isNumeric else {
            throw HDF5Error.unsupportedType(
                file: file, object: time.path, found: type.summary,
                expected: "int64 seconds since 1970-01-01, numbers with CF units, or ISO 8601 strings")
        }
        var units = HDF5TimeUnits.unixSeconds
        if let attribute = try time.attribute("units") {
            guard let text = attribute.stringValue else {
                throw HDF5Error.unsupportedType(file: file, object: "\(time.path) attribute \"units\"",
                                                found: "numeric", expected: "a string such as \"\(HDF5TimeUnits.unixSecondsText)\"")
            }
            guard let parsed = HDF5TimeUnits(text) else {
                throw HDF5Error.unsupportedTimeUnits(file: file, object: time.path, units: text)
            }
            units = parsed
        }
        if type.typeClass == H5T_INTEGER {
            return try time.readInt64s().enumerated().map { row, value in
                if value == .min {  // pandas' NaT
                    throw HDF5Error.badTimestamp(file: file, object: time.path, row: row, value: "NaT (\(value))")
                }
                guard let t = units.timestamp(value) else {
                    throw HDF5Error.badTimestamp(file: file, object: time.path, row: row, value: "\(value)")
                }
                return t
            }
        }
        return try time.readDoubles().enumerated().map { row, value in
            guard let t = units.timestamp(value) else {
                throw HDF5Error.badTimestamp(file: file, object: time.path, row: row, value: "\(value)")
            }
            return t
        }
    }
}
