import Foundation

/// Writes an HDF5 file of plain groups, datasets and attributes, in any layout the caller chooses
/// (no netCDF dimensions; for time series use ``HDF5Writer``).
///
/// ```swift
/// try HDF5FileWriter.write(to: "model.weights.h5") { file in
///     try file.createGroup("layers/dense/vars")
///     try file.writeDataset("layers/dense/vars/0", floats: kernel, shape: [16, 24])
///     try file.setAttribute("name", "dense", on: "layers/dense/vars")
/// }
/// ```
///
/// The file is created under a temporary name beside `path` and renamed over it only when `body`
/// returns and the file is closed, so an error (thrown by `body` or by HDF5) never leaves a
/// half-written file, and an existing file at `path` stays as it was.
public final class HDF5FileWriter {
    private let handle: H5FileHandle
    private let displayPath: String

    private init(handle: H5FileHandle, displayPath: String) {
        self.handle = handle
        self.displayPath = displayPath
    }

    /// Creates the file at `path` through `body`, atomically (see the type's documentation).
    /// - Throws: whatever `body` throws, ``HDF5Error`` or ``AtomicFileError`` naming `path`.
    public static func write(to path: String, _ body: (HDF5FileWriter) throws -> Void) throws {
        try HDF5Library.withLock {
            try AtomicFile.withTemporaryPath(for: path) { temporary in
                let handle = try H5FileHandle.create(temporary, displayName: path)
                let writer = HDF5FileWriter(handle: handle, displayPath: path)
                try body(writer)
                guard handle.close() else { throw HDF5Error.libraryCallFailed(file: path, object: "/", call: "H5Fclose") }
            }
        }
    }

    private func components(_ objectPath: String) throws -> [String] {
        let parts = objectPath.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        if parts.contains(".") || parts.contains("..") {
            throw HDF5Error.invalidDefinition(file: displayPath, object: objectPath, problem: "\".\" and \"..\" cannot name an object")
        }
        return parts
    }

    /// The group at `parts`, creating missing groups on the way.
    private func group(_ parts: [String]) throws -> H5GroupHandle {
        var current = H5GroupHandle(root: handle)
        for part in parts {
            switch current.child(part) {
            case let .group(g)?: current = g
            case .dataset?:
                throw HDF5Error.invalidDefinition(file: displayPath, object: current.childContext(part).object,
                                                  problem: "is a dataset; expected a group")
            case nil: current = try current.createGroup(part)
            }
        }
        return current
    }

    /// Creates the group at `objectPath` and any missing group above it (like `mkdir -p`).
    public func createGroup(_ objectPath: String) throws {
        _ = try group(components(objectPath))
    }

    /// Writes a little-endian float32 dataset of `shape` (`[]` for a scalar) holding `floats`
    /// row-major; missing groups above it are created.
    /// - Throws: ``HDF5Error/invalidDefinition(file:object:problem:)`` when the count does not match
    ///   the shape or the name is taken.
    public func writeDataset(_ objectPath: String, floats: [Float], shape: [Int]) throws {
        let parts = try components(objectPath)
        guard let name = parts.last else {
            throw HDF5Error.invalidDefinition(file: displayPath, object: "/", problem: "a dataset needs a name")
        }
        guard shape.allSatisfy({ $0 >= 0 }), shape.reduce(1, *) == floats.count else {
            throw HDF5Error.invalidDefinition(file: displayPath, object: objectPath,
                                              problem: "\(floats.count) values for shape \(shape); expected one value per position")
        }
        let parent = try group(Array(parts.dropLast()))
        if parent.child(name) != nil {
            throw HDF5Error.invalidDefinition(file: displayPath, object: objectPath, problem: "written twice; expected unique names")
        }
        let dataset = try parent.createDataset(name, type: .fileFloat32, extents: shape)
        try dataset.write(floats)
    }

    /// Sets the attribute `name` of the group or dataset at `objectPath` (creating a missing group).
    public func setAttribute(_ name: String, _ value: HDF5AttributeValue, on objectPath: String = "/") throws {
        let parts = try components(objectPath)
        if let last = parts.last, case let .dataset(d)? = try group(Array(parts.dropLast())).child(last) {
            try d.setAttribute(name, value)
        } else {
            try group(parts).setAttribute(name, value)
        }
    }
}
