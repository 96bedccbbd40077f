/// One item a calendar cell names: its title, status and kind, and when it is due (to keep the earliest).
public struct ReportCellItem: Hashable, Sendable {
    /// The item's title.
    public var title: String
    /// Where it stands.
    public var status: ItemStatus
    /// Post, occurrence, production item, preparation or renewal.
    public var kind: ItemKind
    /// The instant it is shown at (its due time, or its planned local time read as UTC).
    public var due: Int64
    /// The item id, to break ties between equal due times.
    public var id: String

    /// Creates an item.
    public init(title: String, status: ItemStatus, kind: ItemKind, due: Int64, id: String) {
        self.title = title
        self.status = status
        self.kind = kind
        self.due = due
        self.id = id
    }

    /// Orders by due time, then id (the agenda's order).
    static func earlier(_ a: ReportCellItem, _ b: ReportCellItem) -> Bool {
        a.due != b.due ? a.due < b.due : a.id < b.id
    }
}
