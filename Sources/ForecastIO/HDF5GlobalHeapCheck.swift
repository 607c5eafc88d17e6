import Foundation

/// Refuses an HDF5 file whose global heap would make libhdf5 1.10 loop forever, before the library
/// reads any of it.
///
/// Variable-length data (strings in attributes and datasets, dimension-scale lists) lives in *global
/// heap collections*: blocks that start with `GCOL`, a version byte (1), three reserved bytes (never
/// checked) and the collection's size, followed by objects, each with a 16-byte header (index, reference count,
/// reserved, size) and its data. libhdf5 1.10.x (Debian's 1.10.8 here) decodes a collection in
/// `H5HG__cache_heap_deserialize` by walking the objects with `p = begin + need`, where `need` is the
/// recorded size of object 0 (free space) itself, or header plus aligned size for any other object.
/// A damaged collection whose free-space object records size 0 never advances `p`: `H5Aread` (and
/// `H5DSget_num_scales`) spin inside `H5HG_read → H5AC_protect → H5C_protect` with no way out (see
/// `Fuzz/regressions/*/README.md`). The same walk with a huge size runs `p` past the block, after
/// which the library reads outside it.
///
/// libhdf5 only decodes a collection at an address that starts with `GCOL` and version 1, so this
/// check walks every such place in the file the same way and refuses the file at the first collection
/// that would not advance, would leave its block, or reaches past the end of the file. Intact files
/// pass: their objects tile each collection exactly. Cost: one pass over the file's bytes (mapped).
enum HDF5GlobalHeapCheck {
    /// `GCOL`, version 1.
    private static let signature: [UInt8] = Array("GCOL".utf8) + [1]

    /// Throws ``HDF5Error/damagedGlobalHeap(file:offset:problem:)`` for the first collection libhdf5
    /// could not decode; `sizeOfLengths` is the file's "size of lengths" (8 in every file h5py,
    /// netCDF-4 and forecast write), `displayName` the name errors use.
    static func verify(path: String, sizeOfLengths: Int, displayName: String) throws {
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) else { return }
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            guard let base = bytes.baseAddress else { return }
            var from = 0
            while from + signature.count <= bytes.count,
                  let hit = memchr(base + from, Int32(signature[0]), bytes.count - from) {
                let offset = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                from = offset + 1
                guard offset + signature.count <= bytes.count,
                      (1..<signature.count).allSatisfy({ bytes[offset + $0] == signature[$0] }) else { continue }
                if let problem = problem(in: bytes, at: offset, sizeOfLengths: sizeOfLengths) {
                    throw HDF5Error.damagedGlobalHeap(file: displayName, offset: offset, problem: problem)
                }
            }
        }
    }

    /// What is wrong with the collection starting at `offset`, walked as libhdf5 1.10 walks it; `nil`
    /// when the walk ends at the collection's end (or the bytes there are not a collection header).
    static func problem(in bytes: UnsafeBufferPointer<UInt8>, at offset: Int, sizeOfLengths: Int) -> String? {
        let length = sizeOfLengths
        guard [2, 4, 8].contains(length) else { return nil }
        let headerSize = 8 + length                      // magic, version, reserved, size
        let objectHeaderSize = 8 + length                // index, references, reserved, size
        guard offset + headerSize <= bytes.count else { return nil }   // libhdf5 skips the reserved bytes unread
        func number(_ at: Int, _ width: Int) -> UInt64 {
            var value: UInt64 = 0
            for i in (0..<width).reversed() { value = value << 8 | UInt64(bytes[at + i]) }
            return value
        }
        let size = number(offset + 4 + 4, length)
        guard size >= UInt64(headerSize) else { return nil }   // libhdf5 walks nothing
        guard size <= UInt64(bytes.count - offset) else {
            return "its size (\(size) bytes) reaches past the end of the file (\(bytes.count) bytes)"
        }
        let end = Int(size)
        var p = headerSize
        while p < end {
            if p + objectHeaderSize > end { break }              // the tail too small for a header: free space
            let index = number(offset + p, 2)
            let objectSize = number(offset + p + 8, length)
            let need: UInt64
            if index > 0 {
                // Header plus the size rounded up to 8, saturating: a damaged size near 2^64 must not trap.
                let (aligned, overflow) = objectSize.addingReportingOverflow(7)
                let (total, overflow2) = (aligned & ~7).addingReportingOverflow(UInt64(objectHeaderSize))
                need = overflow || overflow2 ? .max : total
            } else {
                need = objectSize
            }
            if need == 0 {
                return "its free-space object at byte \(offset + p) records a size of 0 (libhdf5 1.10 would loop on it forever)"
            }
            guard need <= UInt64(end - p) else {
                return "object \(index) at byte \(offset + p) records \(objectSize) bytes, more than the "
                    + "\(end - p) left in the collection"
            }
            p += Int(need)
        }
        return nil
    }
}
