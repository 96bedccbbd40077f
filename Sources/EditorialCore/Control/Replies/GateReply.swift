/// The reply to `gate`: may the item be published now, and if not, what blocks it.
public struct GateReply: Codable, Hashable, Sendable {
    /// The item id.
    public var item: String
    /// Its status now.
    public var status: ItemStatus
    /// False only when it is blocked or skipped.
    public var mayPublish: Bool
    /// A sentence for people.
    public var reason: String
    /// The chain of blame, worst first.
    public var blockedBy: [BlameEntry]

    /// The member names of the protocol.
    enum CodingKeys: String, CodingKey {
        case item, status
        case mayPublish = "may_publish"
        case reason
        case blockedBy = "blocked_by"
    }

    /// The verdict on an evaluation.
    public init(_ e: ItemEvaluation) {
        item = e.item.id
        status = e.status
        blockedBy = e.blockers.map(BlameEntry.init)
        switch e.status {
        case .blocked:
            mayPublish = false
            reason = "blocked by " + e.blockers.map { "\($0.item) (\($0.reason.rawValue))" }.joined(separator: ", ")
        case .skipped:
            mayPublish = false
            reason = "the item is skipped"
        case .published:
            mayPublish = true
            reason = "already published"
        default:
            mayPublish = true
            reason = e.item.needs.isEmpty ? "nothing blocks it" : "everything it needs is done or on time"
        }
    }
}
