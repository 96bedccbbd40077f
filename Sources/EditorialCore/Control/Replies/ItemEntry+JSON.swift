extension ItemEntry: JSONValueRepresentable {
    /// The entry's JSON, built directly (a page holds up to a thousand entries).
    public var jsonValue: JSONValue {
        typealias K = CodingKeys
        var o: [String: JSONValue] = Dictionary(minimumCapacity: 18)
        o[K.id.rawValue] = .string(id)
        o[K.kind.rawValue] = .string(kind.rawValue)
        o[K.plan.rawValue] = .string(plan)
        if let channel { o[K.channel.rawValue] = .string(channel) }
        o[K.title.rawValue] = .string(title)
        if let owner { o[K.owner.rawValue] = .string(owner) }
        if let type { o[K.type.rawValue] = .string(type) }
        if let due { o[K.due.rawValue] = .string(due.description) }
        if let dueLocal { o[K.dueLocal.rawValue] = .string(dueLocal.description) }
        o[K.timezone.rawValue] = .string(timezone)
        o[K.planned.rawValue] = .string(planned.description)
        o[K.status.rawValue] = .string(status.rawValue)
        o[K.lateSeconds.rawValue] = .int(lateSeconds)
        o[K.reminders.rawValue] = .array(reminders.map(\.jsonValue))
        o[K.needs.rawValue] = .array(needs.map(JSONValue.string))
        o[K.blockedBy.rawValue] = .array(blockedBy.map(\.jsonValue))
        if let snoozedUntil { o[K.snoozedUntil.rawValue] = .string(snoozedUntil.description) }
        if let acknowledged { o[K.acknowledged.rawValue] = .array(acknowledged.map(JSONValue.string)) }
        return .object(o)
    }
}

extension ItemEntry: JSONWritable {
    /// The entry's JSON text, members in sorted order.
    public func writeJSON(into out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        if let acknowledged {
            out.appendKey("acknowledged", first: true)
            out.appendJSON(acknowledged)
            out.appendKey("blocked_by")
        } else {
            out.appendKey("blocked_by", first: true)
        }
        out.appendJSON(blockedBy)
        if let channel {
            out.appendKey("channel")
            out.appendJSON(channel)
        }
        if let due {
            out.appendKey("due")
            out.appendJSON(due)
        }
        if let dueLocal {
            out.appendKey("due_local")
            out.appendJSON(dueLocal)
        }
        out.appendKey("id")
        out.appendJSON(id)
        out.appendKey("kind")
        out.appendJSON(kind.rawValue)
        out.appendKey("late_seconds")
        out.appendJSON(lateSeconds)
        out.appendKey("needs")
        out.appendJSON(needs)
        if let owner {
            out.appendKey("owner")
            out.appendJSON(owner)
        }
        out.appendKey("plan")
        out.appendJSON(plan)
        out.appendKey("planned")
        out.appendJSON(planned)
        out.appendKey("reminders")
        out.appendJSON(reminders)
        if let snoozedUntil {
            out.appendKey("snoozed_until")
            out.appendJSON(snoozedUntil)
        }
        out.appendKey("status")
        out.appendJSON(status.rawValue)
        out.appendKey("timezone")
        out.appendJSON(timezone)
        out.appendKey("title")
        out.appendJSON(title)
        if let type {
            out.appendKey("type")
            out.appendJSON(type)
        }
        out.append(UInt8(ascii: "}"))
    }
}
