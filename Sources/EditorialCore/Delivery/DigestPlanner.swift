/// A person's daily digest: when it is due (their local time, in their zone or the team's), and what it says —
/// their items due that local day, their overdue items, and what their late items block. One message, not a
/// flood; nothing when there is nothing to say.
public enum DigestPlanner {
    /// The once-only key of a person's digest on a local day: `digest!anna@2027-01-14`.
    public static func key(person: String, day: String) -> String { "digest!\(person)@\(day)" }

    /// The first digest instant of `time` in `zone` strictly after `after`, with its local day (`2027-01-14`). A
    /// time in a spring-forward gap moves forward, as slots do by default.
    public static func next(_ time: DigestTime, zone: ZoneRules, after: Int64) -> (at: Int64, day: String) {
        let local = zone.local(after)
        var day = LocalDateTime(daysSinceEpoch: local.daysSinceEpoch - 1, hour: time.hour, minute: time.minute)
        while true {
            if let at = zone.resolve(day, policy: .default).utc, at > after { return (at, day.date) }
            day = day.addingDays(1)
        }
    }

    /// The latest digest instant of `time` in `zone` at or before `now`, if it falls on `now`'s local day (a digest
    /// missed while the daemon was down is sent late the same day, never on a later one).
    public static func missed(_ time: DigestTime, zone: ZoneRules, now: Int64) -> (at: Int64, day: String)? {
        let local = zone.local(now)
        let today = LocalDateTime(daysSinceEpoch: local.daysSinceEpoch, hour: time.hour, minute: time.minute)
        guard let at = zone.resolve(today, policy: .default).utc, at <= now else { return nil }
        return (at, today.date)
    }

    /// The digest event of `person` at `at` (their local `day`), from the status at that moment; nil when they have
    /// nothing due that day, nothing overdue and block nothing.
    public static func event(
        for person: Person, zone: ZoneRules, at: Int64, day: String, snapshot: StatusSnapshot, agenda: Agenda
    ) -> DeliveryEvent? {
        let local = zone.local(at)
        let start = zone.resolve(LocalDateTime(daysSinceEpoch: local.daysSinceEpoch), policy: .default).utc ?? at
        let end = zone.resolve(LocalDateTime(daysSinceEpoch: local.daysSinceEpoch + 1), policy: .default).utc ?? at
        let evaluator = snapshot.evaluator
        let open: Set<ItemStatus> = [.planned, .due, .overdue, .blocked]
        let today = agenda.items(from: start, to: end).filter { $0.owner == person.id }
            .map(evaluator.evaluate).filter { open.contains($0.status) && $0.status != .overdue }
        let overdue = snapshot.overdue.filter { $0.item.owner == person.id }
        let blocking = snapshot.blocked.filter { e in e.blockers.contains { $0.owner == person.id } }
        guard !today.isEmpty || !overdue.isEmpty || !blocking.isEmpty else { return nil }
        func time(_ t: Int64?) -> String {
            guard let t else { return "never (its local time does not exist)" }
            let l = zone.local(t)
            let hm = String(l.shortDescription.dropFirst(11).prefix(5))
            return l.date == day ? hm : "\(l.date) \(hm)"
        }
        var details: [String] = []
        for e in today.prefix(50) {
            details.append("Due today \(time(e.item.due)): \(e.item.title) (\(e.item.id))\(on(e.item, agenda))")
        }
        for e in overdue.prefix(50) {
            details.append(
                "Overdue by \(TimeText.span(e.late)): \(e.item.title) (\(e.item.id)), due \(time(e.item.due))"
            )
        }
        for e in blocking.prefix(50) {
            for b in e.blockers where b.owner == person.id {
                details.append(
                    "Blocking: your \(b.item) '\(b.title)' (\(b.reason.rawValue)) keeps \(e.item.title) (\(e.item.id)) "
                        + "due \(time(e.item.due)) from going out")
            }
        }
        let counts = [
            (today.count, "due today"), (overdue.count, "overdue"),
            (
                blocking.count,
                blocking.count == 1 ? "post blocked by your late items" : "posts blocked by your late items"
            ),
        ].filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
        let name = person.name ?? person.id
        let weekday = local.weekday.name.prefix(1).uppercased() + local.weekday.name.dropFirst().prefix(2)
        return DeliveryEvent(
            kind: "digest", key: key(person: person.id, day: day), at: at,
            message: "Daily digest for \(name), \(weekday) \(day): " + counts.joined(separator: ", "), priority: 5,
            owner: person.id, owners: [person.id], zone: zone.identifier, details: details)
    }

    private static func on(_ item: AgendaItem, _ agenda: Agenda) -> String {
        item.channel.flatMap { agenda.planSet.channel($0) }.map { " on \($0.network)" } ?? ""
    }
}
