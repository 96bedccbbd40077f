import EditorialCore

/// One link of a chain of blame in JSON.
struct BlameJSON: Encodable {
    var item: String
    var title: String
    var owner: String?
    var due: String?
    var reason: String
    var lateSeconds: Int64
    var path: [String]
    /// The first `BlameJSON.blocksShown` items it blocks (all of them are counted in `blocksCount`).
    var blocks: [String]
    var blocksCount: Int

    /// How many blocked ids are listed per blame: one late e-book may block thousands of posts, and
    /// repeating them under each would make the output grow with the square of the plan.
    static let blocksShown = 20

    enum CodingKeys: String, CodingKey {
        case item, title, owner, due, reason, path, blocks
        case lateSeconds = "late_seconds"
        case blocksCount = "blocks_count"
    }

    init(_ b: Blame) {
        item = b.item
        title = b.title
        owner = b.owner
        due = b.due.map(TimeText.utc)
        reason = b.reason.rawValue
        lateSeconds = b.late
        path = b.path
        blocks = Array(b.blocks.prefix(Self.blocksShown))
        blocksCount = b.blocks.count
    }
}
