/// One `NAME=value` field of a journal entry; the name is always a valid journal field name.
public struct JournalField: Sendable, Equatable {
    /// The field name, already made valid by ``JournalEntry/fieldName(_:)``.
    public let name: String
    /// The value; it may hold newlines and any Unicode text.
    public var value: String

    /// A field named after `name`, made valid with ``JournalEntry/fieldName(_:)`` (`item` becomes `ITEM`).
    public init(_ name: String, _ value: String) {
        self.name = JournalEntry.fieldName(name)
        self.value = value
    }

    /// A field whose name is already valid (a constant written in code, `EDITORIAL_ITEM`): not checked again, which
    /// a dry run of a month of a large plan set notices.
    public init(valid name: String, _ value: String) {
        assert(JournalEntry.fieldName(name) == name, "\(name) is not a valid journal field name")
        self.name = name
        self.value = value
    }
}
