// Preallocated buffers a layer keeps between its forward and backward passes.

/// The buffers one layer keeps between ``LSTM/forward(parameters:input:batch:time:cache:)`` and the
/// matching backward pass: its input, gate activations and states of every step, and the gradient
/// scratch space.
///
/// A cache is created once per layer and reused for every batch: buffers grow when a larger
/// `batch × time` arrives and are never freed or reallocated otherwise, so training allocates
/// nothing per batch or per step after the first batch. A cache belongs to one layer (each layer
/// type numbers its buffers its own way) and is not thread-safe.
public final class LayerCache {
    private var buffers: [UnsafeMutableBufferPointer<Float>] = []
    /// Batch size of the last forward pass.
    public internal(set) var batch = 0
    /// Time steps of the last forward pass.
    public internal(set) var time = 0
    /// The input of the last forward pass: a copy in the cache, or the caller's buffer when the
    /// caller promised to keep it unchanged until the backward pass (a layer inside a stack).
    var input = UnsafeBufferPointer<Float>(start: nil, count: 0)

    public init() {}

    deinit {
        for b in buffers { b.deallocate() }
    }

    /// Buffer number `slot`, exactly `count` elements long; contents are whatever the last user left
    /// (undefined after growth).
    func buffer(_ slot: Int, count: Int) -> UnsafeMutableBufferPointer<Float> {
        while buffers.count <= slot { buffers.append(UnsafeMutableBufferPointer<Float>.allocate(capacity: 0)) }
        if buffers[slot].count < count {
            buffers[slot].deallocate()
            let grown = UnsafeMutableBufferPointer<Float>.allocate(capacity: count)
            grown.initialize(repeating: 0)
            buffers[slot] = grown
        }
        return UnsafeMutableBufferPointer(rebasing: buffers[slot][0..<count])
    }

    /// Points ``input`` at `source` when `retain`, else at a copy of it in buffer `slot`.
    func keepInput(_ source: UnsafeBufferPointer<Float>, slot: Int, retain: Bool) {
        if retain { input = source; return }
        let copy = buffer(slot, count: source.count)
        if source.count > 0 { copy.baseAddress!.update(from: source.baseAddress!, count: source.count) }
        input = copy.readOnly
    }

    /// Buffer `slot` as it was last sized (for the backward pass, which reads what forward wrote).
    func existing(_ slot: Int, count: Int) -> UnsafeMutableBufferPointer<Float> {
        precondition(slot < buffers.count && buffers[slot].count >= count, "LayerCache: backward without a matching forward pass")
        return UnsafeMutableBufferPointer(rebasing: buffers[slot][0..<count])
    }
}

extension UnsafeMutableBufferPointer where Element == Float {
    /// The elements from `offset` to the end, as a buffer starting at `offset`.
    @inline(__always) func from(_ offset: Int) -> UnsafeMutableBufferPointer<Float> {
        UnsafeMutableBufferPointer(rebasing: self[offset...])
    }
    /// `count` elements from `offset`.
    @inline(__always) func slice(_ offset: Int, _ count: Int) -> UnsafeMutableBufferPointer<Float> {
        UnsafeMutableBufferPointer(rebasing: self[offset..<(offset + count)])
    }
    @inline(__always) var readOnly: UnsafeBufferPointer<Float> { UnsafeBufferPointer(self) }
}

extension UnsafeBufferPointer where Element == Float {
    @inline(__always) func from(_ offset: Int) -> UnsafeBufferPointer<Float> {
        UnsafeBufferPointer(rebasing: self[offset...])
    }
    @inline(__always) func slice(_ offset: Int, _ count: Int) -> UnsafeBufferPointer<Float> {
        UnsafeBufferPointer(rebasing: self[offset..<(offset + count)])
    }
}
