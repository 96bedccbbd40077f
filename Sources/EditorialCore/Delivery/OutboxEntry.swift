/// One delivery in the outbox: an event a route matched, for whom, and how its sending stands.
public struct OutboxEntry: Hashable, Sendable {
    /// The row id (0 before it is stored).
    public var id: Int64
    /// The idempotency key: the same for every attempt and every repeat (`Idempotency-Key`, the Message-ID).
    public var key: String
    /// The route's name.
    public var route: String
    /// The route's target kind when queued: `webhook`, `email` or `exec`.
    public var target: String
    /// The person it is for, or "" for a route's whole audience.
    public var recipient: String
    /// The item it is about, if any.
    public var item: String?
    /// The event kind.
    public var event: String
    /// The event's once-only key (`EDITORIAL_REMINDER_KEY`).
    public var reminderKey: String
    /// The event's instant.
    public var eventAt: Int64
    /// When it was queued.
    public var queued: Int64
    /// Where it stands.
    public var state: OutboxState
    /// Attempts made so far.
    public var attempts: Int
    /// When it is tried next (open entries).
    public var nextAttempt: Int64
    /// When it was last tried.
    public var lastAttempt: Int64?
    /// What the last attempt came to ("HTTP 503", "delivered: HTTP 200").
    public var lastResult: String?
    /// When the receiver took it.
    public var delivered: Int64?
    /// The event and recipient, as JSON text.
    public var payload: String

    /// An entry.
    public init(
        id: Int64 = 0, key: String, route: String, target: String, recipient: String, item: String?, event: String,
        reminderKey: String, eventAt: Int64, queued: Int64, state: OutboxState = .pending, attempts: Int = 0,
        nextAttempt: Int64, lastAttempt: Int64? = nil, lastResult: String? = nil, delivered: Int64? = nil,
        payload: String
    ) {
        self.id = id
        self.key = key
        self.route = route
        self.target = target
        self.recipient = recipient
        self.item = item
        self.event = event
        self.reminderKey = reminderKey
        self.eventAt = eventAt
        self.queued = queued
        self.state = state
        self.attempts = attempts
        self.nextAttempt = nextAttempt
        self.lastAttempt = lastAttempt
        self.lastResult = lastResult
        self.delivered = delivered
        self.payload = payload
    }

    /// The idempotency key of one event on one route for one recipient: `ed1-` and 32 hex digits of SHA-256 over
    /// them. Stable across restarts, so the one repeat a crash may cause carries the same key.
    public static func idempotencyKey(reminderKey: String, at: Int64, route: String, recipient: String) -> String {
        let text = "editoriald delivery 1\n\(reminderKey)\n\(at)\n\(route)\n\(recipient)"
        return "ed1-" + String(Hex.string(SHA256.hash(Array(text.utf8))).prefix(32))
    }

    /// Put back in the queue for an attempt at `now` (`outbox retry`): pending if never tried, else retrying, with
    /// a whole new retry bound (`queued`, where the bound counts from, is `now`).
    public mutating func revive(at now: Int64) {
        state = attempts == 0 ? .pending : .retrying
        nextAttempt = now
        queued = now
    }
}
