/// One entry of a dry run (`simulate`): what the daemon would journal, when, with the same message, priority,
/// MESSAGE_ID and fields, in order.
public struct SimulatedEntry: Codable, Hashable, Sendable {
    /// One journal field; a name may repeat (`EDITORIAL_BLOCKED_BY`, one per blocker).
    public struct Field: Codable, Hashable, Sendable {
        /// The field name (`EDITORIAL_ITEM`).
        public var name: String
        /// Its value.
        public var value: String

        /// A field.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// When the daemon would send it.
    public var at: Instant
    /// The syslog priority (`PRIORITY=`).
    public var priority: Int
    /// The catalog id (`MESSAGE_ID=`).
    @ExplicitNull public var messageID: String?
    /// The journal message (`MESSAGE=`); a digest's has one line per detail.
    public var message: String
    /// The fields in the order the journal gets them.
    public var fields: [Field]

    /// The member names of the protocol.
    enum CodingKeys: String, CodingKey {
        case at, priority, message, fields
        case messageID = "message_id"
    }

    /// An entry.
    public init(at: Instant, priority: Int, messageID: String?, message: String, fields: [Field]) {
        self.at = at
        self.priority = priority
        self.messageID = messageID
        self.message = message
        self.fields = fields
    }

    /// The entry `entry` sent at `at`.
    public init(_ entry: JournalEntry, at: Int64) {
        self.init(
            at: Instant(at), priority: Int(entry.priority.rawValue), messageID: entry.messageID?.rawValue,
            message: entry.message, fields: entry.fields.map { Field(name: $0.name, value: $0.value) })
    }

    /// The first value of field `name`.
    public subscript(field name: String) -> String? { fields.first { $0.name == name }?.value }
}
