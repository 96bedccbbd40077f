/// A one-off post at a fixed local time.
public struct Post: Hashable, Sendable {
    /// Id, unique within its plan.
    public var id: String
    /// The channel; in an editorial plan `nil` means the plan's channel.
    public var channel: Reference?
    /// When it goes out, local time in the plan's zone.
    public var at: LocalDateTime
    /// What it is.
    public var title: String?
    /// Who publishes it.
    public var owner: String?
    /// Production items that must be done before it can go out.
    public var needs: [Reference]
    /// Lead times; `nil` takes the plan's.
    public var reminders: [NominalDuration]?
    /// The campaign it belongs to.
    public var campaign: Reference?
    /// Progress recorded in the file.
    public var progress: Progress?
    /// Where the post is declared.
    public var location: SourceLocation
    /// Where its time is written.
    public var atLocation: SourceLocation

    /// Creates a post.
    public init(
        id: String, channel: Reference? = nil, at: LocalDateTime, title: String? = nil, owner: String? = nil,
        needs: [Reference] = [], reminders: [NominalDuration]? = nil, campaign: Reference? = nil,
        progress: Progress? = nil, location: SourceLocation, atLocation: SourceLocation? = nil
    ) {
        self.id = id
        self.channel = channel
        self.at = at
        self.title = title
        self.owner = owner
        self.needs = needs
        self.reminders = reminders
        self.campaign = campaign
        self.progress = progress
        self.location = location
        self.atLocation = atLocation ?? location
    }
}
