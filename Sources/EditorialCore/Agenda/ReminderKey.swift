/// The once-only keys of an item's stages and announcements, spelled here and nowhere else: `ITEM!LEAD` for
/// each lead time (`ITEM!PT0S` is the due time), `ITEM!overdue`, `ITEM!blocked` and `ITEM!unblocked`.
public enum ReminderKey {
    /// The key of the reminder `lead` before the item's due time.
    public static func lead(_ item: String, _ lead: NominalDuration) -> String { "\(item)!\(lead)" }

    /// The key of the item's overdue warning.
    public static func overdue(_ item: String) -> String { "\(item)!overdue" }

    /// The key of the item's blocked announcement.
    public static func blocked(_ item: String) -> String { "\(item)!blocked" }

    /// The key of the item's unblocked announcement.
    public static func unblocked(_ item: String) -> String { "\(item)!unblocked" }

    /// True for a blocked announcement's key.
    public static func isBlocked(_ key: String) -> Bool { key.hasSuffix("!blocked") }

    /// The item a key belongs to (what comes before its last `!`), `nil` when it has none.
    public static func item(of key: String) -> String? {
        key.lastIndex(of: "!").map { String(key[..<$0]) }
    }

    /// Every key someone may acknowledge for `item`: its reminders, its overdue warning and its block.
    public static func acknowledgeable(_ item: AgendaItem) -> [String] {
        item.reminders.map(\.key) + [overdue(item.id), blocked(item.id)]
    }
}
