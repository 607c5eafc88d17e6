internal import CHDF5
import Foundation

/// An open dataset: its shape and type, whole-array reads and writes, and dimension scales.
final class H5DatasetHandle: H5Object {
    let id: hid_t
    let context: H5Context

    init(id: hid_t, context: H5Context) {
        self.id = id
        self.context = context
    }

    deinit { HDF5Library.withLock { _ = H5Dclose(id) } }

    /// Last path component (`temp` for `/group/temp`).
    var name: String { path.split(separator: "/").last.map(String.init) ?? path }

    var space: H5Dataspace {
        get throws { try HDF5Library.withLock { H5Dataspace(id: try context.id(H5Dget_space(id), "H5Dget_space")) } }
    }

    var type: H5Datatype {
        get throws { try HDF5Library.withLock { H5Datatype(id: try context.id(H5Dget_type(id), "H5Dget_type"), owned: true) } }
    }

    /// Extent of each dimension (`[]` for a scalar).
    var extents: [Int] { get throws { try space.extents } }

    // MARK: Reading whole arrays

    /// The number of elements to read, after checking that the dataspace's extent agrees with what the
    /// file stores for the dataset: a damaged dataspace can claim 2^60 elements, and allocating for it
    /// would end the process. The logical size may exceed the stored bytes only by deflate's largest
    /// ratio (1032:1) when the dataset is filtered, and only up to 16 MiB when it is not (chunks never
    /// written read as fill values).
    /// - Throws: ``HDF5Error/implausibleExtent(file:object:elements:elementSize:storedBytes:)``.
    func checkedElementCount(memoryElementSize: Int) throws -> Int {
        try HDF5Library.withLock {
            let count = try space.elementCount
            let typeSize = max(1, try type.size)
            let stored = Int(clamping: H5Dget_storage_size(id))
            var filters: Int32 = 0
            let dcpl = H5Dget_create_plist(id)
            if dcpl >= 0 {
                filters = H5Pget_nfilters(dcpl)
                _ = H5Pclose(dcpl)
            }
            let (fileBytes, o1) = count.multipliedReportingOverflow(by: typeSize)
            let (memoryBytes, o2) = count.multipliedReportingOverflow(by: max(1, memoryElementSize))
            let (compressed, o3) = stored.multipliedReportingOverflow(by: 1032)
            let limit = max(16 << 20, filters > 0 ? (o3 ? Int.max : compressed) : stored)
            if o1 || o2 || fileBytes > limit || memoryBytes > limit * max(1, memoryElementSize) {
                throw HDF5Error.implausibleExtent(file: file, object: path, elements: count, elementSize: typeSize,
                                                  storedBytes: stored)
            }
            return count
        }
    }

    /// Every element converted to `Double` (HDF5 converts integer and float types), row-major.
    func readDoubles() throws -> [Double] {
        try HDF5Library.withLock {
            try self.type.checkNumeric(context)
            let count = try checkedElementCount(memoryElementSize: 8)
            var values = [Double](repeating: 0, count: count)
            if count > 0 {
                try context.check(H5Dread(id, CHDF5_H5T_NATIVE_DOUBLE(), CHDF5_H5S_ALL(), CHDF5_H5S_ALL(),
                                          CHDF5_H5P_DEFAULT(), &values), "H5Dread")
            }
            return values
        }
    }

    /// Every element of an integer dataset as `Int64`.
    func readInt64s() throws -> [Int64] {
        try HDF5Library.withLock {
            let type = try self.type
            guard type.typeClass == H5T_INTEGER else {
                throw HDF5Error.unsupportedType(file: file, object: path, found: type.summary, expected: "integers")
            }
            try type.checkNumeric(context, expected: "integers")
            let count = try checkedElementCount(memoryElementSize: 8)
            var values = [Int64](repeating: 0, count: count)
            if count > 0 {
                try context.check(H5Dread(id, CHDF5_H5T_NATIVE_INT64(), CHDF5_H5S_ALL(), CHDF5_H5S_ALL(),
                                          CHDF5_H5P_DEFAULT(), &values), "H5Dread")
            }
            return values
        }
    }

