internal import CHDF5
import Foundation

// Small owners of HDF5 identifiers: one `final class` per kind of open object, each closing its
// `hid_t` in `deinit` under ``HDF5Library``'s lock. Files, groups and datasets, which carry a path
// and attributes, are in HDF5Location.swift and HDF5DatasetHandle.swift.

/// Where an error points: the file as the caller spelled it, and the object path inside it.
struct H5Context {
    let file: String
    let object: String

    func failed(_ call: String) -> HDF5Error {
        .libraryCallFailed(file: file, object: object, call: call)
    }

    /// Throws ``HDF5Error/libraryCallFailed(file:object:call:)`` when an HDF5 status is negative.
    func check<Status: BinaryInteger>(_ status: Status, _ call: String) throws {
        if status < 0 { throw failed(call) }
    }

    /// Returns an identifier, or throws when HDF5 returned a negative one.
    func id(_ id: hid_t, _ call: String) throws -> hid_t {
        if id < 0 { throw failed(call) }
        return id
    }
}

/// An open dataspace: the shape of a dataset or attribute.
final class H5Dataspace {
    let id: hid_t

    init(id: hid_t) { self.id = id }

    deinit { HDF5Library.withLock { _ = H5Sclose(id) } }

    /// A simple (array) dataspace of the given extents, `[]` meaning a scalar.
    static func simple(_ extents: [Int], _ context: H5Context) throws -> H5Dataspace {
        try HDF5Library.withLock {
            if extents.isEmpty {
                return H5Dataspace(id: try context.id(H5Screate(H5S_SCALAR), "H5Screate"))
            }
            let dims = extents.map { hsize_t($0) }
            return H5Dataspace(id: try context.id(H5Screate_simple(Int32(dims.count), dims, nil),
                                                  "H5Screate_simple"))
        }
    }

    /// Number of dimensions (0 for a scalar or null dataspace).
    var rank: Int { HDF5Library.withLock { max(0, Int(H5Sget_simple_extent_ndims(id))) } }

    /// Extent of each dimension.
    var extents: [Int] {
        HDF5Library.withLock {
            let rank = Int(H5Sget_simple_extent_ndims(id))
            guard rank > 0 else { return [] }
            var dims = [hsize_t](repeating: 0, count: rank)
            _ = H5Sget_simple_extent_dims(id, &dims, nil)
            return dims.map { Int($0) }
        }
    }

    /// Number of elements (1 for a scalar, 0 for a null dataspace).
    var elementCount: Int { HDF5Library.withLock { max(0, Int(H5Sget_simple_extent_npoints(id))) } }

    var isScalar: Bool { HDF5Library.withLock { H5Sget_simple_extent_type(id) == H5S_SCALAR } }
}

/// An element type: a predefined one (never closed) or one we built or got from an object.
final class H5Datatype {
    let id: hid_t
    private let owned: Bool

    init(id: hid_t, owned: Bool) {
        self.id = id
        self.owned = owned
    }

    deinit {
        if owned { HDF5Library.withLock { _ = H5Tclose(id) } }
    }

    // Predefined types come from the shim: Swift cannot import the H5T_* macros.
    static var nativeDouble: H5Datatype { H5Datatype(id: CHDF5_H5T_NATIVE_DOUBLE(), owned: false) }
    static var nativeFloat: H5Datatype { H5Datatype(id: CHDF5_H5T_NATIVE_FLOAT(), owned: false) }
    static var nativeInt64: H5Datatype { H5Datatype(id: CHDF5_H5T_NATIVE_INT64(), owned: false) }
    static var fileFloat64: H5Datatype { H5Datatype(id: CHDF5_H5T_IEEE_F64LE(), owned: false) }
    static var fileFloat32: H5Datatype { H5Datatype(id: CHDF5_H5T_IEEE_F32LE(), owned: false) }
    static var fileInt64: H5Datatype { H5Datatype(id: CHDF5_H5T_STD_I64LE(), owned: false) }

    /// Variable-length string type in `cset` (UTF-8 unless given), what h5py writes for `str`.
    static func variableString(cset: H5T_cset_t = H5T_CSET_UTF8, _ context: H5Context) throws -> H5Datatype {
        try HDF5Library.withLock {
            let type = H5Datatype(id: try context.id(H5Tcopy(CHDF5_H5T_C_S1()), "H5Tcopy"), owned: true)
            try context.check(H5Tset_size(type.id, CHDF5_H5T_VARIABLE()), "H5Tset_size")
            try context.check(H5Tset_cset(type.id, cset), "H5Tset_cset")
            return type
        }
    }

