extension ReportPage {
    /// The blocked posts, worst first, each with its chain of blame: which prerequisite, whose, why, how late,
    /// through what, and what else it holds up; the rest counted.
    func writeBlocked(_ out: inout String) {
        out += "<section id=\"blocked\"><h2>Blocked posts "
        out += "<span class=\"pill\">\(ReportFormat.count(blockedTotal))</span></h2>\n"
        let shown = blocked.prefix(limits.blocked)
        if shown.isEmpty {
            out += "<p class=\"none\">Nothing is blocked: every post has what it needs or has time to get it.</p>"
            out += "</section>\n"
            return
        }
        out += "<ol class=\"blocked\">\n"
        for e in shown {
            out += "<li><div class=\"post\"><span class=\"t\">\(HTMLText.escape(e.title))</span>"
            out += "<span class=\"id\">\(HTMLText.escape(e.id))</span></div>"
            var facts: [String] = []
            if let due = e.due { facts.append("due \(ReportFormat.when(due.seconds, in: zone))") }
            if let owner = e.owner { facts.append("owner \(HTMLText.escape(owner))") }
            if let channel = e.channel { facts.append(HTMLText.escape(channel)) }
            if e.lateSeconds > 0 { facts.append("late by \(ReportFormat.span(e.lateSeconds))") }
            out += "<div class=\"meta\">\(facts.joined(separator: " · "))</div><ol class=\"chain\">"
            for link in e.blockedBy.prefix(limits.blameLinks) { writeLink(link, blocking: e.id, &out) }
            if e.blockedBy.count > limits.blameLinks {
                out += "<li class=\"more\">and \(e.blockedBy.count - limits.blameLinks) more prerequisites</li>"
            }
            out += "</ol></li>\n"
        }
        out += "</ol>\n"
        if blockedTotal > shown.count {
            out += "<p class=\"rest\">… and \(ReportFormat.count(blockedTotal - shown.count)) more blocked "
            out += "posts, less late (<code>editorialctl blocked</code> lists them all).</p>\n"
        }
        out += "</section>\n"
    }

    /// One link of a chain: `overdue by 2 d`, `Launch video team/video`, `owner paolo`, `via …`, `also blocks 3
    /// more`.
    private func writeLink(_ link: BlameEntry, blocking id: String, _ out: inout String) {
        let why: String
        switch link.reason {
        case .overdue: why = "overdue by \(ReportFormat.span(link.lateSeconds))"
        case .skipped: why = "skipped"
        case .dueTooLate: why = "due \(ReportFormat.span(link.lateSeconds)) too late"
        case .neverDue: why = "never due (daylight saving skips its time)"
        }
        out += "<li><span class=\"why r-\(link.reason.rawValue)\">\(why)</span>"
        out += "<b>\(HTMLText.escape(link.title))</b><span class=\"id\">\(HTMLText.escape(link.item))</span> "
        out += "<span class=\"who\">\(link.owner.map { "owner " + HTMLText.escape($0) } ?? "no owner")</span>"
        if link.path.count > 2 {
            let via = link.path.dropFirst().dropLast().map(HTMLText.escape).joined(separator: " → ")
            out += " <span class=\"path\">via \(via)</span>"
        }
        // The count includes the blocked post itself.
        let others = max(link.blocks.filter { $0 != id }.count, link.blocksCount - 1)
        if others > 0 { out += " <span class=\"also\">· also blocks \(others) more</span>" }
        out += "</li>"
    }
}
