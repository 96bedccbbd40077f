extension ZoneRules {
    /// The local date and time of `instant` in this zone.
    public func local(_ instant: Int64) -> LocalDateTime {
        LocalDateTime(secondsSinceEpochAsUTC: instant + Int64(offset(atUTC: instant)))
    }

    /// The local day `shift` days from the one containing `instant` in this zone, as the epoch seconds of its
    /// first and of the next day's first instant (midnight, or the first instant after a DST gap at midnight).
    public func day(containing instant: Int64, shift: Int = 0) -> (start: Int64, end: Int64) {
        let day = local(instant).daysSinceEpoch + shift
        let start = resolve(LocalDateTime(daysSinceEpoch: day), policy: .default).utc ?? instant
        let end = resolve(LocalDateTime(daysSinceEpoch: day + 1), policy: .default).utc ?? instant
        return (start, end)
    }

    /// The UTC day containing `instant` (no zone: the team has no plans loaded).
    public static func utcDay(containing instant: Int64) -> (start: Int64, end: Int64) {
        let start = instant - ((instant % 86_400) + 86_400) % 86_400
        return (start, start + 86_400)
    }
}
