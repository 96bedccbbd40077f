extension ReportPage {
    /// Each page's pace: its verdict, its figures, and a weekly chart of what became of its posts.
    func writePace(_ out: inout String) {
        out += "<section id=\"pace\"><h2>Pace by page <span class=\"pill\">last \(pace.weeks) "
        out += "\(pace.weeks == 1 ? "week" : "weeks")</span></h2>\n"
        out += "<div class=\"legend\"><span><i class=\"s-on\"></i>on time</span><span><i class=\"s-late\"></i>late"
        out += "</span><span><i class=\"s-skip\"></i>skipped</span><span><i class=\"s-open\"></i>still open</span>"
        out += "</div>\n"
        if pace.pages.isEmpty {
            out += "<p class=\"none\">No page had posts due in the window.</p></section>\n"
            return
        }
        out += "<div class=\"cards\">\n"
        for page in pace.pages.prefix(limits.pages) { writePage(page, &out) }
        out += "</div>\n"
        if pace.pages.count > limits.pages {
            let rest = pace.pages.dropFirst(limits.pages)
            out += "<p class=\"rest\">\(rest.count) more pages: "
            out += rest.prefix(30).map { "\(HTMLText.escape($0.title)) (\(Self.verdictText($0.verdict)))" }
                .joined(separator: ", ")
            out += rest.count > 30 ? ", …</p>\n" : "</p>\n"
        }
        out += "</section>\n"
    }

    /// One page's card.
    private func writePage(_ page: PacePage, _ out: inout String) {
        let verdict = Self.verdictText(page.verdict)
        out += "<article class=\"card\"><header><h3>\(HTMLText.escape(page.title))</h3>"
        out += "<span class=\"pill v-\(page.verdict?.rawValue ?? "none")\">\(verdict)</span></header>"
        var sub = [HTMLText.escape(page.network)]
        if !page.social { sub.append("owned media") }
        sub.append(HTMLText.clipped(page.channels.joined(separator: ", "), to: 80))
        out += "<div class=\"sub\">\(sub.joined(separator: " · "))</div>"
        var fig = ["<b>\(page.planned)</b> due"]
        if let ratio = page.onTimeRatio {
            fig.append("<b>\(page.onTime)</b> on time (\(ReportFormat.percent(ratio)))")
        }
        var late = "<b>\(page.late)</b> late"
        if let median = page.lateMedian, let p90 = page.lateP90 {
            late += " (median \(ReportFormat.span(median)), 90% within \(ReportFormat.span(p90)))"
        }
        fig += [late, "<b>\(page.skipped)</b> skipped", "<b>\(page.open)</b> open"]
        if page.lateProduction > 0 { fig.append("<b>\(page.lateProduction)</b> late production behind it") }
        out += "<p class=\"fig\">\(fig.joined(separator: " · "))</p>"
        let summary =
            "\(page.title): \(page.planned) posts due over \(pace.weeks) weeks, \(page.onTime) on time, "
            + "\(page.late) late, \(page.skipped) skipped, \(page.open) open; \(verdict)"
        out += chart(page.weeks, title: summary, width: 520, height: 150, axes: true)
        out += "</article>\n"
    }

    /// The owners' production figures, the most late or open first; the rest counted.
    func writeOwners(_ out: inout String) {
        out += "<section id=\"owners\"><h2>Production by owner</h2>\n"
        if pace.owners.isEmpty {
            out += "<p class=\"none\">No production item was due in the window.</p></section>\n"
            return
        }
        let owners = pace.owners.sorted { a, b in
            a.late + a.open != b.late + b.open ? a.late + a.open > b.late + b.open : a.owner < b.owner
        }
        out += "<table class=\"owners\"><thead><tr><th>Owner</th><th class=\"num\">Due</th>"
        out += "<th class=\"num\">On time</th><th class=\"num\">Late</th><th class=\"num\">Skipped</th>"
        out += "<th class=\"num\">Open</th><th>On time share</th><th>Week by week</th></tr></thead><tbody>\n"
        for o in owners.prefix(limits.owners) {
            let share = o.planned == 0 ? 0 : Double(o.onTime) / Double(o.planned)
            out += "<tr><td>\(HTMLText.escape(o.owner))</td><td class=\"num\">\(o.planned)</td>"
            out += "<td class=\"num\">\(o.onTime)</td><td class=\"num\">\(o.late)</td>"
            out += "<td class=\"num\">\(o.skipped)</td><td class=\"num\">\(o.open)</td><td>"
            if o.planned > 0 {
                out += "<span class=\"share\"><i style=\"width:\(ReportFormat.number(share * 100))%\"></i></span>"
                out += ReportFormat.percent(share)
            } else {
                out += "–"
            }
            out += "</td><td>"
            let summary = "\(o.owner): \(o.planned) production items due, \(o.onTime) on time, \(o.late) late"
            out += chart(o.weeks, title: summary, width: 160, height: 26, axes: false)
            out += "</td></tr>\n"
        }
        out += "</tbody></table>\n"
        if owners.count > limits.owners {
            out += "<p class=\"rest\">… and \(owners.count - limits.owners) more owners, fewer items late or open."
            out += "</p>\n"
        }
        out += "</section>\n"
    }

    /// A stacked weekly chart of on time, late, skipped and open.
    private func chart(_ weeks: [PaceWeek], title: String, width: Int, height: Int, axes: Bool) -> String {
        StackedBarChart(
            labels: weeks.map { ReportFormat.shortDay(ReportFormat.localDay($0.start.seconds, in: zone)) },
            series: [
                ChartSeries(name: "on time", cssClass: "s-on", values: weeks.map(\.onTime)),
                ChartSeries(name: "late", cssClass: "s-late", values: weeks.map(\.late)),
                ChartSeries(name: "skipped", cssClass: "s-skip", values: weeks.map(\.skipped)),
                ChartSeries(name: "still open", cssClass: "s-open", values: weeks.map(\.open)),
            ], width: width, height: height, title: title, axes: axes
        ).svg()
    }

    /// `keeping pace`, `slipping`, `stalled`, or `no posts due`.
    static func verdictText(_ verdict: PaceVerdict?) -> String {
        switch verdict {
        case .keepingPace: "keeping pace"
        case .slipping: "slipping"
        case .stalled: "stalled"
        case nil: "no posts due"
        }
    }
}
