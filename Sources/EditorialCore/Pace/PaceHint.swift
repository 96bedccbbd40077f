/// The skimming hint: more social pages are active than a team can feed, some are slipping or stalled, and this
/// is the one to drop first.
public struct PaceHint: Codable, Hashable, Sendable {
    /// The page to drop first (`PacePage.page`).
    public var drop: String
    /// Its readable name.
    public var title: String
    /// Social pages with posts due in the window.
    public var activeSocialPages: Int
    /// Its on-time share.
    public var onTimeRatio: Double
    /// Late or open production items behind its posts.
    public var lateProduction: Int
    /// The whole hint as a sentence, citing the figures and the source document's rule.
    public var message: String

    /// The member names of the protocol.
    enum CodingKeys: String, CodingKey {
        case drop, title
        case activeSocialPages = "active_social_pages"
        case onTimeRatio = "on_time_ratio"
        case lateProduction = "late_production"
        case message
    }

    /// Creates a hint.
    public init(
        drop: String, title: String, activeSocialPages: Int, onTimeRatio: Double, lateProduction: Int, message: String
    ) {
        self.drop = drop
        self.title = title
        self.activeSocialPages = activeSocialPages
        self.onTimeRatio = onTimeRatio
        self.lateProduction = lateProduction
        self.message = message
    }
}
