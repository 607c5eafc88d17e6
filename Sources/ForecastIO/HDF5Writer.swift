internal import CHDF5
import ForecastCore
import Foundation

/// Writes netCDF-4-compatible HDF5 files: what `xarray.open_dataset(path, engine="h5netcdf")`,
/// netCDF-C and h5py all open.
///
/// ```swift
/// try HDF5Writer.writeSeries(series, to: "weather.h5", attributes: ["source": "NOAA"])
/// try HDF5Writer.write(HDF5Group(dimensions: [.time(times)],
///                                variables: [HDF5Variable(name: "forecast", dimensions: ["time"],
///                                                         values: .float64(values))]),
///                      to: "forecast.h5")
/// ```
///
/// What the file holds (per group, see ``HDF5Group``):
/// - each dimension as an HDF5 dimension scale: with coordinates, a 1-D dataset named after the
///   dimension (time as int64 seconds with `units = "seconds since 1970-01-01 00:00:00"` and
///   `calendar = "standard"`, strings as variable-length UTF-8, int64, float64); without, netCDF's
///   "This is a netCDF dimension but not a netCDF variable." dataset;
/// - each variable as a contiguous dataset (float32, float64 or int64) with the scale of every one
///   of its dimensions attached, so all dimensions are labelled (xarray rejects a mix);
/// - attributes: text as scalar variable-length UTF-8 strings, integers as int64, floats as
///   float64/float32, arrays as 1-D arrays; written in name order;
/// - link creation order tracked, so variables list in the order given.
///
/// The file is written to a temporary file in the target directory and renamed over `path` when
/// complete, so a failure never leaves a half-written file (nor removes an existing one). Every
/// name, length and dimension reference is checked before the file is created.
public enum HDF5Writer {
    /// Writes `root` (its attributes, dimensions, variables and groups) as the file at `path`,
    /// replacing any file there.
    /// - Throws: ``HDF5Error/invalidDefinition(file:object:problem:)`` for an unknown dimension, a
    ///   value count that does not match the dimensions, a duplicate or unstorable name; other
    ///   ``HDF5Error``s when the directory is missing or not writable.
    public static func write(_ root: HDF5Group, to path: String) throws {
        try validate(root, path: "/", file: path, outer: [:])
        try HDF5Library.withLock {
            try writeReplacing(path) { file in
                try write(root, into: H5GroupHandle(root: file), outer: [:])
            }
        }
    }

    /// Writes a series as layout B of ``HDF5Reader``: a `time` dimension with datetime
    /// coordinates and one 1-D float64 variable per column over it (NaN for missing values),
    /// named after the columns, in column order; `attributes` go on the root group.
    ///
    /// In xarray this opens as `Dataset` with coordinate `time` (`datetime64[ns]`) and one data
    /// variable per column; `HDF5Reader().read(path:)` reads it back unchanged (the time column
    /// is named `time`).
    /// - Throws: ``HDF5Error/invalidDefinition(file:object:problem:)`` when a column is named
    ///   `time`, contains `/`, or repeats another column's name.
    public static func writeSeries(_ series: TimeSeries, to path: String,
                                   attributes: [String: HDF5AttributeValue] = [:]) throws {
        try write(seriesGroup(series, attributes: attributes), to: path)
    }

    /// The group ``writeSeries(_:to:attributes:)`` writes, to add variables or groups to first.
    public static func seriesGroup(_ series: TimeSeries,
                                   attributes: [String: HDF5AttributeValue] = [:]) -> HDF5Group {
        HDF5Group(attributes: attributes, dimensions: [.time(series.timestamps)],
                  variables: series.columns.map {
                      HDF5Variable(name: $0.name, dimensions: ["time"], values: .float64($0.values))
                  })
    }

    // MARK: Validation (before any file exists)

    /// Attribute names that HDF5's dimension-scale API or netCDF-4 manage themselves.
    static let reservedAttributeNames: Set<String> = [
        "CLASS", "NAME", "DIMENSION_LIST", "REFERENCE_LIST", "_Netcdf4Dimid", "_Netcdf4Coordinates",
        "_NCProperties", "_nc3_strict",
    ]

