/// A person's daily digest that came due: recorded like a reminder key (`digest!PERSON@DAY`), whether or not it had
/// anything to report.
public struct DigestSend: Sendable {
    /// `digest!PERSON@DAY`.
    public var key: String
    /// The person's id.
    public var person: String
    /// The instant it was due (epoch seconds).
    public var at: Int64
    /// What it reports, for the entry and for delivery; `nil` when there is nothing to say (no entry, but the day's
    /// digest counts as done).
    public var event: DeliveryEvent?

    /// A digest.
    public init(key: String, person: String, at: Int64, event: DeliveryEvent?) {
        self.key = key
        self.person = person
        self.at = at
        self.event = event
    }

    /// Its record, sent at `now`; one more than a minute late counts as caught up.
    public func record(fired now: Int64) -> FiredRecord {
        FiredRecord(key: key, item: "", kind: "digest", scheduled: at, fired: now, catchUp: at < now - 60)
    }
}
