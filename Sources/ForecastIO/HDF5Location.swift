internal import CHDF5
import Foundation

/// An open HDF5 object that has a path and attributes: a file (its root group), a group or a dataset.
protocol H5Object: AnyObject {
    var id: hid_t { get }
    var context: H5Context { get }
}

extension H5Object {
    var file: String { context.file }
    var path: String { context.object }

    /// The context of a child named `name`.
    func childContext(_ name: String) -> H5Context {
        H5Context(file: file, object: path == "/" ? "/" + name : path + "/" + name)
    }

    func attributeContext(_ name: String) -> H5Context {
        H5Context(file: file, object: "\(path) attribute \"\(name)\"")
    }

    func hasAttribute(_ name: String) -> Bool {
        HDF5Library.withLock { H5Aexists(id, name) > 0 }
    }

    /// The attribute's value, or `nil` when the object has no attribute of that name.
    func attribute(_ name: String) throws -> HDF5AttributeValue? {
        try HDF5Library.withLock {
            guard H5Aexists(id, name) > 0 else { return nil }
            let context = attributeContext(name)
            let handle = H5AttributeHandle(
                id: try context.id(H5Aopen(id, name, CHDF5_H5P_DEFAULT()), "H5Aopen"), context: context)
            return try handle.read()
        }
    }

    /// Writes (or replaces) an attribute. Text becomes a variable-length UTF-8 string.
    func setAttribute(_ name: String, _ value: HDF5AttributeValue) throws {
        try HDF5Library.withLock {
            let context = attributeContext(name)
            if H5Aexists(id, name) > 0 {
                try context.check(H5Adelete(id, name), "H5Adelete")
            }
            let type: H5Datatype, memoryType: H5Datatype, extents: [Int]
            switch value {
            case .string: (type, extents) = (try .variableString(context), [])
            case let .strings(a): (type, extents) = (try .variableString(context), [a.count])
            case .int64: (type, extents) = (.fileInt64, [])
            case let .int64s(a): (type, extents) = (.fileInt64, [a.count])
            case .double: (type, extents) = (.fileFloat64, [])
            case let .doubles(a): (type, extents) = (.fileFloat64, [a.count])
            case .float: (type, extents) = (.fileFloat32, [])
            case let .floats(a): (type, extents) = (.fileFloat32, [a.count])
            }
            switch value {
            case .string, .strings: memoryType = type
            case .int64, .int64s: memoryType = .nativeInt64
            case .double, .doubles: memoryType = .nativeDouble
            case .float, .floats: memoryType = .nativeFloat
            }
            let space = try H5Dataspace.simple(extents, context)
            let attribute = H5AttributeHandle(
                id: try context.id(H5Acreate2(id, name, type.id, space.id, CHDF5_H5P_DEFAULT(),
                                              CHDF5_H5P_DEFAULT()), "H5Acreate2"),
                context: context)
            if extents.first == 0 { return }
            let status: herr_t
            switch value {
            case let .string(s): status = H5Strings.withCStrings([s]) { H5Awrite(attribute.id, memoryType.id, $0) }
            case let .strings(a): status = H5Strings.withCStrings(a) { H5Awrite(attribute.id, memoryType.id, $0) }
            case var .int64(v): status = H5Awrite(attribute.id, memoryType.id, &v)
            case let .int64s(a): status = a.withUnsafeBytes { H5Awrite(attribute.id, memoryType.id, $0.baseAddress) }
            case var .double(v): status = H5Awrite(attribute.id, memoryType.id, &v)
            case let .doubles(a): status = a.withUnsafeBytes { H5Awrite(attribute.id, memoryType.id, $0.baseAddress) }
            case var .float(v): status = H5Awrite(attribute.id, memoryType.id, &v)
            case let .floats(a): status = a.withUnsafeBytes { H5Awrite(attribute.id, memoryType.id, $0.baseAddress) }
            }
            try context.check(status, "H5Awrite")
        }
    }
}

/// A child of a group, opened.
enum H5Node {
    case group(H5GroupHandle)
    case dataset(H5DatasetHandle)
}

/// A file's root group or any other group: something that holds links.
protocol H5Location: H5Object {}