    private static func validate(_ group: HDF5Group, path: String, file: String,
                                 outer: [String: Int]) throws {
        func invalid(_ object: String, _ problem: String) -> HDF5Error {
            .invalidDefinition(file: file, object: object, problem: problem)
        }
        func child(_ name: String) -> String { path == "/" ? "/" + name : path + "/" + name }
        func checkName(_ name: String, _ what: String) throws {
            if name.isEmpty || name == "." || name.contains("/") {
                throw invalid(child(name), "cannot name a \(what) \"\(name)\"; expected a non-empty name without \"/\"")
            }
        }
        func checkAttributes(_ attributes: [String: HDF5AttributeValue], _ object: String) throws {
            for name in attributes.keys where name.isEmpty || reservedAttributeNames.contains(name) {
                throw invalid(object, "cannot write attribute \"\(name)\"; that name is reserved by HDF5 dimension scales or netCDF-4")
            }
        }
        try checkAttributes(group.attributes, path)
        var scope = outer, names = Set<String>()
        for dimension in group.dimensions {
            try checkName(dimension.name, "dimension")
            guard names.insert(dimension.name).inserted else {
                throw invalid(child(dimension.name), "dimension declared twice in the same group")
            }
            guard dimension.length >= 0 else {
                throw invalid(child(dimension.name), "dimension length \(dimension.length); expected 0 or more")
            }
            if let coordinate = dimension.coordinate, coordinate.count != dimension.length {
                throw invalid(child(dimension.name), "\(coordinate.count) coordinate values for a dimension of length \(dimension.length)")
            }
            try checkAttributes(dimension.attributes, child(dimension.name))
            scope[dimension.name] = dimension.length
        }
        for variable in group.variables {
            try checkName(variable.name, "variable")
            guard names.insert(variable.name).inserted else {
                throw invalid(child(variable.name), "name used twice in the same group (by a dimension or another variable); "
                              + "expected unique names")
            }
            guard Set(variable.dimensions).count == variable.dimensions.count else {
                throw invalid(child(variable.name), "dimension listed twice in \(variable.dimensions); expected distinct dimensions")
            }
            var expected = 1
            for dimension in variable.dimensions {
                guard let length = scope[dimension] else {
                    throw invalid(child(variable.name), "unknown dimension \"\(dimension)\"; expected one declared in this "
                                  + "group or an enclosing one: \(scope.keys.sorted().joined(separator: ", "))")
                }
                expected *= length
            }
            guard variable.values.count == expected else {
                throw invalid(child(variable.name), "\(variable.values.count) values for dimensions "
                              + "\(variable.dimensions) of \(expected) positions; expected one value per position")
            }
            try checkAttributes(variable.attributes, child(variable.name))
        }
        for subgroup in group.groups {
            try checkName(subgroup.name, "group")
            guard names.insert(subgroup.name).inserted else {
                throw invalid(child(subgroup.name), "name used twice in the same group; expected unique names")
            }
            try validate(subgroup, path: child(subgroup.name), file: file, outer: scope)
        }
    }

    // MARK: Writing

    private static func phantomName(length: Int) -> String {
        let digits = String(length)
        return H5DatasetHandle.phantomDimensionPrefix
            + String(repeating: " ", count: max(0, 10 - digits.count)) + digits
    }

    private static func timeAttributes() -> [String: HDF5AttributeValue] {
        ["units": .string(HDF5TimeUnits.unixSecondsText), "calendar": "standard"]
    }

    private static func setAttributes(_ attributes: [String: HDF5AttributeValue], on object: H5Object) throws {
        for name in attributes.keys.sorted() {
            try object.setAttribute(name, attributes[name]!)
        }
    }