    /// Every element of a string dataset, variable or fixed length.
    func readStrings() throws -> [String] {
        try HDF5Library.withLock {
            let type = try self.type, space = try self.space
            guard type.typeClass == H5T_STRING else {
                throw HDF5Error.unsupportedType(file: file, object: path, found: type.summary, expected: "strings")
            }
            return try H5Strings.read(count: checkedElementCount(memoryElementSize: 8), fileType: type, space: space, context) {
                H5Dread(id, $0, CHDF5_H5S_ALL(), CHDF5_H5S_ALL(), CHDF5_H5P_DEFAULT(), $1)
            }
        }
    }

    // MARK: Writing whole arrays

    func write(_ values: [Double]) throws {
        try write(values, memoryType: .nativeDouble)
    }

    func write(_ values: [Float]) throws {
        try write(values, memoryType: .nativeFloat)
    }

    func write(_ values: [Int64]) throws {
        try write(values, memoryType: .nativeInt64)
    }

    /// Writes strings into a variable-length string dataset.
    func write(_ strings: [String]) throws {
        guard !strings.isEmpty else { return }
        try HDF5Library.withLock {
            let memoryType = try self.type
            let status = H5Strings.withCStrings(strings) {
                H5Dwrite(id, memoryType.id, CHDF5_H5S_ALL(), CHDF5_H5S_ALL(), CHDF5_H5P_DEFAULT(), $0)
            }
            try context.check(status, "H5Dwrite")
        }
    }

    private func write<T>(_ values: [T], memoryType: H5Datatype) throws {
        guard !values.isEmpty else { return }
        try HDF5Library.withLock {
            let status = values.withUnsafeBytes {
                H5Dwrite(id, memoryType.id, CHDF5_H5S_ALL(), CHDF5_H5S_ALL(), CHDF5_H5P_DEFAULT(), $0.baseAddress)
            }
            try context.check(status, "H5Dwrite")
        }
    }

    // MARK: Dimension scales (hdf5_hl's H5DS API, what netCDF-4 builds dimensions from)

    /// Whether this dataset is a dimension scale (a netCDF dimension or coordinate variable).
    var isScale: Bool { HDF5Library.withLock { H5DSis_scale(id) > 0 } }

    /// The scale's `NAME` (the dimension name), or `nil` when it has none.
    var scaleName: String? {
        HDF5Library.withLock {
            let length = H5DSget_scale_name(id, nil, 0)
            guard length > 0 else { return nil }
            var buffer = [CChar](repeating: 0, count: Int(length) + 1)
            guard H5DSget_scale_name(id, &buffer, buffer.count) > 0 else { return nil }
            return H5Strings.decode(buffer)
        }
    }

    /// The netCDF convention for a dimension with no coordinate variable: a scale whose `NAME`
    /// starts with this text. Such datasets hold no data and are not variables.
    static let phantomDimensionPrefix = "This is a netCDF dimension but not a netCDF variable."

    /// Whether this dataset only declares a netCDF dimension without coordinates.
    var isPhantomDimension: Bool {
        scaleName?.hasPrefix(Self.phantomDimensionPrefix) ?? false
    }

    /// Makes this dataset a dimension scale named `dimensionName`.
    func makeScale(named dimensionName: String) throws {
        try HDF5Library.withLock { try context.check(H5DSset_scale(id, dimensionName), "H5DSset_scale") }
    }

    /// Attaches `scale` to dimension `dimension` of this dataset.
    func attach(_ scale: H5DatasetHandle, toDimension dimension: Int) throws {
        try HDF5Library.withLock {
            try context.check(H5DSattach_scale(id, scale.id, UInt32(dimension)), "H5DSattach_scale")
        }
    }

    /// Absolute path of the first scale attached to `dimension`, or `nil` when none is.
    func scalePath(dimension: Int) throws -> String? {
        try HDF5Library.withLock {
            var buffer = [CChar](repeating: 0, count: 1024)
            var length = CHDF5_firstScalePath(id, UInt32(dimension), &buffer, buffer.count)
            if length >= buffer.count {
                buffer = [CChar](repeating: 0, count: Int(length) + 1)
                length = CHDF5_firstScalePath(id, UInt32(dimension), &buffer, buffer.count)
            }
            try context.check(length, "H5DSiterate_scales")
            return length == 0 ? nil : H5Strings.decode(buffer)
        }
    }
}
