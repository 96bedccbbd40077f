/// One stage of an item in `show`: a reminder, the due notice or the overdue warning, and whether it fired.
public struct StageEntry: Codable, Hashable, Sendable {
    /// What the stage is.
    public enum Kind: String, Codable, Hashable, Sendable {
        /// A lead time before due.
        case reminder
        /// The due time (lead `PT0S`).
        case due
        /// The overdue warning.
        case overdue
    }

    /// Whether it fired.
    public enum State: String, Codable, Hashable, Sendable {
        /// It was sent.
        case fired
        /// Its time passed without it being sent (folded into a later stage after a gap, or closed).
        case missed
        /// Its time has not come.
        case pending
        /// Older than what the daemon keeps of fired keys (`FiredRetention`): whether it fired is no longer
        /// recorded.
        case forgotten
    }

    /// The reminder key.
    public var key: String
    /// What it is.
    public var kind: Kind
    /// When it fires.
    public var at: Instant
    /// The lead time (not for the overdue warning).
    public var lead: String?
    /// Whether it fired.
    public var state: State
    /// When it was sent; an empty string when the daemon knows it fired but keeps no record of when.
    public var firedAt: String?
    /// `true` when it was sent late, after the daemon was down; absent otherwise.
    public var catchUp: Bool?
    /// When someone acknowledged it.
    public var acknowledgedAt: Instant?

    /// The member names of the protocol.
    enum CodingKeys: String, CodingKey {
        case key, kind, at, lead, state
        case firedAt = "fired_at"
        case catchUp = "catch_up"
        case acknowledgedAt = "acknowledged_at"
    }

    /// Creates a stage.
    public init(
        key: String, kind: Kind, at: Instant, lead: String?, state: State, firedAt: String? = nil,
        catchUp: Bool? = nil, acknowledgedAt: Instant? = nil
    ) {
        self.key = key
        self.kind = kind
        self.at = at
        self.lead = lead
        self.state = state
        self.firedAt = firedAt
        self.catchUp = catchUp
        self.acknowledgedAt = acknowledgedAt
    }
}
