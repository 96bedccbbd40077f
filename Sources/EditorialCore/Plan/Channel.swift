/// A place where posts go out: a social page, a blog, a newsletter.
public struct Channel: Hashable, Sendable {
    /// Id, unique within its plan.
    public var id: String
    /// The network key (`linkedin`, `youtube`, `website`, …), looked up in `Network.known`.
    public var network: String
    /// How the company appears there; `nil` means the default, a company page.
    public var presence: Presence?
    /// A readable name.
    public var title: String?
    /// The account handle or URL, for people.
    public var handle: String?
    /// `false` for a channel kept on file but not run (it does not count towards the channel limit).
    public var active: Bool
    /// Where the channel is declared.
    public var location: SourceLocation
    /// Where its `network` is written.
    public var networkLocation: SourceLocation
    /// Where its `presence` is written (the channel's position when absent).
    public var presenceLocation: SourceLocation

    /// Identifies the page itself across plans: its network and handle (or id), so that the same LinkedIn page
    /// declared by two semester plans is recognised as one.
    public var pageKey: String { "\(Network.known[network]?.key ?? network)/\(handle ?? id)" }

    /// Creates a channel.
    public init(
        id: String, network: String, presence: Presence? = nil, title: String? = nil, handle: String? = nil,
        active: Bool = true, location: SourceLocation, networkLocation: SourceLocation? = nil,
        presenceLocation: SourceLocation? = nil
    ) {
        self.id = id
        self.network = network
        self.presence = presence
        self.title = title
        self.handle = handle
        self.active = active
        self.location = location
        self.networkLocation = networkLocation ?? location
        self.presenceLocation = presenceLocation ?? location
    }
}
