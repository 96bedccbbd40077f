/// The person one delivery is for (routes whose audience is `owners`, and digests), as `people:` said when it was
/// queued.
public struct DeliveryRecipient: Hashable, Sendable, Codable {
    /// The owner id.
    public var id: String
    /// Their name.
    public var name: String?
    /// Their e-mail address.
    public var email: String?
    /// Their chat handle.
    public var chat: String?
    /// Their time zone (IANA name).
    public var zone: String?

    /// A recipient.
    public init(id: String, name: String? = nil, email: String? = nil, chat: String? = nil, zone: String? = nil) {
        self.id = id
        self.name = name
        self.email = email
        self.chat = chat
        self.zone = zone
    }

    /// The recipient of `person`.
    public init(_ person: Person) {
        self.init(
            id: person.id, name: person.name, email: person.email, chat: person.chat, zone: person.zone?.identifier)
    }
}
