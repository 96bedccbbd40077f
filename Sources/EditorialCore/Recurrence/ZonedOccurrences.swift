/// The occurrences of a `RecurrenceSet` resolved in a zone, in increasing local order, produced lazily.
public struct ZonedOccurrences: Sequence, IteratorProtocol, Sendable {
    private var merger: OccurrenceMerger
    private let zone: ZoneRules
    private let policy: DSTPolicy
    // Local times in this span resolve normally with one offset; it spares a search per occurrence.
    private var span = LocalSpan(lower: 1, upper: 0, offset: 0)

    init(merger: OccurrenceMerger, zone: ZoneRules, policy: DSTPolicy) {
        self.merger = merger
        self.zone = zone
        self.policy = policy
    }

    /// The next occurrence, or nil at the end.
    public mutating func next() -> ZonedOccurrence? {
        guard let l = merger.next() else { return nil }
        let local = LocalDateTime(secondsSinceEpochAsUTC: l)
        if l < span.lower || l >= span.upper {
            guard let fresh = zone.normalSpan(containing: l) else {
                return ZonedOccurrence(local: local, resolution: zone.resolve(localSeconds: l, policy: policy))
            }
            span = fresh
        }
        let offset = span.offset
        return ZonedOccurrence(
            local: local, resolution: ZoneResolution(utc: l - Int64(offset), offset: offset, kind: .normal))
    }
}
