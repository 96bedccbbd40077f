/// One structured event for the journal: a message, its priority, an optional catalog id and extra fields.
public struct JournalEntry: Sendable, Equatable {
    /// The human-readable text (`MESSAGE=`); it may be empty or span several lines.
    public var message: String
    /// The syslog priority (`PRIORITY=`).
    public var priority: JournalPriority
    /// The catalog id (`MESSAGE_ID=`) of editoriald's well-known events.
    public var messageID: MessageID?
    /// Extra fields in the order they are sent; a name may repeat (journald keeps every value).
    public var fields: [JournalField]

    /// An entry with the given parts.
    public init(
        _ message: String, priority: JournalPriority = .info, messageID: MessageID? = nil, fields: [JournalField] = []
    ) {
        self.message = message
        self.priority = priority
        self.messageID = messageID
        self.fields = fields
    }

    /// An entry whose fields are written as a literal list, `["EDITORIAL_ITEM": id, …]`, kept in order.
    public init(
        _ message: String, priority: JournalPriority = .info, messageID: MessageID? = nil,
        fields: KeyValuePairs<String, String>
    ) {
        self.init(
            message, priority: priority, messageID: messageID, fields: fields.map { JournalField($0.key, $0.value) })
    }

    /// The names ``Journal`` writes itself; a field with one of these names is renamed by ``fieldName(_:)``.
    public static let reservedFieldNames: Set<String> = ["MESSAGE", "PRIORITY", "MESSAGE_ID", "SYSLOG_IDENTIFIER"]

    /// The longest field name journald accepts.
    public static let maximumFieldNameLength = 64

    /// The valid journal field name for an arbitrary key, such as a swift-log metadata key.
    ///
    /// Journal field names are made of `A`–`Z`, `0`–`9` and `_`, do not start with `_` (journald reserves
    /// those for fields it adds itself, like `_PID`) or a digit, and are at most 64 characters long.
    /// The key is upper-cased (ASCII), every other character becomes `_`, a name that would be empty,
    /// start with `_` or a digit, or clash with one of ``reservedFieldNames`` gets the prefix `FIELD_`
    /// (`plan` → `PLAN`, `editorial.item-id` → `EDITORIAL_ITEM_ID`, `_pid` → `FIELD__PID`, `2fa` →
    /// `FIELD_2FA`, `message` → `FIELD_MESSAGE`, `` → `FIELD`), and the result is cut to 64 characters.
    /// Distinct keys can therefore share a name; journald then keeps both values under it.
    public static func fieldName(_ key: String) -> String {
        // Fast path: names written in code (EDITORIAL_ITEM, …) are already valid; checking bytes is far cheaper
        // than rebuilding the string, and every entry has a dozen of them.
        let bytes = key.utf8
        if let first = bytes.first, bytes.count <= maximumFieldNameLength, first >= 0x41 && first <= 0x5A,
            bytes.allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }),
            !reservedFieldNames.contains(key)
        {
            return key
        }
        var name = ""
        name.reserveCapacity(key.utf8.count)
        for scalar in key.unicodeScalars {
            switch scalar.value {
            case 0x41...0x5A, 0x30...0x39, 0x5F: name.unicodeScalars.append(scalar)
            case 0x61...0x7A: name.unicodeScalars.append(Unicode.Scalar(scalar.value - 0x20)!)
            default: name.append("_")
            }
            if name.utf8.count > maximumFieldNameLength { break }
        }
        if name.isEmpty {
            return "FIELD"
        }
        if let first = name.utf8.first,
            first == UInt8(ascii: "_") || (0x30...0x39).contains(first)
                || reservedFieldNames.contains(name)
        {
            name = "FIELD_" + name
        }
        return String(name.prefix(maximumFieldNameLength))
    }
}
