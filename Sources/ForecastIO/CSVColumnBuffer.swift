/// A growable buffer of one column's values while a file is parsed, appended to without
/// uniqueness or exclusivity checks; ``takeArray()`` hands the values over as an `Array`.
struct CSVColumnBuffer<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 1024) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    @inline(__always)
    mutating func append(_ value: Element) {
        if count == capacity { grow(to: capacity * 2) }
        base[count] = value
        count &+= 1
    }

    /// Makes room for `total` values in all (no-op when there is already room).
    mutating func reserve(_ total: Int) {
        if total > capacity { grow(to: total) }
    }

    @inline(never)
    private mutating func grow(to newCapacity: Int) {
        let grown = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        grown.update(from: base, count: count)
        base.deallocate()
        base = grown
        capacity = newCapacity
    }

    /// Drops the values, keeping a small allocation.
    mutating func removeAll() {
        base.deallocate()
        capacity = 16
        base = .allocate(capacity: capacity)
        count = 0
    }

    /// The values as an array (one copy); the buffer is empty afterwards.
    mutating func takeArray() -> [Element] {
        let n = count
        let array = [Element](unsafeUninitializedCapacity: n) { out, initialized in
            out.baseAddress!.update(from: base, count: n)
            initialized = n
        }
        removeAll()
        return array
    }

    /// Frees the memory; the buffer must not be used afterwards.
    func deallocate() { base.deallocate() }
}
