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

    /// The payload as one line of JSON text (sorted keys), as the outbox stores it.
    public var json: String {
        // Encoding a value of plain strings, numbers and arrays cannot fail.
        (try? JSONValueEncoder().encode(self))?.compact ?? "{}"
    }

    /// Reads a stored payload.
    public init(json: String) throws {
        self = try JSONValueDecoder().decode(OutboxPayload.self, from: try JSONParser.parse(json))
    }
}
