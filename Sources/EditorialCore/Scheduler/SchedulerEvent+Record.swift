extension SchedulerEvent {
    /// The event a fired record was sent for, rebuilt from the agenda (after a crash, to queue the deliveries of
    /// entries the sent log kept but the store did not): nil for blocks and unblocks (decided again, not kept in the
    /// log), digests, and items the plans no longer have. The lead comes from the key; lateness is reckoned at the
    /// moment it fired.
    public init?(record r: FiredRecord, agenda: Agenda) {
        guard let kind = EventKind(rawValue: r.kind), kind != .blocked && kind != .unblocked,
            let item = agenda.item(id: r.item), let bang = r.key.lastIndex(of: "!")
        else { return nil }
        let suffix = String(r.key[r.key.index(after: bang)...])
        var lead: NominalDuration?
        if kind != .overdue {
            guard let parsed = try? NominalDuration(parsing: suffix) else { return nil }
            lead = parsed
        }
        let late = item.due.map { max(0, r.fired - $0) } ?? 0
        self.init(kind: kind, key: r.key, item: item, at: r.scheduled, lead: lead, catchUp: r.catchUp, late: late)
    }

    /// The record of this event sent at `now` (what the sent log, the store and a claim keep of it).
    public func record(fired now: Int64) -> FiredRecord {
        FiredRecord(key: key, item: item.id, kind: kind.rawValue, scheduled: at, fired: now, catchUp: catchUp)
    }
}
