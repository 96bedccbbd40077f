import EditorialCore

/// The human form of the agenda: one block per day in the display zone, aligned columns, and the chain of
/// blame under each blocked entry.
struct AgendaTable {
    /// The entries, in time order.
    let rows: [AgendaRow]
    /// The display zone.
    let zone: ZoneRules
    /// The moment of evaluation.
    let now: Int64

    /// The rendered text, ending with a newline when not empty.
    func render() -> String {
        struct Row {
            var cells: [String]
            var status: ItemStatus
            var notes: [String]
        }
        var days: [(String, [Row])] = []
        for e in rows {
            let due = e.due
            let offset = zone.offset(atUTC: due)
            let shown = LocalDateTime(secondsSinceEpochAsUTC: due + Int64(offset))
            let header = "\(shown.date) \(shown.weekday.name.prefix(3).capitalized)"
            // Local time with its UTC offset, so that rows on a daylight-saving day read unambiguously.
            var time = String(shown.description.dropFirst(11).prefix(5)) + TimeText.offsetText(offset)
            if e.timezone != zone.identifier, e.hasDue {
                let own = LocalDateTime(secondsSinceEpochAsUTC: due + Int64(e.offset))
                time += " (\(String(own.description.dropFirst(11).prefix(5))) \(e.timezone))"
            }
            var notes: [String] = []
            for b in e.blockers { notes.append(b.sentence(blocking: e.id)) }
            if e.late > 0 && (e.status == .overdue || e.status == .blocked) {
                notes.append("\(e.status == .blocked ? "and itself " : "")overdue by \(Self.span(e.late))")
            }
            let row = Row(
                cells: [
                    time, e.status.rawValue, e.channel.map(Self.shortChannel) ?? "-", e.title,
                    e.owner ?? "-", e.id,
                ], status: e.status, notes: notes)
            if days.last?.0 == header {
                days[days.count - 1].1.append(row)
            } else {
                days.append((header, [row]))
            }
        }
        let all = days.flatMap(\.1)
        guard !all.isEmpty else { return "" }
        var widths = [Int](repeating: 0, count: 6)
        for row in all {
            for (i, cell) in row.cells.enumerated() { widths[i] = max(widths[i], cell.count) }
        }
        var out = ""
        for (index, (header, rows)) in days.enumerated() {
            if index > 0 { out += "\n" }
            out += Terminal.paint(header, "1") + "\n"
            for row in rows {
                var line = "  "
                for (i, cell) in row.cells.enumerated() {
                    let padded =
                        i == row.cells.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
                    line +=
                        (i == 1 ? Self.paintStatus(padded, row.status) : padded)
                        + (i == row.cells.count - 1 ? "" : "  ")
                }
                out += line + "\n"
                for note in row.notes {
                    out += "  " + String(repeating: " ", count: widths[0] + 2) + "↳ " + note + "\n"
                }
            }
        }
        return out
    }

    static func paintStatus(_ text: String, _ status: ItemStatus) -> String {
        switch status {
        case .blocked, .overdue: return Terminal.paint(text, "1;31")
        case .due: return Terminal.paint(text, "33")
        case .done, .published, .skipped: return Terminal.paint(text, "2")
        case .planned: return text
        }
    }

    /// `linkedin` from `acme-2027-h1/linkedin`.
    static func shortChannel(_ id: String) -> String {
        id.split(separator: "/").last.map(String.init) ?? id
    }

    /// A readable length: `3d 4h`, `2h 5m`, `45m`, `30s`.
    static func span(_ seconds: Int64) -> String {
        let d = seconds / 86_400
        let h = seconds / 3600 % 24
        let m = seconds / 60 % 60
        if d > 0 { return h > 0 ? "\(d)d \(h)h" : "\(d)d" }
        if h > 0 { return m > 0 ? "\(h)h \(m)m" : "\(h)h" }
        if m > 0 { return "\(m)m" }
        return "\(seconds)s"
    }
}
