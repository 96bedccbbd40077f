/// The reply to `show`: the item's entry and, beside its members, each stage of its reminders, what it blocks,
/// where it is declared and its audit history.
public struct ItemDetail: Codable, Hashable, Sendable {
    /// The entry (its members are written at the top level, beside the others).
    public var entry: ItemEntry
    /// Each reminder, then the overdue warning.
    public var stages: [StageEntry]
    /// The first ids of the open items that need this one, directly or not.
    public var blocks: [String]
    /// Where the item is declared: `FILE:LINE:COLUMN`.
    public var source: String
    /// The blocker named when the daemon announced this item blocked.
    public var announcedBlockedBy: String?
    /// The item's audit rows, newest first.
    public var history: [AuditEntry]
    /// Its deliveries to routes, oldest first.
    public var deliveries: [DeliveryEntry]

    /// The member names of the protocol besides the entry's.
    enum CodingKeys: String, CodingKey {
        case stages, blocks, source
        case announcedBlockedBy = "announced_blocked_by"
        case history, deliveries
    }

    /// Creates a detail.
    public init(
        entry: ItemEntry, stages: [StageEntry], blocks: [String], source: String, announcedBlockedBy: String?,
        history: [AuditEntry], deliveries: [DeliveryEntry] = []
    ) {
        self.entry = entry
        self.stages = stages
        self.blocks = blocks
        self.source = source
        self.announcedBlockedBy = announcedBlockedBy
        self.history = history
        self.deliveries = deliveries
    }

    /// Reads the entry's members and the detail's from one object.
    public init(from decoder: any Decoder) throws {
        entry = try ItemEntry(from: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        stages = try c.decode([StageEntry].self, forKey: .stages)
        blocks = try c.decode([String].self, forKey: .blocks)
        source = try c.decode(String.self, forKey: .source)
        announcedBlockedBy = try c.decodeIfPresent(String.self, forKey: .announcedBlockedBy)
        history = try c.decode([AuditEntry].self, forKey: .history)
        // A daemon from before delivery sends none.
        deliveries = try c.decodeIfPresent([DeliveryEntry].self, forKey: .deliveries) ?? []
    }

    /// Writes the entry's members and the detail's into one object.
    public func encode(to encoder: any Encoder) throws {
        try entry.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(stages, forKey: .stages)
        try c.encode(blocks, forKey: .blocks)
        try c.encode(source, forKey: .source)
        try c.encodeIfPresent(announcedBlockedBy, forKey: .announcedBlockedBy)
        try c.encode(history, forKey: .history)
        try c.encode(deliveries, forKey: .deliveries)
    }
}