    /// A copy of this type that we own (to read fixed-length strings in their own layout).
    func copy(_ context: H5Context) throws -> H5Datatype {
        try HDF5Library.withLock { H5Datatype(id: try context.id(H5Tcopy(id), "H5Tcopy"), owned: true) }
    }

    var typeClass: H5T_class_t { HDF5Library.withLock { H5Tget_class(id) } }
    var size: Int { HDF5Library.withLock { Int(H5Tget_size(id)) } }
    var isVariableString: Bool { HDF5Library.withLock { H5Tis_variable_str(id) > 0 } }
    var characterSet: H5T_cset_t { HDF5Library.withLock { H5Tget_cset(id) } }
    var stringPadding: H5T_str_t { HDF5Library.withLock { H5Tget_strpad(id) } }

    /// A short name for messages: "float32", "int64", "string", "compound", ….
    var summary: String {
        HDF5Library.withLock {
            let bits = H5Tget_size(id) * 8
            switch H5Tget_class(id) {
            case H5T_INTEGER: return (H5Tget_sign(id) == H5T_SGN_NONE ? "uint" : "int") + "\(bits)"
            case H5T_FLOAT: return "float\(bits)"
            case H5T_STRING: return "string"
            case H5T_COMPOUND: return "compound"
            case H5T_ENUM: return "enum"
            case H5T_OPAQUE: return "opaque"
            case H5T_REFERENCE: return "reference"
            case H5T_ARRAY: return "array"
            case H5T_VLEN: return "variable-length sequence"
            case H5T_BITFIELD: return "bitfield"
            case H5T_TIME: return "time"
            default: return "unknown-type"
            }
        }
    }

    var isNumeric: Bool {
        let c = typeClass
        return c == H5T_INTEGER || c == H5T_FLOAT
    }

    /// Why this integer or float type's bit layout cannot be converted, or `nil` when it can: its
    /// precision and offset (and a float's sign, exponent and mantissa fields) must lie inside its
    /// `size` bytes. A damaged file can claim 193 significant bits in 8 bytes, and libhdf5 converts
    /// such a value to a different number from one build to the next.
    var numericLayoutProblem: String? {
        HDF5Library.withLock {
            let bits = H5Tget_size(id) * 8
            let precision = H5Tget_precision(id), offset = H5Tget_offset(id)
            guard precision > 0, offset >= 0, precision + Int(offset) <= bits else {
                return "\(precision) significant bits at bit \(offset) of a \(bits)-bit \(summary)"
            }
            guard H5Tget_class(id) == H5T_FLOAT else { return nil }
            var signPosition = 0, exponentPosition = 0, exponentSize = 0, mantissaPosition = 0, mantissaSize = 0
            guard H5Tget_fields(id, &signPosition, &exponentPosition, &exponentSize, &mantissaPosition,
                                &mantissaSize) >= 0 else { return "unreadable float fields" }
            let end = Int(offset) + precision
            let inside = { (position: Int, size: Int) in position >= Int(offset) && size >= 0 && position + size <= end }
            guard inside(signPosition, 1), inside(exponentPosition, exponentSize), inside(mantissaPosition, mantissaSize),
                  exponentSize > 0, mantissaSize > 0 else {
                return "float fields (sign at bit \(signPosition), exponent \(exponentSize) bits at \(exponentPosition), "
                    + "mantissa \(mantissaSize) bits at \(mantissaPosition)) outside its \(precision) significant bits"
            }
            return nil
        }
    }

    /// Checks that values of this type can be read as numbers.
    /// - Throws: ``HDF5Error/unsupportedType(file:object:found:expected:)`` for a type that is not an
    ///   integer or a float, ``HDF5Error/damagedDatatype(file:object:problem:)`` for a damaged layout.
    func checkNumeric(_ context: H5Context, expected: String = "integer or floating-point numbers") throws {
        guard isNumeric else {
            throw HDF5Error.unsupportedType(file: context.file, object: context.object, found: summary, expected: expected)
        }
        if let problem = numericLayoutProblem {
            throw HDF5Error.damagedDatatype(file: context.file, object: context.object, problem: problem)
        }
    }
}

/// A property list we created (file or group creation, file access).
final class H5PropertyList {
    let id: hid_t

    init(class cls: hid_t, _ context: H5Context) throws {
        id = try HDF5Library.withLock { try context.id(H5Pcreate(cls), "H5Pcreate") }
    }

    deinit { HDF5Library.withLock { _ = H5Pclose(id) } }
}

/// An open attribute.
final class H5AttributeHandle {
    let id: hid_t
    let context: H5Context

    init(id: hid_t, context: H5Context) {
        self.id = id
        self.context = context
    }

    deinit { HDF5Library.withLock { _ = H5Aclose(id) } }

    var space: H5Dataspace {
        get throws { try HDF5Library.withLock { H5Dataspace(id: try context.id(H5Aget_space(id), "H5Aget_space")) } }
    }

