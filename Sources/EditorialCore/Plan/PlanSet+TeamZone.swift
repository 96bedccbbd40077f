extension PlanSet {
    /// The team's zone: the first plan's (`nil` without plans, when UTC stands in). "Today", `now_local` and the
    /// daemon's journal instants use it.
    public var teamZone: ZoneRules? { plans.first?.zone }

    /// The local day around `instant` in the team's zone (UTC without plans), as epoch seconds.
    public func teamDay(containing instant: Int64) -> (start: Int64, end: Int64) {
        teamZone?.day(containing: instant) ?? ZoneRules.utcDay(containing: instant)
    }

    /// `instant` with the team zone's offset (in UTC, written with `Z`, without plans).
    public func teamLocal(_ instant: Int64) -> LocalInstant {
        teamZone.map { LocalInstant(instant, in: $0) } ?? LocalInstant(utc: instant)
    }
}
