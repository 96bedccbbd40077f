/// One change of a zone's UTC offset, as `ZoneRules.transitions(from:to:)` reports it.
public struct ZoneTransition: Sendable, Hashable {
    /// The instant of the change, in seconds since 1970-01-01T00:00:00Z: the first second of the new offset.
    public var utc: Int64
    /// The offset (seconds east of UTC) in force before the change.
    public var offsetBefore: Int
    /// The offset in force from the change on.
    public var offsetAfter: Int
    /// True when the new offset is daylight-saving time (Foundation's `isDaylightSavingTime(for:)`).
    public var isDaylightSaving: Bool
    /// The new offset's abbreviation as Foundation gives it (`abbreviation(for:)`), nil when it has none.
    ///
    /// Foundation takes it from ICU in the process's locale: `CET`, `EST` or `GMT+1` for the same zone depending
    /// on the locale.
    public var abbreviation: String?

    /// Creates a transition.
    public init(utc: Int64, offsetBefore: Int, offsetAfter: Int, isDaylightSaving: Bool, abbreviation: String?) {
        self.utc = utc
        self.offsetBefore = offsetBefore
        self.offsetAfter = offsetAfter
        self.isDaylightSaving = isDaylightSaving
        self.abbreviation = abbreviation
    }

    /// The wall-clock time at which the change happens, read in the offset before it (02:00 for Europe's
    /// spring-forward and 03:00 for its fall-back): the onset RFC 5545 §3.6.5 writes as an observance's DTSTART.
    public var localOnset: LocalDateTime {
        LocalDateTime(secondsSinceEpochAsUTC: utc + Int64(offsetBefore))
    }
}
