/// The bounds that keep the report's page small whatever the plans hold: beyond each, the rest is counted, not
/// drawn.
public struct ReportLimits: Hashable, Sendable {
    /// Rows of the calendar (pages or channels); the others are joined in one row.
    public var rows: Int
    /// Blocked posts listed (the worst first).
    public var blocked: Int
    /// Links of a chain of blame shown per blocked post.
    public var blameLinks: Int
    /// Pages with a pace chart.
    public var pages: Int
    /// Owners in the production table (the most late or open first).
    public var owners: Int
    /// Characters of a title in a calendar cell.
    public var cellTitle: Int

    /// Creates limits.
    public init(
        rows: Int = 60, blocked: Int = 25, blameLinks: Int = 4, pages: Int = 60, owners: Int = 40,
        cellTitle: Int = 34
    ) {
        self.rows = rows
        self.blocked = blocked
        self.blameLinks = blameLinks
        self.pages = pages
        self.owners = owners
        self.cellTitle = cellTitle
    }

    /// The defaults.
    public static let standard = ReportLimits()
}
