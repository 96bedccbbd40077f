import EditorialCore

/// One agenda entry as the table needs it, read from its JSON form (`ItemJSON.entry`), so the table shows
/// the daemon's replies and offline evaluations alike.
struct AgendaRow {
    /// One link of a chain of blame.
    struct BlameRow {
        var item: String
        var owner: String?
        var reason: String
        var late: Int64
        var blocks: [String]
        var blocksCount: Int

        /// `blocked by ITEM (overdue by 2d, owner paolo); also blocks A, B, C and 4 more`, for the row `id`.
        func sentence(blocking id: String) -> String {
            var why: String
            switch Blame.Reason(rawValue: reason) {
            case .overdue?: why = "overdue by \(AgendaTable.span(late))"
            case .skipped?: why = "skipped"
            case .dueTooLate?: why = "due \(AgendaTable.span(late)) after it is needed"
            case .neverDue?: why = "never due (its time is skipped by daylight saving)"
            case nil: why = reason
            }
            if let owner { why += ", owner \(owner)" }
            var line = "blocked by \(item) (\(why))"
            let others = blocks.filter { $0 != id }
            // The list is cut at 20 but counted in full, and the blocked item itself is in the count.
            let otherCount = max(others.count, blocksCount - 1)
            if !others.isEmpty {
                let shown = others.prefix(3).joined(separator: ", ")
                line += "; also blocks \(shown)\(otherCount > 3 ? " and \(otherCount - 3) more" : "")"
            }
            return line
        }
    }

    var id: String
    var kind: String
    var channel: String?
    var title: String
    var owner: String?
    /// Due instant (epoch seconds); for an item skipped by daylight saving, its local time read as UTC.
    var due: Int64
    var hasDue: Bool
    /// The item zone's offset at its due time (seconds east of UTC).
    var offset: Int
    var timezone: String
    var status: ItemStatus
    var late: Int64
    var blockers: [BlameRow]
    var acknowledged: [String]

    /// Reads an entry; `nil` when a required member is missing.
    init?(_ json: JSONValue) {
        guard let id = json["id"]?.string, let statusText = json["status"]?.string,
            let status = ItemStatus(rawValue: statusText)
        else { return nil }
        self.id = id
        self.status = status
        kind = json["kind"]?.string ?? ""
        channel = json["channel"]?.string
        title = json["title"]?.string ?? id
        owner = json["owner"]?.string
        timezone = json["timezone"]?.string ?? "UTC"
        late = json["late_seconds"]?.int ?? 0
        acknowledged = json["acknowledged"]?.array?.compactMap(\.string) ?? []
        if let text = json["due"]?.string, case .success(.instant(let t)) = TimeText.parse(text) {
            due = t
            hasDue = true
        } else if let planned = json["planned"]?.string, case .success(.local(let local, _)) = TimeText.parse(planned) {
            due = local.secondsSinceEpochAsUTC
            hasDue = false
        } else {
            due = 0
            hasDue = false
        }
        offset = 0
        if let local = json["due_local"]?.string,
            case .success(.local(let l, _)) = TimeText.parse(String(local.prefix(19)))
        {
            offset = Int(l.secondsSinceEpochAsUTC - due)
        }
        blockers = (json["blocked_by"]?.array ?? []).compactMap { b in
            guard let item = b["item"]?.string else { return nil }
            return BlameRow(
                item: item, owner: b["owner"]?.string, reason: b["reason"]?.string ?? "overdue",
                late: b["late_seconds"]?.int ?? 0, blocks: b["blocks"]?.array?.compactMap(\.string) ?? [],
                blocksCount: Int(b["blocks_count"]?.int ?? 0))
        }
    }

    /// A row straight from an evaluation (offline).
    init(_ e: ItemEvaluation) { self.init(ItemJSON.entry(e))! }
}
