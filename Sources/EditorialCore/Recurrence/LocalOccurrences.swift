/// The local occurrences of a `RecurrenceSet` in increasing order, produced lazily.
public struct LocalOccurrences: Sequence, IteratorProtocol, Sendable {
    private var merger: OccurrenceMerger

    init(merger: OccurrenceMerger) {
        self.merger = merger
    }

    /// The next occurrence, or nil at the end.
    public mutating func next() -> LocalDateTime? {
        guard let l = merger.next() else { return nil }
        return LocalDateTime(secondsSinceEpochAsUTC: l)
    }
}
