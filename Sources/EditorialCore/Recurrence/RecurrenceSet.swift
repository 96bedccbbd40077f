/// RFC 5545 recurrence set: DTSTART + RRULEs + RDATEs − EXDATEs, expanded in local (floating) time.
///
/// By default DTSTART is an occurrence only when it matches a rule (python-dateutil's behaviour, since
/// plans start rules at a period start that may be any day); with `includeUnmatchedStart` it is always
/// the first occurrence and counts toward each rule's COUNT (RFC 5545's wording). Extra dates are
/// occurrences even before the start. Exceptions remove exact local matches, after COUNT is applied.
/// Field values out of range in the given times are normalized (February 30 is March 2).
public struct RecurrenceSet: Sendable, Hashable {
    /// DTSTART.
    public var start: LocalDateTime
    /// RRULEs.
    public var rules: [RecurrenceRule]
    /// RDATEs.
    public var dates: [LocalDateTime]
    /// EXDATEs.
    public var exceptions: [LocalDateTime]
    /// Whether `start` is an occurrence even when no rule matches it.
    public var includeUnmatchedStart: Bool

    /// Creates a set.
    public init(
        start: LocalDateTime, rules: [RecurrenceRule], dates: [LocalDateTime] = [], exceptions: [LocalDateTime] = [],
        includeUnmatchedStart: Bool = false
    ) {
        self.start = start
        self.rules = rules
        self.dates = dates
        self.exceptions = exceptions
        self.includeUnmatchedStart = includeUnmatchedStart
    }

    /// Local occurrences up to and including `last`, in increasing order without duplicates, lazily.
    ///
    /// An UNTIL given in UTC is read as a local time here (there is no zone); use `occurrences(in:…)`.
    public func localOccurrences(through last: LocalDateTime) -> LocalOccurrences {
        LocalOccurrences(merger: OccurrenceMerger(set: self, through: last, zone: nil, policy: .default))
    }

    /// Every occurrence whose local time is at or before `last`, resolved in `zone` with `policy`.
    ///
    /// Occurrences skipped in a DST gap are included with `utc == nil` so that callers can warn.
    /// An UNTIL given in UTC is compared with each occurrence's instant in this zone.
    public func occurrences(in zone: ZoneRules, policy: DSTPolicy, through last: LocalDateTime) -> ZonedOccurrences {
        ZonedOccurrences(
            merger: OccurrenceMerger(set: self, through: last, zone: zone, policy: policy), zone: zone, policy: policy)
    }
}
