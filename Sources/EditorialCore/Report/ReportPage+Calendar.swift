extension ReportPage {
    /// The calendar's rows: the pace reply's pages first (their channels joined), then channels no page names, by
    /// id, then the items without a channel; beyond `limits.rows`, the last rows joined in one.
    func calendarRows() -> [ReportRow] {
        let empty = Array(repeating: ReportCell(keep: calendar.titlesPerCell), count: calendar.days)
        var rows: [ReportRow] = []
        for page in pace.pages {
            rows.append(
                ReportRow(
                    label: page.title, detail: page.channels.joined(separator: ", "), verdict: page.verdict,
                    isPage: true, cells: empty))
        }
        var rowOfChannel: [String: Int] = [:]
        for (row, page) in pace.pages.enumerated() {
            for channel in page.channels where rowOfChannel[channel] == nil { rowOfChannel[channel] = row }
        }
        for key in calendar.channels.keys.sorted(by: { ($0.isEmpty ? 1 : 0, $0) < ($1.isEmpty ? 1 : 0, $1) }) {
            let cells = calendar.channels[key]!
            if let row = rowOfChannel[key] {
                rows[row].merge(cells)
            } else {
                let label = key.isEmpty ? "No channel" : key
                let detail = key.isEmpty ? "production and plan renewals" : ""
                rows.append(ReportRow(label: label, detail: detail, verdict: nil, isPage: false, cells: cells))
            }
        }
        guard rows.count > limits.rows, limits.rows > 0 else { return rows }
        let kept = limits.rows - 1
        var rest = ReportRow(
            label: "\(rows.count - kept) more channels", detail: "joined", verdict: nil, isPage: false,
            cells: empty)
        for row in rows[kept...] { rest.merge(row.cells) }
        return Array(rows[..<kept]) + [rest]
    }

    /// The next weeks as calendar weeks, Monday to Sunday: one table per week, a row per page or channel, a
    /// column per day; days outside the window are hatched, today is outlined.
    func writeCalendar(_ out: inout String) {
        let rows = calendarRows()
        let first = calendar.firstDay
        let last = first + calendar.days - 1
        let today = ReportFormat.localDay(now, in: zone)
        let span = calendar.days % 7 == 0 ? "\(calendar.days / 7) weeks" : "\(calendar.days) days"
        out += "<section id=\"calendar\"><h2>The next \(span) "
        out += "<span class=\"pill\">\(ReportFormat.day(first)) – \(ReportFormat.day(last))</span></h2>\n"
        out += "<div class=\"legend\">"
        for status in ReportCell.urgency {
            out += "<span><i class=\"b-\(status.rawValue)\"></i>\(status.rawValue)</span>"
        }
        out += "<span>italic: production · bold: plan renewal</span></div>\n"
        if rows.isEmpty {
            out += "<p class=\"none\">Nothing is planned in these weeks.</p></section>\n"
            return
        }
        var monday = first - (Weekday.of(daysSinceEpoch: first).rawValue - 1)
        while monday <= last {
            out += "<table class=\"week\"><thead><tr><th class=\"ch\">Week of \(ReportFormat.shortDay(monday))</th>"
            for day in monday..<monday + 7 {
                out += "<th class=\"\(Self.dayClass(day, today: today))\">"
                out += day == today ? "Today · \(ReportFormat.day(day))" : ReportFormat.day(day)
                out += "</th>"
            }
            out += "</tr></thead><tbody>\n"
            for row in rows {
                out += "<tr><th class=\"ch\">"
                if row.isPage { out += "<span class=\"dot v-\(row.verdict?.rawValue ?? "none")\"></span>" }
                out += HTMLText.clipped(row.label, to: 40)
                if !row.detail.isEmpty { out += "<small>\(HTMLText.clipped(row.detail, to: 60))</small>" }
                out += "</th>"
                for day in monday..<monday + 7 {
                    guard day >= first, day <= last else {
                        out += "<td class=\"x\"></td>"
                        continue
                    }
                    writeCell(row.cells[day - first], day: day, today: today, &out)
                }
                out += "</tr>\n"
            }
            out += "</tbody></table>\n"
            monday += 7
        }
        out += "</section>\n"
    }

    /// One day of one row: the count, the count by status, a bar of the mix, the first titles and how many more.
    private func writeCell(_ cell: ReportCell, day: Int, today: Int, _ out: inout String) {
        var css = "c"
        if let worst = cell.worst { css += " st-\(worst.rawValue)" }
        let extra = Self.dayClass(day, today: today)
        if !extra.isEmpty { css += " " + extra }
        out += "<td class=\"\(css)\">"
        guard cell.total > 0 else {
            out += "</td>"
            return
        }
        let present = ReportCell.urgency.filter { cell.count($0) > 0 }
        out += "<div class=\"n\"><b>\(cell.total)</b>"
        // One status needs no count of its own: the cell's count is it.
        out +=
            present.count == 1
            ? present[0].rawValue : present.map { "\(cell.count($0)) \($0.rawValue)" }.joined(separator: " · ")
        out += "</div>"
        if present.count > 1 {
            out += "<div class=\"mix\">"
            for status in present {
                let share = Double(cell.count(status)) * 100 / Double(cell.total)
                out += "<i class=\"b-\(status.rawValue)\" style=\"width:\(ReportFormat.number(share))%\"></i>"
            }
            out += "</div>"
        }
        out += "<ul>"
        for item in cell.first {
            var classes = "t-\(item.status.rawValue)"
            switch item.kind {
            case .content, .preparation: classes += " p"
            case .renewal: classes += " r"
            case .post, .occurrence: break
            }
            out += "<li class=\"\(classes)\">\(HTMLText.clipped(item.title, to: limits.cellTitle))</li>"
        }
        out += "</ul>"
        if cell.total > cell.first.count { out += "<div class=\"more\">+\(cell.total - cell.first.count) more</div>" }
        out += "</td>"
    }

    /// `today`, `we` (Saturday, Sunday), both or neither.
    private static func dayClass(_ day: Int, today: Int) -> String {
        let weekend = Weekday.of(daysSinceEpoch: day).rawValue >= 6
        switch (day == today, weekend) {
        case (true, true): return "today we"
        case (true, false): return "today"
        case (false, true): return "we"
        case (false, false): return ""
        }
    }
}
