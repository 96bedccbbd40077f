import EditorialCore

extension ItemEntry {
    /// The instant to show the entry at: its due time, or for an item skipped by daylight saving its planned
    /// local time read as UTC.
    var displayDue: Int64 { due?.seconds ?? planned.secondsSinceEpochAsUTC }
}

extension BlameEntry {
    /// `blocked by ITEM (overdue by 2d, owner paolo); also blocks A, B, C and 4 more`, under the row `id`.
    func sentence(blocking id: String) -> String {
        var why: String
        switch reason {
        case .overdue: why = "overdue by \(ItemTable.span(lateSeconds))"
        case .skipped: why = "skipped"
        case .dueTooLate: why = "due \(ItemTable.span(lateSeconds)) after it is needed"
        case .neverDue: why = "never due (its time is skipped by daylight saving)"
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
