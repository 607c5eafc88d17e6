#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
internal import CGzip

/// Splits a delimited file into records, reading it in fixed-size chunks with `read(2)`.
///
/// Only the bytes of the chunk being parsed (plus the unfinished record carried over from the
/// chunk before) are held, so the file's size is bounded by the parsed columns, not by its text.
/// ``next()`` leaves the current record's fields as byte ranges into ``buffer``: valid until the
/// next call. Implements RFC 4180: fields may be quoted with `"`; a quoted field may hold the
/// delimiter, line breaks and doubled quotes (`""` for `"`). Records end in LF, CRLF or a lone CR.
/// A UTF-8 byte-order mark at the start is skipped. A file that starts with gzip's signature
/// (`1f 8b`) is decompressed as it is read, through zlib, whatever its name.
struct CSVRecordScanner: ~Copyable {
    /// Bytes read per `read(2)` call.
    static let chunkSize = 1 << 20

    /// The name errors use (``InputSource/displayName(_:)``).
    let path: String
    private let fd: Int32
    /// zlib's reader when the file is gzip-compressed (it owns `fd` then).
    private let gz: gzFile?
    /// Bytes `[start, end)` of `buffer` are read but not yet consumed.
    private(set) var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var start = 0
    private var end = 0
    private var atEOF = false
    /// Total bytes of the file, from `fstat` (0 when unknown, or compressed).
    let fileSize: Int
    /// Bytes consumed so far (records returned).
    private(set) var consumed = 0

    /// The delimiter byte; set before the first ``next()`` call.
    var delimiter: UInt8 = UInt8(ascii: ",")
    /// 1-based line on which the record returned by the last ``next()`` starts.
    private(set) var recordLine = 0
    /// 1-based line of the next record.
    private var nextLine = 1

    /// Field `k` of the current record is `buffer[fieldStarts[k] ..< fieldEnds[k]]` (quotes removed),
    /// with doubled quotes still doubled when `fieldEscaped[k]`.
    private(set) var fieldStarts: UnsafeMutablePointer<Int>
    private(set) var fieldEnds: UnsafeMutablePointer<Int>
    private(set) var fieldEscaped: UnsafeMutablePointer<Bool>
    private var fieldCapacity = 64
    private var scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
    private var scratchCapacity = 256
    /// Number of fields in the current record.
    private(set) var fieldCount = 0

    /// Opens `path` for reading; standard input and other streams through their spooled copy
    /// (``InputSource``). Errors name the file as ``InputSource/displayName(_:)`` does.
    /// - Throws: ``CSVError/cannotOpen(path:reason:)``.
    init(path given: String) throws(CSVError) {
        let path = InputSource.displayName(given)
        self.path = path
        let readable = try InputSource.readablePath(given)
        let fd = open(readable, O_RDONLY)
        guard fd >= 0 else { throw .cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw .cannotOpen(path: path, reason: String(cString: strerror(EISDIR)))
        }
        var magic: (UInt8, UInt8) = (0, 0)
        let isGzip = withUnsafeMutableBytes(of: &magic) { pread(fd, $0.baseAddress!, 2, 0) } == 2
            && magic.0 == 0x1F && magic.1 == 0x8B
        if isGzip {
            guard let gz = gzdopen(fd, "rb") else {
                close(fd)
                throw .cannotOpen(path: path, reason: "zlib cannot open the gzip stream")
            }
            gzbuffer(gz, UInt32(Self.chunkSize))
            self.gz = gz
        } else {
            self.gz = nil
        }
        self.fd = fd
        fileSize = isGzip ? 0 : Int(info.st_size)
        capacity = Self.chunkSize * 2
        buffer = .allocate(capacity: capacity)
        fieldStarts = .allocate(capacity: fieldCapacity)
        fieldEnds = .allocate(capacity: fieldCapacity)
        fieldEscaped = .allocate(capacity: fieldCapacity)
    }

    deinit {
        if let gz { gzclose_r(gz) } else { close(fd) }
        buffer.deallocate()
        fieldStarts.deallocate()
        fieldEnds.deallocate()
        fieldEscaped.deallocate()
        scratch.deallocate()
    }

