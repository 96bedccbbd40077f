/// One delivery on the wire (`outbox`, `retry`, `show`): what it carries, to which route and person, and how its
/// sending stands.
public struct DeliveryEntry: Codable, Hashable, Sendable {
    /// The outbox id (`editorialctl outbox retry ID`).
    public var id: Int64
    /// The idempotency key (`Idempotency-Key`, the Message-ID's left part).
    public var key: String
    /// The route's name.
    public var route: String
    /// `webhook`, `email` or `exec`.
    public var target: String
    /// The person it is for; `null` for a route's whole audience.
    public var recipient: String?
    /// The item it is about; `null` for a digest.
    public var item: String?
    /// The event kind.
    public var event: String
    /// The event's key (`EDITORIAL_REMINDER_KEY`).
    public var reminderKey: String
    /// The event's instant.
    public var eventAt: Instant
    /// When it was queued (or revived by `retry`).
    public var queued: Instant
    /// Where it stands.
    public var state: OutboxState
    /// Attempts so far.
    public var attempts: Int
    /// When it is tried next; `null` unless pending or retrying.
    public var nextAttempt: Instant?
    /// When it was last tried.
    public var lastAttempt: Instant?
    /// What the last attempt came to.
    public var lastResult: String?
    /// When the receiver took it.
    public var delivered: Instant?

    /// The member names of the protocol.
    enum CodingKeys: String, CodingKey {
        case id, key, route, target, recipient, item, event
        case reminderKey = "reminder_key"
        case eventAt = "event_at"
        case queued, state, attempts
        case nextAttempt = "next_attempt"
        case lastAttempt = "last_attempt"
        case lastResult = "last_result"
        case delivered
    }

    /// The entry of an outbox row.
    public init(_ e: OutboxEntry) {
        id = e.id
        key = e.key
        route = e.route
        target = e.target
        recipient = e.recipient.isEmpty ? nil : e.recipient
        item = e.item
        event = e.event
        reminderKey = e.reminderKey
        eventAt = Instant(e.eventAt)
        queued = Instant(e.queued)
        state = e.state
        attempts = e.attempts
        nextAttempt = e.state.isOpen ? Instant(e.nextAttempt) : nil
        lastAttempt = e.lastAttempt.map(Instant.init)
        lastResult = e.lastResult
        delivered = e.delivered.map(Instant.init)
    }

    /// Reads an entry.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(Int64.self, forKey: .id)
        key = try c.decode(String.self, forKey: .key)
        route = try c.decode(String.self, forKey: .route)
        target = try c.decode(String.self, forKey: .target)
        recipient = try c.decodeIfPresent(String.self, forKey: .recipient)
        item = try c.decodeIfPresent(String.self, forKey: .item)
        event = try c.decode(String.self, forKey: .event)
        reminderKey = try c.decode(String.self, forKey: .reminderKey)
        eventAt = try c.decode(Instant.self, forKey: .eventAt)
        queued = try c.decode(Instant.self, forKey: .queued)
        state = try c.decode(OutboxState.self, forKey: .state)
        attempts = try c.decode(Int.self, forKey: .attempts)
        nextAttempt = try c.decodeIfPresent(Instant.self, forKey: .nextAttempt)
        lastAttempt = try c.decodeIfPresent(Instant.self, forKey: .lastAttempt)
        lastResult = try c.decodeIfPresent(String.self, forKey: .lastResult)
        delivered = try c.decodeIfPresent(Instant.self, forKey: .delivered)
    }

    /// Writes every member, absent values as `null`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(key, forKey: .key)
        try c.encode(route, forKey: .route)
        try c.encode(target, forKey: .target)
        try c.encode(recipient, forKey: .recipient)
        try c.encode(item, forKey: .item)
        try c.encode(event, forKey: .event)
        try c.encode(reminderKey, forKey: .reminderKey)
        try c.encode(eventAt, forKey: .eventAt)
        try c.encode(queued, forKey: .queued)
        try c.encode(state, forKey: .state)
        try c.encode(attempts, forKey: .attempts)
        try c.encode(nextAttempt, forKey: .nextAttempt)
        try c.encode(lastAttempt, forKey: .lastAttempt)
        try c.encode(lastResult, forKey: .lastResult)
        try c.encode(delivered, forKey: .delivered)
    }
}
