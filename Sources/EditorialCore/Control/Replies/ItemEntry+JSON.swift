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