    /// Bytes of field `k` of the current record, quotes removed (doubled quotes still doubled when
    /// `fieldEscaped[k]`).
    @inline(__always)
    func field(_ k: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: buffer + fieldStarts[k], count: fieldEnds[k] - fieldStarts[k])
    }

    /// Field `k` as a `String`, doubled quotes undoubled.
    func string(_ k: Int) -> String {
        let bytes = field(k)
        guard fieldEscaped[k] else { return String(decoding: bytes, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            out.append(bytes[i])
            i += bytes[i] == UInt8(ascii: "\"") ? 2 : 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Field `k` with doubled quotes undoubled: the field itself when it holds none, else a copy
    /// in a scratch buffer that the next call overwrites.
    @inline(__always)
    mutating func cell(_ k: Int) -> UnsafeBufferPointer<UInt8> {
        let bytes = field(k)
        guard fieldEscaped[k] else { return bytes }
        if scratchCapacity < bytes.count {
            scratch.deallocate()
            scratchCapacity = max(bytes.count, scratchCapacity * 2)
            scratch = .allocate(capacity: scratchCapacity)
        }
        var i = 0, n = 0
        while i < bytes.count {
            scratch[n] = bytes[i]; n += 1
            i += bytes[i] == UInt8(ascii: "\"") ? 2 : 1
        }
        return UnsafeBufferPointer(start: scratch, count: n)
    }

    /// Returns the bytes of the first line (up to 64 KiB) without consuming them, for delimiter
    /// detection; skips a byte-order mark first.
    mutating func peekFirstLine() throws(CSVError) -> UnsafeBufferPointer<UInt8> {
        while !atEOF, end - start < 65_536 { try fill() }
        if consumed == 0, end - start >= 3, buffer[start] == 0xEF, buffer[start + 1] == 0xBB, buffer[start + 2] == 0xBF {
            start += 3; consumed = 3
        }
        var i = start
        while i < end, buffer[i] != 0x0A, buffer[i] != 0x0D { i += 1 }
        return UnsafeBufferPointer(start: buffer + start, count: i - start)
    }

    /// Consumes the lines before the header that start with `#` (comment lines such as the
    /// reproducibility stamps ``CSVWriter`` writes) and blank lines.
    /// - Returns: the comment lines' text after the `#` and one optional space.
    mutating func skipLeadingComments() throws(CSVError) -> [String] {
        try skipBOM()
        var comments: [String] = []
        while true {
            // Make sure a whole line (or the rest of the file) is in the buffer.
            var i = start
            while true {
                while i < end, buffer[i] != 0x0A, buffer[i] != 0x0D { i += 1 }
                if i < end || atEOF { break }
                let offset = i - start
                try fill()
                i = start + offset
            }
            if i == start, i < end {
                // Blank line.
                let step = buffer[i] == 0x0D && i + 1 < end && buffer[i + 1] == 0x0A ? 2 : 1
                start += step; consumed += step; nextLine += 1
                continue
            }
            guard i > start, buffer[start] == UInt8(ascii: "#") else { return comments }
            var textStart = start + 1
            if textStart < i, buffer[textStart] == 0x20 { textStart += 1 }
            comments.append(String(decoding: UnsafeBufferPointer(start: buffer + textStart, count: i - textStart), as: UTF8.self))
            var next = i
            if next < end { next += buffer[next] == 0x0D && next + 1 < end && buffer[next + 1] == 0x0A ? 2 : 1 }
            consumed += next - start
            start = next
            nextLine += 1
            if start == end, !atEOF { try fill() }
        }
    }

    /// Skips a leading byte-order mark (if not already skipped).
    private mutating func skipBOM() throws(CSVError) {
        while !atEOF, end - start < 3 { try fill() }
        if consumed == 0, end - start >= 3, buffer[start] == 0xEF, buffer[start + 1] == 0xBB, buffer[start + 2] == 0xBF {
            start += 3; consumed = 3
        }
    }

    /// Moves the unconsumed bytes to the front (growing the buffer when a single record fills it)
    /// and reads the next chunk.
    private mutating func fill() throws(CSVError) {
        if start > 0 {
            let remaining = end - start
            if remaining > 0 { memmove(buffer, buffer + start, remaining) }
            start = 0; end = remaining
        }
        if capacity - end < Self.chunkSize {
            let newCapacity = max(capacity * 2, end + Self.chunkSize)
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
            grown.update(from: buffer, count: end)
            buffer.deallocate()
            buffer = grown; capacity = newCapacity
        }
        if let gz {
            let n = Int(gzread(gz, buffer + end, UInt32(Self.chunkSize)))
            var code: Int32 = 0
            let message = gzerror(gz, &code).map { String(cString: $0) } ?? "unknown zlib error"
            // zlib reports a truncated stream (Z_BUF_ERROR) only through gzerror, after the bytes it could read.
            if n < 0 || (n == 0 && code != Z_OK) {
                throw .readFailed(path: path, reason: "the gzip data is corrupt or truncated (\(message))")
            }
            if n == 0 { atEOF = true } else { end += n }
            return
        }
        while true {
            let n = read(fd, buffer + end, Self.chunkSize)
            if n < 0 {
                if errno == EINTR { continue }
                throw .readFailed(path: path, reason: String(cString: strerror(errno)))
            }
            if n == 0 { atEOF = true } else { end += n }
            return
        }
    }

    private mutating func growFields() {
        let newCapacity = fieldCapacity * 2
        let s = UnsafeMutablePointer<Int>.allocate(capacity: newCapacity)
        let e = UnsafeMutablePointer<Int>.allocate(capacity: newCapacity)
        let q = UnsafeMutablePointer<Bool>.allocate(capacity: newCapacity)
        s.update(from: fieldStarts, count: fieldCapacity)
        e.update(from: fieldEnds, count: fieldCapacity)
        q.update(from: fieldEscaped, count: fieldCapacity)
        fieldStarts.deallocate(); fieldEnds.deallocate(); fieldEscaped.deallocate()
        fieldStarts = s; fieldEnds = e; fieldEscaped = q
        fieldCapacity = newCapacity
    }

    private static let lfPattern: UInt64 = 0x0A0A_0A0A_0A0A_0A0A
    private static let crPattern: UInt64 = 0x0D0D_0D0D_0D0D_0D0D

    /// High bit set in each byte of `x` that is zero (and possibly in bytes above such a byte).
    @inline(__always)
    private static func zeroBytes(_ x: UInt64) -> UInt64 {
        (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
    }

    /// What scanning one record found.
    private enum ScanResult { case record, needMoreData, endOfFile }

    /// Advances to the next record, skipping blank lines.
    /// - Returns: `false` at the end of the file.
    /// - Throws: ``CSVError/unterminatedQuote(path:line:column:)``,
    ///   ``CSVError/textAfterClosingQuote(path:line:column:)``, ``CSVError/readFailed(path:reason:)``.
    mutating func next() throws(CSVError) -> Bool {
        if consumed == 0 { try skipBOM() }
        while true {
            switch try scanRecord() {
            case .record:
                // A blank line is one empty unquoted field: skip it.
                if fieldCount == 1, fieldStarts[0] == fieldEnds[0], !fieldEscaped[0],
                   fieldStarts[0] == 0 || buffer[fieldStarts[0] - 1] != UInt8(ascii: "\"") {
                    continue
                }
                return true
            case .endOfFile:
                return false
            case .needMoreData:
                try fill()
            }
        }
    }

    /// Scans one record starting at `start`. On `.record` advances `start` past it.
    private mutating func scanRecord() throws(CSVError) -> ScanResult {
        let b = buffer
        let end = self.end
        let eof = atEOF
        let delimiter = self.delimiter
        let quote = UInt8(ascii: "\""), lf: UInt8 = 0x0A, cr: UInt8 = 0x0D
        let delimiterPattern = UInt64(delimiter) &* 0x0101_0101_0101_0101
        var p = start
        if p == end { return eof ? .endOfFile : .needMoreData }
        var count = 0
        var extraLines = 0
        while true {
            if count == fieldCapacity { growFields() }
            if p < end, b[p] == quote {
                // Quoted field.
                let openLine = nextLine + extraLines
                p += 1
                let contentStart = p
                var escaped = false
                while true {
                    while p < end, b[p] != quote {
                        if b[p] == lf { extraLines += 1 }
                        p += 1
                    }
                    if p == end {
                        if eof { throw .unterminatedQuote(path: path, line: openLine, column: count + 1) }
                        return .needMoreData
                    }
                    // b[p] is a quote: doubled, or closing.
                    if p + 1 == end, !eof { return .needMoreData }
                    if p + 1 < end, b[p + 1] == quote { escaped = true; p += 2; continue }
                    break
                }
                fieldStarts[count] = contentStart
                fieldEnds[count] = p
                fieldEscaped[count] = escaped
                count += 1
                p += 1
                if p < end {
                    let c = b[p]
                    if c != delimiter, c != lf, c != cr {
                        throw .textAfterClosingQuote(path: path, line: nextLine + extraLines, column: count)
                    }
                }
            } else {
                let fieldStart = p
                // Eight bytes at a time: the lowest byte equal to the delimiter, LF or CR ends the
                // field (SWAR zero-byte test; its false positives only follow a true match).
                scan: while p &+ 8 <= end {
                    let word = UnsafeRawPointer(b + p).loadUnaligned(as: UInt64.self)
                    let hits = Self.zeroBytes(word ^ delimiterPattern) | Self.zeroBytes(word ^ Self.lfPattern)
                        | Self.zeroBytes(word ^ Self.crPattern)
                    if hits != 0 {
                        p &+= hits.littleEndian.trailingZeroBitCount >> 3
                        break scan
                    }
                    p &+= 8
                }
                while p < end {
                    let c = b[p]
                    if c == delimiter || c == lf || c == cr { break }
                    p += 1
                }
                if p == end, !eof { return .needMoreData }
                fieldStarts[count] = fieldStart
                fieldEnds[count] = p
                fieldEscaped[count] = false
                count += 1
            }
            // After a field: delimiter, line end or end of file.
            if p == end { break }   // eof here (need-more cases returned above)
            let c = b[p]
            if c == delimiter { p += 1; continue }
            if c == cr {
                if p + 1 == end, !eof { return .needMoreData }
                p += 1
                if p < end, b[p] == lf { p += 1 }
            } else {
                p += 1   // lf
            }
            break
        }
        fieldCount = count
        consumed += p - start
        start = p
        recordLine = nextLine
        nextLine += 1 + extraLines
        return .record
    }
}
