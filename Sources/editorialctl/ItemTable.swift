import EditorialCore

/// Item rows as aligned text, the one renderer of the agenda (a block per day) and the lists (a header row):
/// columns padded to the widest cell, the status painted, and each row's notes (chains of blame, lateness,
/// acknowledgements) under it after `↳`.
struct ItemTable {
    /// One row.
    struct Row {
        /// The cells, left to right.
        var cells: [String]
        /// The item's status, to paint its column.
        var status: ItemStatus
        /// Lines under the row.
        var notes: [String]
    }

    /// A run of rows under an optional title (the agenda's day).
    struct Section {
        /// The title line, bold.
        var title: String?
        /// The rows.
        var rows: [Row]
    }

    /// A bold header row, aligned with the cells.
    var header: [String]?
    /// The sections, separated by a blank line.
    var sections: [Section]
    /// Which column is the status.
    var statusColumn: Int
    /// What each row and note starts with.
    var indent: String

    /// The text, ending with a newline when not empty.
    func render() -> String {
        let rows = sections.flatMap(\.rows)
        guard !rows.isEmpty else { return "" }
        var widths: [Int] = []
        for cells in (header.map { [$0] } ?? []) + rows.map(\.cells) {
            for (i, cell) in cells.enumerated() {
                if i == widths.count { widths.append(0) }
                widths[i] = max(widths[i], cell.count)
            }
        }
        func line(_ cells: [String], paint: (Int, String) -> String) -> String {
            indent
                + cells.enumerated().map { i, cell in
                    i == cells.count - 1 ? paint(i, cell) : paint(i, cell.padding(toLength: widths[i])) + "  "
                }.joined()
        }
        var out = ""
        if let header { out += line(header) { Terminal.paint($1, "1") } + "\n" }
        for (index, section) in sections.enumerated() {
            if index > 0 { out += "\n" }
            if let title = section.title { out += Terminal.paint(title, "1") + "\n" }
            for row in section.rows {
                out += line(row.cells) { i, cell in i == statusColumn ? Self.paint(cell, row.status) : cell } + "\n"
                for note in row.notes {
                    out += indent + String(repeating: " ", count: widths[0] + 2) + "↳ " + note + "\n"
                }
            }
        }
        return out
    }

    /// A status word painted by what it means: late in red, due in yellow, finished dimmed.
    static func paint(_ text: String, _ status: ItemStatus) -> String {
        switch status {
        case .blocked, .overdue: Terminal.paint(text, "1;31")
        case .due: Terminal.paint(text, "33")
        case .done, .published, .skipped: Terminal.paint(text, "2")
        case .planned: text
        }
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

extension String {
    /// The text padded with spaces to `length` characters (never cut).
    func padding(toLength length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }
}
