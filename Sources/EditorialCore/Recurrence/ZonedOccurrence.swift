/// One occurrence of a recurrence set in a zone: the rule's local time and how it maps to UTC.
public struct ZonedOccurrence: Sendable, Hashable {
    /// The nominal local time produced by the rules (before any gap shift).
    public var local: LocalDateTime
    /// The UTC instant and offset for `local` under the chosen DST policy.
    public var resolution: ZoneResolution

    /// Creates an occurrence.
    public init(local: LocalDateTime, resolution: ZoneResolution) {
        self.local = local
        self.resolution = resolution
    }
}