extension H5Location {
    /// Names of the links in this group, in creation order when the group tracks it (files from
    /// xarray/h5netcdf and from ``HDF5Writer`` do), else in name order (h5py's default).
    func linkNames() throws -> [String] {
        try HDF5Library.withLock {
            var info = H5G_info_t()
            try context.check(H5Gget_info(id, &info), "H5Gget_info")
            guard info.nlinks > 0 else { return [] }
            let lapl = CHDF5_H5P_DEFAULT()
            let order = H5Lget_name_by_idx(id, ".", H5_INDEX_CRT_ORDER, H5_ITER_INC, 0, nil, 0, lapl) >= 0
                ? H5_INDEX_CRT_ORDER : H5_INDEX_NAME
            return try (0..<info.nlinks).map { index in
                let length = H5Lget_name_by_idx(id, ".", order, H5_ITER_INC, index, nil, 0, lapl)
                try context.check(length, "H5Lget_name_by_idx")
                var buffer = [CChar](repeating: 0, count: Int(length) + 1)
                try context.check(H5Lget_name_by_idx(id, ".", order, H5_ITER_INC, index, &buffer,
                                                     buffer.count, lapl), "H5Lget_name_by_idx")
                return H5Strings.decode(buffer)
            }
        }
    }

    /// Opens the child `name` when it is a group or a dataset; `nil` when there is no such link,
    /// the link dangles, or it names something else (a committed datatype).
    func child(_ name: String) -> H5Node? {
        HDF5Library.withLock {
            guard !name.isEmpty, name != ".", H5Lexists(id, name, CHDF5_H5P_DEFAULT()) > 0 else { return nil }
            let objectID = H5Oopen(id, name, CHDF5_H5P_DEFAULT())
            guard objectID >= 0 else { return nil }
            let context = childContext(name)
            switch H5Iget_type(objectID) {
            case H5I_GROUP: return .group(H5GroupHandle(id: objectID, context: context))
            case H5I_DATASET: return .dataset(H5DatasetHandle(id: objectID, context: context))
            default:
                _ = H5Oclose(objectID)
                return nil
            }
        }
    }

    /// The children that are groups and datasets, in ``linkNames()`` order.
    func children() throws -> [H5Node] {
        try linkNames().compactMap { child($0) }
    }

    func createGroup(_ name: String) throws -> H5GroupHandle {
        try HDF5Library.withLock {
            let context = childContext(name)
            let gcpl = try H5PropertyList(class: CHDF5_H5P_GROUP_CREATE(), context)
            try context.check(H5Pset_link_creation_order(gcpl.id, UInt32(H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED)),
                              "H5Pset_link_creation_order")
            try context.check(H5Pset_obj_track_times(gcpl.id, false), "H5Pset_obj_track_times")
            let groupID = H5Gcreate2(id, name, CHDF5_H5P_DEFAULT(), gcpl.id, CHDF5_H5P_DEFAULT())
            return H5GroupHandle(id: try context.id(groupID, "H5Gcreate2"), context: context)
        }
    }

    /// Creates a contiguous dataset of `extents` with element type `type` (without modification
    /// times, like every object we create: the same content gives the same bytes).
    func createDataset(_ name: String, type: H5Datatype, extents: [Int]) throws -> H5DatasetHandle {
        try HDF5Library.withLock {
            let context = childContext(name)
            let space = try H5Dataspace.simple(extents, context)
            let dcpl = try H5PropertyList(class: CHDF5_H5P_DATASET_CREATE(), context)
            try context.check(H5Pset_obj_track_times(dcpl.id, false), "H5Pset_obj_track_times")
            let p = CHDF5_H5P_DEFAULT()
            let datasetID = H5Dcreate2(id, name, type.id, space.id, p, dcpl.id, p)
            return H5DatasetHandle(id: try context.id(datasetID, "H5Dcreate2"), context: context)
        }
    }
}

/// An open HDF5 file; as a location it is the root group `/`.
final class H5FileHandle: H5Location {
    private(set) var id: hid_t
    let context: H5Context

    private init(id: hid_t, file: String) {
        self.id = id
        context = H5Context(file: file, object: "/")
    }

    deinit { close() }

    /// Closes the file now (a second call does nothing). Objects still open in it are closed too:
    /// files are opened with the "strong" close degree, so the file is complete on disk after this.
    @discardableResult
    func close() -> Bool {
        HDF5Library.withLock {
            guard id >= 0 else { return true }
            let status = H5Fclose(id)
            id = -1
            return status >= 0
        }
    }

    /// The file's "size of lengths" in bytes (8 in files from h5py, netCDF-4 and forecast).
    func sizeOfLengths() throws -> Int {
        try HDF5Library.withLock {
            let plist = try context.id(H5Fget_create_plist(id), "H5Fget_create_plist")
            defer { _ = H5Pclose(plist) }
            var addresses = 0, lengths = 0
            try context.check(H5Pget_sizes(plist, &addresses, &lengths), "H5Pget_sizes")
            return lengths
        }
    }

