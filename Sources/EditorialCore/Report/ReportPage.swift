/// The HTML report `editorialctl report --html` writes: one self-contained page (inline CSS and SVG, no script,
/// nothing fetched) with the summary of pace and blocks, the next weeks by channel as a calendar grid, the
/// blocked posts with their chains of blame, each page's weekly pace chart and verdict, and the owners'
/// production figures. Pure: every input is an argument, and the page's size is bounded by `limits`, not by the
/// number of items.
public struct ReportPage: Sendable {
    /// The page's heading and `<title>`.
    public var title: String
    /// The moment the figures are of (the daemon's `now`).
    public var now: Int64
    /// The team's zone: every date and time is shown in it.
    public var zone: ZoneRules
    /// The names of the plans in force (the first ones).
    public var plans: [String]
    /// How many plans are in force.
    public var planCount: Int
    /// The next weeks, aggregated from the agenda.
    public var calendar: ReportCalendar
    /// Blocked posts, worst first (the first of the list).
    public var blocked: [ItemEntry]
    /// Blocked posts in all.
    public var blockedTotal: Int
    /// The pace reply.
    public var pace: PaceReply
    /// The bounds on what is drawn.
    public var limits: ReportLimits

    /// Creates a page.
    public init(
        title: String = "Editorial report", now: Int64, zone: ZoneRules, plans: [String], planCount: Int? = nil,
        calendar: ReportCalendar, blocked: [ItemEntry], blockedTotal: Int? = nil, pace: PaceReply,
        limits: ReportLimits = .standard
    ) {
        self.title = title
        self.now = now
        self.zone = zone
        self.plans = plans
        self.planCount = planCount ?? plans.count
        self.calendar = calendar
        self.blocked = blocked
        self.blockedTotal = max(blockedTotal ?? blocked.count, blocked.count)
        self.pace = pace
        self.limits = limits
    }

    /// The whole page, HTML5.
    public func render() -> String {
        var out = ""
        out.reserveCapacity(512 * 1024)
        out += "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<meta name=\"generator\" content=\"editoriald \(HTMLText.escape(EditorialVersion.current))\">\n"
        out +=
            "<title>\(HTMLText.escape(title))</title>\n<style>\n\(ReportStyle.css)\n</style>\n</head>\n<body>\n<main>\n"
        writeHeader(&out)
        writeSummary(&out)
        writeCalendar(&out)
        writeBlocked(&out)
        writePace(&out)
        writeOwners(&out)
        writeFooter(&out)
        out += "</main>\n</body>\n</html>\n"
        return out
    }

    /// The title, the plans, when it was made, and links to the sections.
    private func writeHeader(_ out: inout String) {
        out += "<header class=\"top\"><div><h1>\(HTMLText.escape(title))</h1>\n"
        let shown = plans.prefix(12).map(HTMLText.escape).joined(separator: ", ")
        let more = planCount > min(plans.count, 12) ? " and \(planCount - min(plans.count, 12)) more" : ""
        out += "<p class=\"meta\">\(planCount == 1 ? "Plan" : "Plans") (\(planCount)): \(shown)\(more)</p>\n"
        out += "<p class=\"meta\">Generated \(ReportFormat.dateTime(now, in: zone)) · team zone "
        out += "\(HTMLText.escape(zone.identifier))</p>\n"
        let since = ReportFormat.day(ReportFormat.localDay(pace.from.seconds, in: zone))
        out += "<p class=\"meta\">Pace over the last \(pace.weeks) \(pace.weeks == 1 ? "week" : "weeks") "
        out += "(since \(since)); on time means published within \(ReportFormat.span(pace.tolerance)) of due</p>"
        out += "</div>\n<nav><a href=\"#calendar\">Next weeks</a><a href=\"#blocked\">Blocked</a>"
        out += "<a href=\"#pace\">Pace</a><a href=\"#owners\">Owners</a></nav></header>\n"
    }

    /// The strip of tiles (pages by verdict, blocked posts, the next weeks' load) and the skimming hint.
    private func writeSummary(_ out: inout String) {
        let verdicts = pace.pages.compactMap(\.verdict)
        func tile(_ css: String, _ value: Int, _ label: String) {
            out += "<div class=\"tile \(css)\"><b>\(ReportFormat.count(value))</b><span>\(label)</span></div>"
        }
        out += "<section class=\"strip\" aria-label=\"Summary\">"
        tile("keep", verdicts.filter { $0 == .keepingPace }.count, "pages keeping pace")
        tile("slip", verdicts.filter { $0 == .slipping }.count, "pages slipping")
        tile("stall", verdicts.filter { $0 == .stalled }.count, "pages stalled")
        tile("block", blockedTotal, blockedTotal == 1 ? "blocked post" : "blocked posts")
        let totals = calendar.totals()
        let late = totals.count(.overdue) + totals.count(.blocked)
        tile(
            "next", totals.total,
            "items in the next \(calendar.days) days" + (late > 0 ? ", \(ReportFormat.count(late)) late" : ""))
        out += "</section>\n"
        guard let hint = pace.hint else { return }
        out += "<aside class=\"callout\" id=\"hint\"><b>Skimming: drop \(HTMLText.escape(hint.title)) first</b>"
        out += "\(HTMLText.escape(hint.message))</aside>\n"
    }

    /// What the verdicts mean, and where the figures come from.
    private func writeFooter(_ out: inout String) {
        let t = pace.thresholds
        out += "<footer><p>Verdicts: <b>keeping pace</b> when at least \(ReportFormat.percent(t.onTimeShare)) of "
        out += "the posts due went out on time; <b>slipping</b> when fewer did; <b>stalled</b> when posts were due "
        out += "in the last \(t.stalledWeeks) \(t.stalledWeeks == 1 ? "week" : "weeks") and none went out. "
        out += "The skimming hint applies when more than \(t.socialPageLimit) social pages are active and one "
        out += "of them is slipping or stalled: a business should run no more pages than it can keep up with.</p>"
        out += "<p>Made by editoriald \(HTMLText.escape(EditorialVersion.current)) from the running daemon's "
        out += "agenda, blocked list and pace figures at \(ReportFormat.dateTime(now, in: zone)).</p></footer>\n"
    }
}
