/// A named campaign of a communication plan that content and posts can belong to.
public struct Campaign: Hashable, Sendable {
    /// Id, unique within its plan.
    public var id: String
    /// A readable name.
    public var title: String?
    /// First day.
    public var from: LocalDateTime?
    /// Last day (inclusive).
    public var until: LocalDateTime?
    /// Where it is declared.
    public var location: SourceLocation

    /// Creates a campaign.
    public init(
        id: String, title: String? = nil, from: LocalDateTime? = nil, until: LocalDateTime? = nil,
        location: SourceLocation
    ) {
        self.id = id
        self.title = title
        self.from = from
        self.until = until
        self.location = location
    }
}
