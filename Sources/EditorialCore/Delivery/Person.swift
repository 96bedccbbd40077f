/// One person the plans name as an owner, from a `people:` document in the plans directory: how to reach them
/// and what they want to receive.
public struct Person: Hashable, Sendable {
    /// The owner id the plans use (`owner: anna`).
    public var id: String
    /// The name to address them by.
    public var name: String?
    /// Their e-mail address (`anna@example.com`).
    public var email: String?
    /// Their chat handle (`@anna`, `<@U024BE7LH>`), mentioned in chat messages.
    public var chat: String?
    /// Their time zone (digests and e-mails show local times in it); nil: the team's zone.
    public var zone: ZoneRules?
    /// The names of the routes (daemon config) they want to receive.
    public var routes: [String]
    /// The local time of their daily digest (hour and minute), if they want one.
    public var digest: DigestTime?
    /// Where the person is declared.
    public var location: SourceLocation

    /// Creates a person.
    public init(
        id: String, name: String? = nil, email: String? = nil, chat: String? = nil, zone: ZoneRules? = nil,
        routes: [String] = [], digest: DigestTime? = nil, location: SourceLocation
    ) {
        self.id = id
        self.name = name
        self.email = email
        self.chat = chat
        self.zone = zone
        self.routes = routes
        self.digest = digest
        self.location = location
    }

    /// Equality by content (the zone compared by identifier).
    public static func == (a: Person, b: Person) -> Bool {
        a.id == b.id && a.name == b.name && a.email == b.email && a.chat == b.chat
            && a.zone?.identifier == b.zone?.identifier && a.routes == b.routes && a.digest == b.digest
            && a.location == b.location
    }

    /// Hashes the id (ids are unique).
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}
