extension Array {
    /// True when both arrays are one storage (a copy not yet written to), so equal without comparing their elements.
    func sharesStorage(with other: [Element]) -> Bool {
        count == other.count
            && (isEmpty
                || withUnsafeBufferPointer { x in other.withUnsafeBufferPointer { y in x.baseAddress == y.baseAddress }
                })
    }
}
