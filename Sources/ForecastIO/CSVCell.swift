/// Helpers over one cell's bytes, shared by the reader's steps.
enum CSVCell {
    /// The cell without leading and trailing spaces.
    @inline(__always)
    static func trimmed(_ cell: UnsafeBufferPointer<UInt8>) -> (UnsafePointer<UInt8>, Int) {
        guard let base = cell.baseAddress else { return (UnsafePointer(bitPattern: 1)!, 0) }
        var start = 0, end = cell.count
        while start < end, base[start] == 0x20 { start += 1 }
        while end > start, base[end - 1] == 0x20 { end -= 1 }
        return (base + start, end - start)
    }

    /// The cell's bytes as UTF-8 text (invalid bytes replaced), for messages.
    static func text(_ cell: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: cell, as: UTF8.self)
    }
}
