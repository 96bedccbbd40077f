import EditorialCore

/// The human form of the agenda: one block per day in the display zone, aligned columns, and the chain of
/// blame under each blocked entry.
struct AgendaTable {
    /// The entries, in time order.
    let entries: [ItemEntry]
    /// The display zone.
    let zone: ZoneRules

    /// The rendered text, ending with a newline when not empty.
    func render() -> String {
        var sections: [ItemTable.Section] = []
        for e in entries {
            let due = e.displayDue
            let offset = zone.offset(atUTC: due)
            let shown = LocalDateTime(secondsSinceEpochAsUTC: due + Int64(offset))
            let header = "\(shown.date) \(shown.weekday.name.prefix(3).capitalized)"
            // Local time with its UTC offset, so that rows on a daylight-saving day read unambiguously.
            var time = String(shown.description.dropFirst(11).prefix(5)) + TimeText.offsetText(offset)
            if e.timezone != zone.identifier, let own = e.dueLocal {
                time += " (\(String(own.local.description.dropFirst(11).prefix(5))) \(e.timezone))"
            }
            var notes = e.blockedBy.map { $0.sentence(blocking: e.id) }
            if e.lateSeconds > 0 && (e.status == .overdue || e.status == .blocked) {
                notes.append("\(e.status == .blocked ? "and itself " : "")overdue by \(ItemTable.span(e.lateSeconds))")
            }
            let row = ItemTable.Row(
                cells: [
                    time, e.status.rawValue, e.channel.map(Self.shortChannel) ?? "-", e.title, e.owner ?? "-", e.id,
                ],
                status: e.status, notes: notes)
            if sections.last?.title == header {
                sections[sections.count - 1].rows.append(row)
            } else {
                sections.append(ItemTable.Section(title: header, rows: [row]))
            }
        }
        return ItemTable(header: nil, sections: sections, statusColumn: 1, indent: "  ").render()
    }

    /// `linkedin` from `acme-2027-h1/linkedin`.
    static func shortChannel(_ id: String) -> String {
        id.split(separator: "/").last.map(String.init) ?? id
    }
}
