/// What each occurrence of a slot needs produced beforehand (an infographic two days ahead, say).
public struct Preparation: Hashable, Sendable {
    /// The production type (`infographic`, `video`, `copy`, …).
    public var type: String
    /// How long before the occurrence it must be done.
    public var lead: NominalDuration
    /// Who produces it.
    public var owner: String?
    /// A readable name; defaults to the type and the slot's title.
    public var title: String?
    /// Where it is declared.
    public var location: SourceLocation

    /// Creates a preparation.
    public init(
        type: String, lead: NominalDuration, owner: String? = nil, title: String? = nil, location: SourceLocation
    ) {
        self.type = type
        self.lead = lead
        self.owner = owner
        self.title = title
        self.location = location
    }
}
