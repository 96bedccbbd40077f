/// The pace in one line, for `status`: pages by verdict over the window, and the page to drop first.
public struct PaceSummary: Codable, Hashable, Sendable {
    /// Weeks in the window.
    public var weeks: Int
    /// Pages keeping pace.
    public var keepingPace: Int
    /// Pages slipping.
    public var slipping: Int
    /// Pages stalled.
    public var stalled: Int
    /// The pages slipping or stalled, by title.
    public var behind: [String]
    /// The page to drop first (its title), when the skimming hint applies.
    @ExplicitNull public var drop: String?
    /// When it was counted.
    public var at: Instant

    /// The member names of the protocol.
    enum CodingKeys: String, CodingKey {
        case weeks
        case keepingPace = "keeping_pace"
        case slipping, stalled, behind, drop, at
    }

    /// Creates a summary.
    public init(
        weeks: Int, keepingPace: Int, slipping: Int, stalled: Int, behind: [String], drop: String?, at: Instant
    ) {
        self.weeks = weeks
        self.keepingPace = keepingPace
        self.slipping = slipping
        self.stalled = stalled
        self.behind = behind
        self.drop = drop
        self.at = at
    }

    /// The summary of a report.
    public init(_ reply: PaceReply) {
        let count = { (v: PaceVerdict) in reply.pages.filter { $0.verdict == v }.count }
        self.init(
            weeks: reply.weeks, keepingPace: count(.keepingPace), slipping: count(.slipping), stalled: count(.stalled),
            behind: reply.pages.filter { $0.verdict == .slipping || $0.verdict == .stalled }.map(\.title),
            drop: reply.hint?.title, at: reply.to)
    }

    /// `8 weeks: 3 keeping pace, 1 slipping (LinkedIn acme), 0 stalled; drop first: LinkedIn acme`.
    public var line: String {
        let behindText =
            behind.isEmpty ? "" : " (\(behind.prefix(3).joined(separator: ", "))\(behind.count > 3 ? ", …" : ""))"
        let dropText = drop.map { "; drop first: \($0)" } ?? ""
        if keepingPace + slipping + stalled == 0 { return "\(weeks) weeks: no post was due" }
        return
            "\(weeks) weeks: \(keepingPace) keeping pace, \(slipping) slipping, \(stalled) stalled\(behindText)\(dropText)"
    }
}
