internal import CHDF5
import Foundation

/// Read access to any HDF5 file by object path: groups, datasets of any shape, attributes.
///
/// ``HDF5Reader`` reads time series in the layouts it knows; this type is for files whose layout
/// the caller knows (model files, Keras weight files):
///
/// ```swift
/// let file = try HDF5File.open("model.weights.h5")
/// let kernel = try file.dataset("layers/lstm/cell/vars/0")   // kernel.shape == [2, 12]
/// let values = try kernel.floats()                           // row-major
/// let names = try file.children(of: "layers")                // ["dense", "lstm"]
/// let config = try file.attribute("model_config")?.stringValue
/// ```
///
/// Paths are absolute or relative to the root (`/a/b` and `a/b` are the same object). Every HDF5
/// call runs under the module's HDF5 lock. The file stays open until the value is released.
public final class HDF5File {
    /// The path as the caller gave it (used in error messages).
    public let path: String
    private let handle: H5FileHandle

    private init(path: String, handle: H5FileHandle) {
        self.path = path
        self.handle = handle
    }

    /// Opens an existing HDF5 file read-only.
    /// - Throws: ``HDF5Error/fileNotFound(file:)``, ``HDF5Error/notHDF5(file:)`` or
    ///   ``HDF5Error/cannotOpen(file:reason:)``.
    public static func open(_ path: String) throws -> HDF5File {
        HDF5File(path: path, handle: try H5FileHandle.open(path))
    }

    private static func normalized(_ objectPath: String) -> String {
        "/" + objectPath.split(separator: "/").joined(separator: "/")
    }

    /// Whether a group or dataset exists at `objectPath`.
    public func exists(_ objectPath: String) -> Bool {
        (try? handle.node(at: objectPath)) != nil
    }

    /// Whether `objectPath` names a group (the root `/` is one).
    public func isGroup(_ objectPath: String) -> Bool {
        if case .group? = try? handle.node(at: objectPath) { return true }
        return false
    }

    /// Names of the groups and datasets directly inside the group at `objectPath`, in creation
    /// order when the file tracks it, else in name order (h5py's default).
    /// - Throws: ``HDF5Error/objectNotFound(file:object:datasets:groups:)`` when there is no group there.
    public func children(of objectPath: String = "/") throws -> [String] {
        guard case let .group(group)? = try handle.node(at: objectPath) else { throw notFound(objectPath, what: "group") }
        return try group.linkNames()
    }

    /// The attribute `name` of the group or dataset at `objectPath`; `nil` when it has no such attribute.
    /// - Throws: ``HDF5Error/objectNotFound(file:object:datasets:groups:)`` when the object is missing,
    ///   ``HDF5Error/unsupportedType(file:object:found:expected:)`` for a type other than strings or numbers.
    public func attribute(_ name: String, of objectPath: String = "/") throws -> HDF5AttributeValue? {
        switch try handle.node(at: objectPath) {
        case let .group(g)?: return try g.attribute(name)
        case let .dataset(d)?: return try d.attribute(name)
        case nil: throw notFound(objectPath, what: "object")
        }
    }

    /// The dataset at `objectPath`.
    /// - Throws: ``HDF5Error/objectNotFound(file:object:datasets:groups:)`` listing the datasets
    ///   of the file when there is no dataset there.
    public func dataset(_ objectPath: String) throws -> HDF5Dataset {
        guard case let .dataset(d)? = try handle.node(at: objectPath) else { throw notFound(objectPath, what: "dataset") }
        return HDF5Dataset(handle: d, file: self)
    }

    private func notFound(_ objectPath: String, what: String) -> HDF5Error {
        let walked = try? handle.walk()
        let datasets = walked?.datasets.map(\.path) ?? []
        let groups = walked?.groups.map(\.path).filter { $0 != "/" } ?? []
        return .objectNotFound(file: path, object: Self.normalized(objectPath), datasets: Array(datasets.prefix(20)),
                               groups: Array(groups.prefix(20)))
    }
}

/// An open dataset of an ``HDF5File``: its shape and whole-array reads.
public final class HDF5Dataset {
    private let handle: H5DatasetHandle
    // Keeps the file open while the dataset is in use.
    private let file: HDF5File

    init(handle: H5DatasetHandle, file: HDF5File) {
        self.handle = handle
        self.file = file
    }

    /// Absolute path inside the file.
    public var path: String { handle.path }

    /// Extent of each dimension, `[]` for a scalar.
    public var shape: [Int] { get throws { try handle.extents } }

    /// Every element as `Float`, row-major (HDF5 converts integer and float types).
    /// - Throws: ``HDF5Error/unsupportedType(file:object:found:expected:)`` for non-numeric data.
    public func floats() throws -> [Float] {
        try HDF5Library.withLock {
            try handle.type.checkNumeric(handle.context)
            let count = try handle.checkedElementCount(memoryElementSize: 4)
            var values = [Float](repeating: 0, count: count)
            if count > 0 {
                try handle.context.check(H5Dread(handle.id, CHDF5_H5T_NATIVE_FLOAT(), CHDF5_H5S_ALL(), CHDF5_H5S_ALL(),
                                                 CHDF5_H5P_DEFAULT(), &values), "H5Dread")
            }
            return values
        }
    }

    /// Every element as `Double`, row-major.
    public func doubles() throws -> [Double] { try handle.readDoubles() }

    /// Every element of a string dataset.
    public func strings() throws -> [String] { try handle.readStrings() }

    /// The attribute `name` of this dataset; `nil` when there is none.
    public func attribute(_ name: String) throws -> HDF5AttributeValue? { try handle.attribute(name) }
}
