/// The result of mapping one local (wall-clock) time to a UTC instant in a zone.
public struct ZoneResolution: Sendable, Hashable {
    /// How the local time related to the zone's transitions.
    public enum Kind: Sendable, Hashable {
        /// The local time exists exactly once.
        case normal
        /// The local time fell in a spring-forward gap and was moved forward by that many seconds.
        case gapShifted(by: Int)
        /// The local time fell in a spring-forward gap and the policy dropped it.
        case gapSkipped
        /// The local time happens twice (fall-back); `other` is the candidate UTC instant not chosen.
        case repeated(other: Int64)
    }

    /// Seconds since 1970-01-01T00:00:00Z; nil only for `.gapSkipped`.
    public var utc: Int64?
    /// Offset (seconds east of UTC) in force at `utc`; for `.gapSkipped`, the offset before the gap.
    public var offset: Int
    /// How the time was resolved.
    public var kind: Kind

    /// Creates a resolution.
    public init(utc: Int64?, offset: Int, kind: Kind) {
        self.utc = utc
        self.offset = offset
        self.kind = kind
    }
}