    private static func accessList(_ context: H5Context) throws -> H5PropertyList {
        let fapl = try H5PropertyList(class: CHDF5_H5P_FILE_ACCESS(), context)
        try context.check(H5Pset_fclose_degree(fapl.id, H5F_CLOSE_STRONG), "H5Pset_fclose_degree")
        return fapl
    }

    /// Opens an existing file read-only, after checking that it exists and is HDF5.
    static func open(_ path: String) throws -> H5FileHandle {
        try HDF5Library.withLock {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw HDF5Error.fileNotFound(file: path)
            }
            if isDirectory.boolValue {
                throw HDF5Error.cannotOpen(file: path, reason: "it is a directory; expected an HDF5 file")
            }
            let isHDF5 = H5Fis_hdf5(path)
            if isHDF5 == 0 { throw HDF5Error.notHDF5(file: path) }
            if isHDF5 < 0 {
                throw HDF5Error.cannotOpen(file: path, reason: "HDF5 cannot read it; check its permissions")
            }
            let context = H5Context(file: path, object: "/")
            let fapl = try accessList(context)
            let fileID = H5Fopen(path, CHDF5_H5F_ACC_RDONLY(), fapl.id)
            guard fileID >= 0 else {
                throw HDF5Error.cannotOpen(file: path, reason: "the HDF5 library refused it (a damaged or truncated file?)")
            }
            let file = H5FileHandle(id: fileID, file: path)
            // Before any variable-length read: libhdf5 1.10 loops forever on some damaged global heaps.
            try HDF5GlobalHeapCheck.verify(path: path, sizeOfLengths: try file.sizeOfLengths(), displayName: path)
            return file
        }
    }

    /// Creates (truncating) a file at `path`; errors name `displayName` (the final path when
    /// writing to a temporary file first). The root group tracks link creation order, so readers
    /// list variables in the order they were written. No object records a modification time, so
    /// writing the same content twice gives byte-identical files (what `forecast merge` relies on).
    static func create(_ path: String, displayName: String) throws -> H5FileHandle {
        try HDF5Library.withLock {
            let context = H5Context(file: displayName, object: "/")
            let fapl = try accessList(context)
            let fcpl = try H5PropertyList(class: CHDF5_H5P_FILE_CREATE(), context)
            try context.check(H5Pset_link_creation_order(fcpl.id, UInt32(H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED)),
                              "H5Pset_link_creation_order")
            try context.check(H5Pset_obj_track_times(fcpl.id, false), "H5Pset_obj_track_times")
            let fileID = H5Fcreate(path, CHDF5_H5F_ACC_TRUNC(), fcpl.id, fapl.id)
            guard fileID >= 0 else {
                throw HDF5Error.cannotOpen(file: displayName, reason: "cannot create it; check that the directory exists and is writable")
            }
            return H5FileHandle(id: fileID, file: displayName)
        }
    }

    /// Opens the object at an absolute or root-relative path (`/a/b`, `a/b`); `nil` when any
    /// component is missing.
    func node(at objectPath: String) throws -> H5Node? {
        let components = objectPath.split(separator: "/").map(String.init)
        var current: H5Node = .group(H5GroupHandle(root: self))
        for component in components {
            guard case let .group(group) = current, let next = group.child(component) else { return nil }
            current = next
        }
        return current
    }

    /// Every group and dataset below the root, depth first, with their absolute paths. Stops
    /// descending at `maxDepth` so a link cycle cannot loop forever.
    func walk(maxDepth: Int = 32) throws -> (groups: [H5GroupHandle], datasets: [H5DatasetHandle]) {
        var groups: [H5GroupHandle] = [], datasets: [H5DatasetHandle] = []
        func visit(_ group: H5GroupHandle, depth: Int) throws {
            groups.append(group)
            guard depth < maxDepth else { return }
            for child in try group.children() {
                switch child {
                case let .group(g): try visit(g, depth: depth + 1)
                case let .dataset(d): datasets.append(d)
                }
            }
        }
        try visit(H5GroupHandle(root: self), depth: 0)
        return (groups, datasets)
    }
}

/// An open group (or a view of a file's root group, which borrows the file's identifier).
final class H5GroupHandle: H5Location {
    let id: hid_t
    let context: H5Context
    private let owned: Bool
    // Keeps the file open as long as a view of its root is in use.
    private let rootFile: H5FileHandle?

    init(id: hid_t, context: H5Context) {
        self.id = id
        self.context = context
        owned = true
        rootFile = nil
    }

    init(root: H5FileHandle) {
        id = root.id
        context = root.context
        owned = false
        rootFile = root
    }

    deinit {
        if owned { HDF5Library.withLock { _ = H5Gclose(id) } }
    }
}
