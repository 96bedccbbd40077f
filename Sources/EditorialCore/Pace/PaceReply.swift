/// The reply to `pace`: for each page and each owner, what was due in the last weeks and what became of it, with
/// the verdicts and the skimming hint.
public struct PaceReply: Codable, Hashable, Sendable {
    /// The window's first instant: Monday 00:00 in the team's zone, `weeks` weeks back (the current week counts).
    public var from: Instant
    /// The window's end: now.
    public var to: Instant
    /// The team's zone, in which weeks start.
    public var zone: String
    /// Weeks in the window.
    public var weeks: Int
    /// How late a publish may be and still count as on time, in seconds.
    public var tolerance: Int64
    /// The thresholds behind the verdicts.
    public var thresholds: PaceThresholds
    /// The pages, social first, then by title.
    public var pages: [PacePage]
    /// The owners of production items due in the window, by id.
    public var owners: [PaceOwner]
    /// Which page to drop first, when the rule applies; `null` otherwise.
    @ExplicitNull public var hint: PaceHint?

    /// The member names of the protocol.
    enum CodingKeys: String, CodingKey {
        case from, to, zone, weeks, tolerance, thresholds, pages, owners, hint
    }

    /// Creates a reply.
    public init(
        from: Instant, to: Instant, zone: String, weeks: Int, tolerance: Int64, thresholds: PaceThresholds,
        pages: [PacePage], owners: [PaceOwner], hint: PaceHint?
    ) {
        self.from = from
        self.to = to
        self.zone = zone
        self.weeks = weeks
        self.tolerance = tolerance
        self.thresholds = thresholds
        self.pages = pages
        self.owners = owners
        self.hint = hint
    }
}
