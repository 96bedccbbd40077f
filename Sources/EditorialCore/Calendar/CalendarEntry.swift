/// The components that share one UID (a slot's master event and its overrides, or one post or to-do), rendered
/// without the lines that change from one export to the next (UID, DTSTAMP, SEQUENCE).
///
/// `fingerprint` hashes what a subscriber sees of the entry, so a changed fingerprint is a changed item: its
/// SEQUENCE goes up (`CalendarSequences`).
public struct CalendarEntry: Sendable {
    /// One component: `VEVENT` or `VTODO`, and its content lines after UID, DTSTAMP and SEQUENCE.
    public struct Component: Sendable {
        /// `VEVENT` or `VTODO`.
        public var name: String
        /// Its content lines after UID, DTSTAMP and SEQUENCE.
        public var body: ICalendarWriter
    }

    /// The UID, stable across exports and reloads (derived from the item id).
    public var uid: String
    /// The plan.
    public var plan: String
    /// The item's channel (qualified id), if any.
    public var channel: String?
    /// The item's owner, if any.
    public var owner: String?
    /// The zone whose VTIMEZONE the components name (nil for UTC times only).
    public var zone: ZoneRules?
    /// The earliest and latest instants the components mention (for the VTIMEZONE's span).
    public var span: ClosedRange<Int64>
    /// The components, master first.
    public var components: [Component]
    /// FNV-1a over the components.
    public var fingerprint: UInt64

    /// Creates an entry and computes its fingerprint.
    init(
        uid: String, plan: String, channel: String?, owner: String?, zone: ZoneRules?, span: ClosedRange<Int64>,
        components: [Component]
    ) {
        self.uid = uid
        self.plan = plan
        self.channel = channel
        self.owner = owner
        self.zone = zone
        self.span = span
        self.components = components
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for c in components {
            for byte in c.name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            for byte in c.body.bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        }
        fingerprint = hash
    }
}