    var type: H5Datatype {
        get throws { try HDF5Library.withLock { H5Datatype(id: try context.id(H5Aget_type(id), "H5Aget_type"), owned: true) } }
    }

    /// The attribute's value: strings, integers (as `Int64`) or floats (as `Double`); a scalar or a
    /// one-element array comes back as the scalar case only when the dataspace is scalar.
    func read() throws -> HDF5AttributeValue {
        try HDF5Library.withLock {
            let space = try self.space, type = try self.type
            let count = space.elementCount, scalar = space.isScalar
            // Attributes are small (64 KiB in an object header); a damaged dataspace can claim 2^60 elements.
            guard count <= 1 << 24 else {
                throw HDF5Error.implausibleExtent(file: context.file, object: context.object, elements: count,
                                                  elementSize: type.size, storedBytes: Int(clamping: H5Aget_storage_size(id)))
            }
            if type.isNumeric { try type.checkNumeric(context) }
            switch type.typeClass {
            case H5T_STRING:
                let strings = try H5Strings.read(count: count, fileType: type, space: space, context) {
                    H5Aread(id, $0, $1)
                }
                return scalar && strings.count == 1 ? .string(strings[0]) : .strings(strings)
            case H5T_INTEGER:
                var values = [Int64](repeating: 0, count: count)
                if count > 0 {
                    try context.check(H5Aread(id, CHDF5_H5T_NATIVE_INT64(), &values), "H5Aread")
                }
                return scalar && count == 1 ? .int64(values[0]) : .int64s(values)
            case H5T_FLOAT:
                var values = [Double](repeating: 0, count: count)
                if count > 0 {
                    try context.check(H5Aread(id, CHDF5_H5T_NATIVE_DOUBLE(), &values), "H5Aread")
                }
                return scalar && count == 1 ? .double(values[0]) : .doubles(values)
            default:
                throw HDF5Error.unsupportedType(file: context.file, object: context.object,
                                                found: type.summary, expected: "strings or numbers")
            }
        }
    }
}

/// Reading and writing arrays of strings, variable or fixed length.
enum H5Strings {
    /// Reads `count` strings stored with `fileType`; `read(memoryType, buffer)` is `H5Aread` or
    /// `H5Dread` bound to the object. Variable-length strings are freed with `H5Dvlen_reclaim`
    /// (the HDF5 1.10 name of `H5Treclaim`); fixed-length ones are cut at the first NUL and, when
    /// space-padded, trimmed of trailing spaces.
    static func read(count: Int, fileType: H5Datatype, space: H5Dataspace, _ context: H5Context,
                     _ read: (hid_t, UnsafeMutableRawPointer) -> herr_t) throws -> [String] {
        guard count > 0 else { return [] }
        if fileType.isVariableString {
            let memoryType = try H5Datatype.variableString(cset: fileType.characterSet, context)
            var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
            try pointers.withUnsafeMutableBytes { raw in
                try context.check(read(memoryType.id, raw.baseAddress!), "reading strings")
            }
            let strings = pointers.map { $0.map { String(cString: $0) } ?? "" }
            _ = pointers.withUnsafeMutableBytes { raw in
                H5Dvlen_reclaim(memoryType.id, space.id, CHDF5_H5P_DEFAULT(), raw.baseAddress)
            }
            return strings
        }
        let memoryType = try fileType.copy(context)
        let width = memoryType.size
        let spacePadded = fileType.stringPadding == H5T_STR_SPACEPAD
        var bytes = [UInt8](repeating: 0, count: count * width)
        try bytes.withUnsafeMutableBytes { raw in
            try context.check(read(memoryType.id, raw.baseAddress!), "reading strings")
        }
        return (0..<count).map { i in
            var slot = bytes[(i * width)..<((i + 1) * width)]
            if let nul = slot.firstIndex(of: 0) { slot = slot[..<nul] }
            if spacePadded { while slot.last == 0x20 { slot = slot.dropLast() } }
            return String(decoding: slot, as: UTF8.self)
        }
    }

    /// The UTF-8 text in a NUL-terminated buffer that HDF5 filled.
    static func decode(_ buffer: [CChar]) -> String {
        let end = buffer.firstIndex(of: 0) ?? buffer.endIndex
        return String(decoding: buffer[..<end].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Calls `body` with NUL-terminated copies of `strings`, valid only during the call.
    static func withCStrings<T>(_ strings: [String],
                                _ body: (UnsafeMutableRawPointer?) throws -> T) rethrows -> T {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        defer { pointers.forEach { free($0) } }
        return try pointers.withUnsafeMutableBytes { try body($0.baseAddress) }
    }
}
