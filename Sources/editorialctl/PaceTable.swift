import EditorialCore

/// The text of a pace reply: a header, a table of pages with their trends, a table of owners, the hint.
enum PaceTable {
    /// The lines to print.
    static func render(_ reply: PaceReply, unicode: Bool) -> [String] {
        let zone = ZoneRules(identifier: reply.zone) ?? ZoneRules(identifier: "UTC")!
        let from = zone.local(reply.from.seconds).date
        var lines = [
            "Pace over \(reply.weeks) week\(reply.weeks == 1 ? "" : "s") (from \(from) to now, \(reply.zone); on time "
                + "= within \(TimeText.span(reply.tolerance)) of due)"
        ]
        if reply.pages.isEmpty && reply.owners.isEmpty {
            lines.append("Nothing was due in the window.")
            return lines
        }
        if !reply.pages.isEmpty {
            var rows = [
                ["PAGE", "VERDICT", "ON TIME", "LATE", "MEDIAN", "P90", "SKIPPED", "OPEN", "LATE PROD.", "TREND"]
            ]
            for p in reply.pages {
                rows.append([
                    p.title + (p.social ? "" : " (owned)"), PaceText.verdict(p.verdict), share(p.onTime, p.planned),
                    String(p.late), p.lateMedian.map(TimeText.span) ?? "-", p.lateP90.map(TimeText.span) ?? "-",
                    String(p.skipped), String(p.open), String(p.lateProduction),
                    PaceChart.sparkline(p.weeks, unicode: unicode),
                ])
            }
            lines.append("")
            lines += table(rows, numeric: [2, 3, 4, 5, 6, 7, 8]) { row, column, text in
                column == 1 && row > 0 ? paint(reply.pages[row - 1].verdict, text) : text
            }
        }
        if !reply.owners.isEmpty {
            var rows = [["OWNER", "ON TIME", "LATE", "SKIPPED", "OPEN", "TREND"]]
            for o in reply.owners {
                rows.append([
                    o.owner, share(o.onTime, o.planned), String(o.late), String(o.skipped), String(o.open),
                    PaceChart.sparkline(o.weeks, unicode: unicode),
                ])
            }
            lines.append("")
            lines.append("Production items by owner:")
            lines += table(rows, numeric: [1, 2, 3, 4]) { _, _, text in text }
        }
        if let hint = reply.hint {
            lines.append("")
            lines.append(Terminal.paint("Hint:", "1") + " " + hint.message)
        }
        let t = reply.thresholds
        lines.append("")
        lines.append(
            "Stalled: posts due in the last \(t.stalledWeeks) weeks and none out; slipping: under "
                + "\(Int((t.onTimeShare * 100).rounded()))% on time; keeping pace: otherwise.")
        return lines
    }

    private static func share(_ onTime: Int, _ planned: Int) -> String {
        "\(onTime)/\(planned) \(PaceText.percent(onTime, of: planned))%"
    }

    private static func paint(_ verdict: PaceVerdict?, _ text: String) -> String {
        switch verdict {
        case .stalled?: Terminal.paint(text, "1;31")
        case .slipping?: Terminal.paint(text, "33")
        case .keepingPace?: Terminal.paint(text, "32")
        case nil: text
        }
    }

    /// Columns padded to their widths (numbers right-aligned); `style` colours a cell after padding.
    private static func table(
        _ rows: [[String]], numeric: Set<Int>, style: (Int, Int, String) -> String
    ) -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { c in rows.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
        return rows.enumerated().map { r, row in
            row.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                let padded = numeric.contains(c) && r > 0 ? pad + cell : (c == columns - 1 ? cell : cell + pad)
                return style(r, c, padded)
            }.joined(separator: "  ")
        }
    }
}
