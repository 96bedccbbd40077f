/// When the daemon journals the weekly pace: a weekday and a local time in the team's zone (`monday 09:00`).
public struct PaceReportTime: Hashable, Sendable, CustomStringConvertible {
    /// The day of the week.
    public var weekday: Weekday
    /// The local time of day.
    public var time: DigestTime

    /// Creates a report time.
    public init(weekday: Weekday, time: DigestTime) {
        self.weekday = weekday
        self.time = time
    }

    /// Reads `monday 09:00` (a weekday's English name or its first three letters, then `HH:MM`); nil otherwise.
    public init?(parsing text: String) {
        let parts = text.lowercased().split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2, let time = DigestTime(parsing: String(parts[1])),
            let day = Weekday.allCases.first(where: { $0.name == parts[0] || $0.name.prefix(3) == parts[0] })
        else { return nil }
        self.init(weekday: day, time: time)
    }

    /// `monday 09:00`.
    public var description: String { "\(weekday.name) \(time)" }

    /// The first report instant after `after` in `zone`.
    public func next(after: Int64, zone: ZoneRules) -> Int64 {
        var day = firstDay(onOrBefore: after, zone: zone)
        while true {
            if let at = zone.resolve(day, policy: .default).utc, at > after { return at }
            day = day.addingDays(7)
        }
    }

    /// The latest report instant at or before `now` in `zone`.
    public func latest(atOrBefore now: Int64, zone: ZoneRules) -> Int64 {
        var day = firstDay(onOrBefore: now, zone: zone).addingDays(7)
        while true {
            if let at = zone.resolve(day, policy: .default).utc, at <= now { return at }
            day = day.addingDays(-7)
        }
    }

    /// This weekday at this time in the week before the one containing `instant` (a start to count from).
    private func firstDay(onOrBefore instant: Int64, zone: ZoneRules) -> LocalDateTime {
        let local = zone.local(instant)
        let monday = local.daysSinceEpoch - (local.weekday.rawValue - 1)
        return LocalDateTime(
            daysSinceEpoch: monday - 7 + weekday.rawValue - 1, hour: time.hour, minute: time.minute)
    }
}
