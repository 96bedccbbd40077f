/// What an outbox row keeps to render its delivery later: the event, and the person it is for.
public struct OutboxPayload: Hashable, Sendable, Codable {
    /// The event.
    public var event: DeliveryEvent
    /// The person, for personal routes and digests.
    public var recipient: DeliveryRecipient?

    /// A payload.
    public init(event: DeliveryEvent, recipient: DeliveryRecipient? = nil) {
        self.event = event
        self.recipient = recipient
    }

    /// The payload as one line of JSON text (sorted keys), as the outbox stores it: the members its `Codable` form
    /// has, built directly (a burst of 10,000 entries is routed in one step on the daemon's queue, and the generic
    /// encoder was most of that step's cost).
    public var json: String { jsonValue.compact }

    /// The payload's JSON, equal to its `Codable` encoding (a test compares them).
    public var jsonValue: JSONValue {
        let e = event
        var o: [String: JSONValue] = [
            "kind": .string(e.kind), "key": .string(e.key), "at": .int(e.at), "message": .string(e.message),
            "priority": .int(Int64(e.priority)), "owners": .array(e.owners.map(JSONValue.string)),
            "blame": .array(e.blame.map(Self.blame)), "catch_up": .bool(e.catchUp),
            "details": .array(e.details.map(JSONValue.string)),
        ]
        let strings: [(String, String?)] = [
            ("item", e.item), ("title", e.title), ("plan", e.plan), ("channel", e.channel), ("channel_id", e.channelID),
            ("owner", e.owner), ("due_local", e.dueLocal), ("zone", e.zone),
        ]
        for (name, value) in strings { if let value { o[name] = .string(value) } }
        if let due = e.due { o["due"] = .int(due) }
        var payload: [String: JSONValue] = ["event": .object(o)]
        if let r = recipient {
            var p: [String: JSONValue] = ["id": .string(r.id)]
            for (name, value) in [("name", r.name), ("email", r.email), ("chat", r.chat), ("zone", r.zone)] {
                if let value { p[name] = .string(value) }
            }
            payload["recipient"] = .object(p)
        }
        return .object(payload)
    }

    private static func blame(_ b: Blame) -> JSONValue {
        var o: [String: JSONValue] = [
            "item": .string(b.item), "title": .string(b.title), "reason": .string(b.reason.rawValue),
            "late": .int(b.late), "path": .array(b.path.map(JSONValue.string)),
            "blocks": .array(b.blocks.map(JSONValue.string)),
        ]
        if let owner = b.owner { o["owner"] = .string(owner) }
        if let due = b.due { o["due"] = .int(due) }
        return .object(o)
    }

    /// Reads a stored payload.
    public init(json: String) throws {
        self = try JSONValueDecoder().decode(OutboxPayload.self, from: try JSONParser.parse(json))
    }
}