    private static func write(_ group: HDF5Group, into handle: H5GroupHandle,
                              outer: [String: (scale: H5DatasetHandle, length: Int)]) throws {
        try setAttributes(group.attributes, on: handle)
        var scales = outer
        for dimension in group.dimensions {
            let scale: H5DatasetHandle
            switch dimension.coordinate {
            case nil:
                scale = try handle.createDataset(dimension.name, type: .fileFloat32, extents: [dimension.length])
                try scale.makeScale(named: phantomName(length: dimension.length))
            case let .time(values)?:
                scale = try handle.createDataset(dimension.name, type: .fileInt64, extents: [values.count])
                try scale.write(values.map(\.secondsSinceEpoch))
                try scale.makeScale(named: dimension.name)
            case let .strings(values)?:
                let type = try H5Datatype.variableString(handle.childContext(dimension.name))
                scale = try handle.createDataset(dimension.name, type: type, extents: [values.count])
                try scale.write(values)
                try scale.makeScale(named: dimension.name)
            case let .int64(values)?:
                scale = try handle.createDataset(dimension.name, type: .fileInt64, extents: [values.count])
                try scale.write(values)
                try scale.makeScale(named: dimension.name)
            case let .float64(values)?:
                scale = try handle.createDataset(dimension.name, type: .fileFloat64, extents: [values.count])
                try scale.write(values)
                try scale.makeScale(named: dimension.name)
            }
            switch dimension.coordinate {
            case nil: break
            case .time?: try setAttributes(timeAttributes().merging(dimension.attributes) { own, _ in own }, on: scale)
            case _?: try setAttributes(dimension.attributes, on: scale)
            }
            scales[dimension.name] = (scale, dimension.length)
        }
        for variable in group.variables {
            let extents = variable.dimensions.map { scales[$0]!.length }
            let dataset: H5DatasetHandle
            switch variable.values {
            case let .float32(values):
                dataset = try handle.createDataset(variable.name, type: .fileFloat32, extents: extents)
                try dataset.write(values.map { $0.isNaN ? .nan : $0 })
            case let .float64(values):
                // One NaN bit pattern (0/0 gives another): the same numbers always give the same bytes.
                dataset = try handle.createDataset(variable.name, type: .fileFloat64, extents: extents)
                try dataset.write(values.map { $0.isNaN ? .nan : $0 })
            case let .int64(values):
                dataset = try handle.createDataset(variable.name, type: .fileInt64, extents: extents)
                try dataset.write(values)
            case let .timestamps(values):
                dataset = try handle.createDataset(variable.name, type: .fileInt64, extents: extents)
                try dataset.write(values.map(\.secondsSinceEpoch))
            case let .strings(values):
                dataset = try handle.createDataset(variable.name, type: try H5Datatype.variableString(handle.childContext(variable.name)),
                                                   extents: extents)
                try dataset.write(values)
            }
            for (index, name) in variable.dimensions.enumerated() {
                try dataset.attach(scales[name]!.scale, toDimension: index)
            }
            var attributes = variable.attributes
            if case .timestamps = variable.values {
                attributes = timeAttributes().merging(attributes) { own, _ in own }
            }
            try setAttributes(attributes, on: dataset)
        }
        for subgroup in group.groups {
            try write(subgroup, into: try handle.createGroup(subgroup.name), outer: scales)
        }
    }

    /// Creates the file under a temporary name beside `path`, lets `body` fill it, closes it and
    /// renames it over `path`. The temporary file is removed on any failure. (Private to HDF5
    /// output until the module's shared atomic-file helper takes over.)
    /// Creates the file in a temporary path beside `path` and renames it into place
    /// (``AtomicFile/withTemporaryPath(for:_:)``), so a failure never leaves a half-written file.
    private static func writeReplacing(_ path: String, _ body: (H5FileHandle) throws -> Void) throws {
        try AtomicFile.withTemporaryPath(for: path) { temporary in
            let file = try H5FileHandle.create(temporary, displayName: path)
            try body(file)
            guard file.close() else {
                throw HDF5Error.libraryCallFailed(file: path, object: "/", call: "H5Fclose")
            }
        }
    }
}
