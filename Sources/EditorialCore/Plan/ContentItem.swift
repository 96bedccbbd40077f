/// A production item: something that must exist before posts can go out (copy, infographic, video, approval).
public struct ContentItem: Hashable, Sendable {
    /// Id, unique within its plan.
    public var id: String
    /// What is produced (`ebook`, `infographic`, `video`, `approval`, `copy`, …).
    public var type: String
    /// A readable name.
    public var title: String?
    /// Who is responsible.
    public var owner: String?
    /// Production deadline, local time in the plan's zone.
    public var due: LocalDateTime
    /// Other items that must be done first.
    public var needs: [Reference]
    /// Lead times before `due` at which to remind; `nil` takes the plan's.
    public var reminders: [NominalDuration]?
    /// Channels the piece is delivered on (communication plans: "where it is delivered").
    public var channels: [Reference]
    /// The campaign it belongs to.
    public var campaign: Reference?
    /// Progress recorded in the file.
    public var progress: Progress?
    /// Where the item is declared.
    public var location: SourceLocation

    /// Creates an item.
    public init(
        id: String, type: String, title: String? = nil, owner: String? = nil, due: LocalDateTime,
        needs: [Reference] = [], reminders: [NominalDuration]? = nil, channels: [Reference] = [],
        campaign: Reference? = nil, progress: Progress? = nil, location: SourceLocation
    ) {
        self.id = id
        self.type = type
        self.title = title
        self.owner = owner
        self.due = due
        self.needs = needs
        self.reminders = reminders
        self.channels = channels
        self.campaign = campaign
        self.progress = progress
        self.location = location
    }
}
