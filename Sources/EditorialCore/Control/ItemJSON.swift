/// The JSON shapes of agenda entries, chains of blame and reminders: one definition for the daemon's replies
/// and `editorialctl agenda --json` offline, so both print the same thing. Absent optional members are left
/// out rather than written as `null`.
public enum ItemJSON {
    /// One agenda entry: id, kind, plan, channel, title, owner, type, due (RFC 3339 UTC), due_local (with the
    /// plan zone's offset), timezone, planned (local time as written), status, late_seconds, reminders,
    /// needs, blocked_by.
    public static func entry(_ e: ItemEvaluation) -> JSONValue {
        let item = e.item
        var o: [String: JSONValue] = [
            "id": .string(item.id), "kind": .string(item.kind.rawValue), "plan": .string(item.plan),
            "title": .string(item.title), "timezone": .string(item.zone.identifier),
            "planned": .string(item.local.description), "status": .string(e.status.rawValue),
            "late_seconds": .int(e.late), "reminders": .array(item.reminders.map(reminder)),
            "needs": .array(item.needs.map(JSONValue.string)), "blocked_by": .array(e.blockers.map(blame)),
        ]
        if let channel = item.channel { o["channel"] = .string(channel) }
        if let owner = item.owner { o["owner"] = .string(owner) }
        if let type = item.type { o["type"] = .string(type) }
        if let due = item.due {
            o["due"] = .string(TimeText.utc(due))
            o["due_local"] = .string(TimeText.local(due, offset: item.offset))
        }
        if let until = e.state.snoozedUntil { o["snoozed_until"] = .string(TimeText.utc(until)) }
        return .object(o)
    }

    /// One link of a chain of blame: item, title, owner, due, reason, late_seconds, path, the first
    /// `ControlProtocol.blocksShown` ids it blocks, and blocks_count (all of them).
    public static func blame(_ b: Blame) -> JSONValue {
        var o: [String: JSONValue] = [
            "item": .string(b.item), "title": .string(b.title), "reason": .string(b.reason.rawValue),
            "late_seconds": .int(b.late), "path": .array(b.path.map(JSONValue.string)),
            "blocks": .array(b.blocks.prefix(ControlProtocol.blocksShown).map(JSONValue.string)),
            "blocks_count": .int(Int64(b.blocks.count)),
        ]
        if let owner = b.owner { o["owner"] = .string(owner) }
        if let due = b.due { o["due"] = .string(TimeText.utc(due)) }
        return .object(o)
    }

    /// One reminder: key (`ITEM!LEAD`), lead (ISO 8601) and at (RFC 3339 UTC).
    public static func reminder(_ r: Reminder) -> JSONValue {
        .object(["key": .string(r.key), "lead": .string(r.lead.description), "at": .string(TimeText.utc(r.at))])
    }
}
