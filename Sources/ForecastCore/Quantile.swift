extension Array where Element == Double {
    /// The q-quantile (0…1) of an ascending array, interpolated linearly between the two nearest
    /// ranks (numpy's default `method="linear"`): q = 0.5 is the median. The array must not be empty.
    public func quantileOfSorted(_ q: Double) -> Double {
        let position = q * Double(count - 1)
        let low = Int(position.rounded(.down)), high = Swift.min(low + 1, count - 1)
        return self[low] + (self[high] - self[low]) * (position - Double(low))
    }
}
