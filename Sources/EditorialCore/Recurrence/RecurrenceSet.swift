/// RFC 5545 recurrence set: DTSTART + RRULEs + RDATEs − EXDATEs, expanded in local (floating) time.
///
/// DTSTART is an occurrence only when a rule produces it (or it is also an extra date), and only the rules'
/// own occurrences count toward their COUNT. RFC 5545 calls DTSTART "the first instance" but leaves a set
/// whose DTSTART the rule does not match undefined; libical and python-dateutil both leave such a start out,
/// and so does editoriald (plans also start rules at a period start that may be any day). Extra dates are
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

    /// Creates a set.
    public init(
        start: LocalDateTime, rules: [RecurrenceRule], dates: [LocalDateTime] = [], exceptions: [LocalDateTime] = []
    ) {
        self.start = start
        self.rules = rules
        self.dates = dates
        self.exceptions = exceptions
    }

    /// Whether one of the rules produces `start` itself (extra dates and exceptions aside).
    ///
    /// - Parameter zone: the zone an UNTIL given in UTC is compared in (nil: read as a local time).
    public func ruleProducesStart(in zone: ZoneRules? = nil) -> Bool {
        let s = start.secondsSinceEpochAsUTC
        return rules.contains { rule in
            var iterator = RuleIterator(rule: rule, start: s, horizon: s, zone: zone, policy: .default)
            return iterator.next() == s
        }
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
