/// One link of a chain of blame on the wire: the prerequisite, why it blocks, how late, the path to it, and
/// the first `ControlProtocol.blocksShown` items it blocks (all of them counted).
public struct BlameEntry: Codable, Hashable, Sendable {
    /// The prerequisite that blocks.
    public var item: String
    /// Its title.
    public var title: String
    /// Who is responsible for it.
    public var owner: String?
    /// Its due time.
    public var due: Instant?
    /// Why it blocks.
    public var reason: Blame.Reason
    /// Seconds past its due time (`overdue`) or after the blocked item's due time (`due-too-late`), else 0.
    public var lateSeconds: Int64
    /// The dependency path from the blocked item to this prerequisite, both included.
    public var path: [String]
    /// The first ids (sorted) of the open items that need it, directly or not.
    public var blocks: [String]
    /// How many items it blocks in all.
    public var blocksCount: Int

    /// The member names of the protocol.
    enum CodingKeys: String, CodingKey {
        case item, title, owner, due, reason
        case lateSeconds = "late_seconds"
        case path, blocks
        case blocksCount = "blocks_count"
    }

    /// The wire form of a link.
    public init(_ b: Blame) {
        item = b.item
        title = b.title
        owner = b.owner
        due = b.due.map(Instant.init)
        reason = b.reason
        lateSeconds = b.late
        path = b.path
        blocks = Array(b.blocks.prefix(ControlProtocol.blocksShown))
        blocksCount = b.blocks.count
    }
}
