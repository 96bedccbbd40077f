import Foundation
import Testing

@testable import EditorialCore

/// The HTML report as text: self-contained, escaped, bounded in size, and showing what each section should.
struct ReportPageTests {
    typealias F = ReportFixtures

    static let hostile = "<script>alert('x')</script> & \"quotes\" 'single'"

    /// A page where every text a plan or a person wrote is hostile.
    static func hostilePage(hint: Bool) -> String {
        let link = F.blame(
            "team/video", title: "Video \(hostile)", owner: "paolo<b>",
            path: ["team/launch", "team/cut", "team/video"],
            blocks: ["team/launch", "team/other"])
        let blocked = F.entry(
            "team/launch", title: "Launch \(hostile)", channel: "team/linkedin", status: .blocked,
            due: F.now + 3600, blockedBy: [link])
        let entries = [
            blocked, F.entry("team/a&b", title: "Post \(hostile)", channel: "team/<blog>", due: F.now + 86_400),
        ]
        let page = F.page("linkedin:acme", title: "LinkedIn \(hostile)", channels: ["team/linkedin"], verdict: .stalled)
        let reply = F.pace(
            [page], owners: [F.owner("sara\(hostile)")],
            hint: hint
                ? PaceHint(
                    drop: "linkedin:acme", title: "LinkedIn \(hostile)", activeSocialPages: 5, onTimeRatio: 0.2,
                    lateProduction: 3, message: "Drop it \(hostile)")
                : nil)
        return F.report(
            title: "Report \(hostile)", plans: ["plan \(hostile)"], entries: entries, blocked: [blocked], pace: reply
        ).render()
    }

    @Test func everyTextIsEscapedAndThePageHasNoScriptAndNoURL() {
        let html = Self.hostilePage(hint: true)
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("http://") && !html.contains("https://"))
        for fetched in ["src=", "url(", "@import", "<link", "<img", "<iframe", "<object", "<embed", "<base"] {
            #expect(!html.lowercased().contains(fetched), "\(fetched)")
        }
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;"))
        #expect(html.contains("owner paolo&lt;b&gt;"))
        #expect(html.contains("team/&lt;blog&gt;"))
        #expect(html.contains("Drop it &lt;script&gt;"))
        #expect(!html.contains("alert('x')"))
        #expect(!html.contains("<b>\""))
    }

    @Test func isOneHTML5DocumentWithLanguageCharsetAndBalancedElements() throws {
        let html = Self.hostilePage(hint: true)
        #expect(html.hasPrefix("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">"))
        #expect(html.contains("<title>Report &lt;script&gt;"))
        #expect(html.hasSuffix("</html>\n"))
        #expect(html.components(separatedBy: "<style>").count == 2)
        try Self.checkBalanced(html)
    }

    @Test func theHintCalloutIsThereOnlyWhenTheReplyHasAHint() {
        let with = Self.hostilePage(hint: true)
        let without = Self.hostilePage(hint: false)
        #expect(with.contains("<aside class=\"callout\" id=\"hint\"><b>Skimming: drop LinkedIn &lt;script&gt;"))
        #expect(!without.contains("callout\""))
        #expect(!without.contains("Skimming: drop"))
    }

    @Test func theSummaryCountsPagesByVerdictAndBlockedPosts() {
        let pages = [
            F.page("linkedin:a", title: "A", channels: ["p/a"], verdict: .keepingPace),
            F.page("instagram:b", title: "B", channels: ["p/b"], verdict: .slipping),
            F.page("facebook:c", title: "C", channels: ["p/c"], verdict: .slipping),
            F.page("tiktok:d", title: "D", channels: ["p/d"], verdict: .stalled),
            F.page("blog:e", title: "E", channels: ["p/e"], verdict: nil, social: false),
        ]
        let html = F.report(blocked: [], blockedTotal: 7, pace: F.pace(pages)).render()
        #expect(html.contains("<div class=\"tile keep\"><b>1</b><span>pages keeping pace</span></div>"))
        #expect(html.contains("<div class=\"tile slip\"><b>2</b><span>pages slipping</span></div>"))
        #expect(html.contains("<div class=\"tile stall\"><b>1</b><span>pages stalled</span></div>"))
        #expect(html.contains("<div class=\"tile block\"><b>7</b><span>blocked posts</span></div>"))
        for words in ["keeping pace</span>", "slipping</span>", "stalled</span>", "no posts due</span>"] {
            #expect(html.contains("\">\(words)"), "\(words)")
        }
        #expect(html.contains("owned media"))
    }

    @Test func cellsAreTheTeamsLocalDaysWithCountsByStatusAndTheFirstTitles() {
        // 23:30 UTC on the 12th is 00:30 on the 13th in Rome.
        let late = F.now + 14 * 3600 + 1800
        var entries = (0..<5).map { i in
            F.entry("p/x\(i)", title: "Post \(i)", channel: "p/blog", due: late + Int64(i) * 60)
        }
        entries.append(F.entry("p/b", title: "Blocked one", channel: "p/blog", status: .blocked, due: late + 600))
        entries.append(F.entry("p/far", title: "Far", channel: "p/blog", due: F.now + 40 * 86_400))
        var calendar = ReportCalendar(now: F.now, zone: F.rome)
        calendar.add(entries)
        #expect(calendar.from == F.rome.day(containing: F.now).start)
        #expect(calendar.items == 7 && calendar.outside == 1)
        let cells = calendar.channels["p/blog"]!
        #expect(cells[0].total == 0)
        #expect(cells[1].total == 6)
        #expect(cells[1].count(.blocked) == 1 && cells[1].count(.planned) == 5)
        #expect(cells[1].worst == .blocked)
        #expect(cells[1].first.map(\.title) == ["Post 0", "Post 1", "Post 2"])
        let html = F.report(entries: entries, pace: F.pace([])).render()
        #expect(html.contains("<b>6</b>1 blocked · 5 planned</div>"))
        #expect(html.contains("+3 more</div>"))
        #expect(html.contains("<td class=\"c st-blocked\">"))
    }

    @Test func anAgendaPageReadAsJSONFillsTheSameCellsAsTheTypedEntries() throws {
        let entries = (0..<40).map { (i: Int) -> ItemEntry in
            let channel: String? = i % 3 == 0 ? nil : "p/c\(i % 3)"
            let status: ItemStatus = i % 5 == 0 ? .blocked : .planned
            let kind: ItemKind = i % 4 == 0 ? .content : .post
            return F.entry(
                "p/x\(i)", title: "Post \(i)", channel: channel, status: status, due: F.now + Int64(i) * 20_000,
                kind: kind)
        }
        var typed = ReportCalendar(now: F.now, zone: F.rome)
        typed.add(entries)
        var read = ReportCalendar(now: F.now, zone: F.rome)
        let page = AgendaPage(
            now: Instant(F.now), from: Instant(read.from), to: Instant(read.to), items: entries, nextCursor: "next")
        let result = read.add(agendaPage: try JSONValueEncoder().encode(page))
        #expect(result.nextCursor == "next" && result.unreadable == 0)
        #expect(read.channels == typed.channels && read.items == 40)
        let last = read.add(
            agendaPage: .object(["items": .array([.object(["id": .string("x")])]), "next_cursor": .null]))
        #expect(last.nextCursor == nil && last.unreadable == 1)
        #expect(read.add(agendaPage: .object([:])).unreadable == 1)
    }

    @Test func weeksRunMondayToSundayWithTodayOutlinedAndDaysOutsideHatched() {
        let html = F.report(
            entries: [F.entry("p/x", title: "X", channel: "p/blog", due: F.now)], pace: F.pace([])
        ).render()
        // Tuesday the 12th: four weeks to Monday 8 February, so five calendar weeks, Monday the 11th hatched.
        #expect(html.components(separatedBy: "<table class=\"week\">").count == 6)
        #expect(html.contains("<th class=\"ch\">Week of 11 Jan</th><th class=\"\">Mon 11 Jan</th>"))
        #expect(html.contains("<th class=\"today\">Today · Tue 12 Jan</th>"))
        #expect(html.contains("<th class=\"ch\">Week of 8 Feb</th>"))
        #expect(html.contains("<td class=\"x\"></td><td class=\"c st-planned today\">"))
        #expect(html.contains("<td class=\"c st-planned today\"><div class=\"n\"><b>1</b>planned</div><ul>"))
        #expect(html.contains("The next 4 weeks <span class=\"pill\">Tue 12 Jan – Mon 8 Feb</span>"))
    }

    @Test func rowsArePagesThenOtherChannelsThenItemsWithoutAChannelWithinTheLimit() {
        let pages = [F.page("linkedin:acme", title: "LinkedIn acme", channels: ["a/li", "b/li"], verdict: .slipping)]
        let entries = [
            F.entry("a/1", title: "One", channel: "a/li", due: F.now + 3600),
            F.entry("b/2", title: "Two", channel: "b/li", due: F.now + 7200),
            F.entry("c/3", title: "Three", channel: "c/zeta", due: F.now + 3600),
            F.entry("c/4", title: "Four", channel: "c/alpha", due: F.now + 3600),
            F.entry("c/5", title: "Video", channel: nil, due: F.now + 3600, kind: .content),
        ]
        let rows = F.report(entries: entries, pace: F.pace(pages)).calendarRows()
        #expect(rows.map(\.label) == ["LinkedIn acme", "c/alpha", "c/zeta", "No channel"])
        #expect(rows[0].cells[0].total == 2 && rows[0].verdict == .slipping)
        let bounded = F.report(entries: entries, pace: F.pace(pages), limits: ReportLimits(rows: 2)).calendarRows()
        #expect(bounded.map(\.label) == ["LinkedIn acme", "3 more channels"])
        #expect(bounded[1].cells[0].total == 3)
    }

    @Test func blockedPostsShowWhoWhyHowLateAndTheRestIsCounted() {
        let link = F.blame(
            "team/video", title: "Launch video", owner: "paolo", late: 2 * 86_400 + 3 * 3600,
            path: ["team/launch", "team/cut", "team/video"], blocks: ["team/launch", "team/teaser", "team/more"])
        let skipped = F.blame(
            "team/ebook", title: "E-book", owner: nil, reason: .skipped, late: 0, path: ["team/launch", "team/ebook"],
            blocks: ["team/launch"])
        let post = F.entry(
            "team/launch", title: "Launch post", channel: "team/linkedin", status: .blocked, due: F.now - 1800,
            blockedBy: [link, skipped])
        let html = F.report(blocked: [post], blockedTotal: 31, pace: F.pace([])).render()
        #expect(html.contains("<span class=\"t\">Launch post</span><span class=\"id\">team/launch</span>"))
        #expect(html.contains("due Tue 12 Jan, 09:30 · owner anna · team/linkedin · late by 30 min"))
        #expect(html.contains("<span class=\"why r-overdue\">overdue by 2 d 3 h</span><b>Launch video</b>"))
        #expect(html.contains("<span class=\"who\">owner paolo</span> <span class=\"path\">via team/cut</span>"))
        #expect(html.contains("also blocks 2 more"))
        #expect(html.contains("<span class=\"why r-skipped\">skipped</span><b>E-book</b>"))
        #expect(html.contains("no owner"))
        #expect(html.contains("… and 30 more blocked posts"))
        let none = F.report(pace: F.pace([])).render()
        #expect(none.contains("Nothing is blocked"))
    }

    @Test func paceChartsStackTheWeeksOnRoundTicksWithTheVerdict() {
        #expect(
            [0, 1, 2, 3, 7, 10, 11, 49, 51].map(StackedBarChart.roundCeiling) == [1, 1, 2, 5, 10, 10, 20, 50, 100])
        let page = F.page(
            "linkedin:acme", title: "LinkedIn acme", channels: ["team/li"], verdict: .slipping, weeks: 12,
            week: (2, 1, 1, 1))
        let html = F.report(pace: F.pace([page], weeks: 12)).render()
        let svg = String(html[html.range(of: "<svg")!.lowerBound..<html.range(of: "</svg>")!.upperBound])
        // One path per series, twelve bars each; 5 a week, so ticks at 0 and 5 only (2.5 is not round).
        for css in ["s-on", "s-late", "s-skip", "s-open"] {
            let path = svg.components(separatedBy: "<path class=\"\(css)\" d=\"")
            #expect(path.count == 2, "\(css)")
            #expect(path.last!.prefix { $0 != "\"" }.filter { $0 == "M" }.count == 12, "\(css)")
        }
        #expect(svg.contains(">0</text>") && svg.contains(">5</text>") && !svg.contains(">2</text>"))
        let ten = StackedBarChart(
            labels: ["a"], series: [ChartSeries(name: "n", cssClass: "s", values: [7])], title: "t")
        #expect(ten.svg().contains(">5</text>") && ten.svg().contains(">10</text>"))
        #expect(svg.contains("<title>LinkedIn acme: 60 posts due over 12 weeks, 24 on time, 12 late"))
        #expect(svg.contains("slipping</title>"))
        #expect(
            html.contains(
                "<b>60</b> due · <b>24</b> on time (40%) · <b>12</b> late (median 3 h, 90% within 1 d)"))
        #expect(html.contains("<span class=\"pill v-slipping\">slipping</span>"))
    }

    @Test func ownersAreWorstFirstAndBounded() {
        let owners = [F.owner("anna", late: 0), F.owner("paolo", late: 3), F.owner("sara", late: 1)]
        let html = F.report(pace: F.pace([], owners: owners), limits: ReportLimits(owners: 2)).render()
        let paolo = html.range(of: "<td>paolo</td>")!.lowerBound
        let sara = html.range(of: "<td>sara</td>")!.lowerBound
        #expect(paolo < sara)
        #expect(!html.contains("<td>anna</td>"))
        #expect(html.contains("… and 1 more owners"))
    }

    /// What a million scheduled posts make: 80,000 items in the four weeks over 50 channels, 52 weeks of pace for
    /// 50 pages and 50 owners, the 25 worst of 5,000 blocked posts. The page must stay under 2 MB.
    @Test func aMillionPostSetMakesAPageUnderTwoMegabytes() throws {
        let channels = (0..<50).map { "plan\($0 % 12)/channel\($0)" }
        let pages = (0..<50).map { i in
            F.page(
                "linkedin:page\(i)", title: "Page number \(i) with a long enough name", channels: [channels[i]],
                verdict: [.keepingPace, .slipping, .stalled][i % 3], weeks: 52, week: (40, 12, 3, 5))
        }
        let owners = (0..<50).map { F.owner("owner-\($0)", weeks: 52, late: $0 % 4) }
        let hint = PaceHint(
            drop: "linkedin:page2", title: "Page number 2", activeSocialPages: 50, onTimeRatio: 0.1,
            lateProduction: 400, message: "Fifty social pages are active; the source document advises three or four.")
        let start = Date()
        var calendar = ReportCalendar(now: F.now, zone: F.rome)
        let span = calendar.to - calendar.from
        var batch: [ItemEntry] = []
        for i in 0..<80_000 {
            let due = calendar.from + Int64(i) * span / 80_000
            batch.append(
                F.entry(
                    "plan\(i % 12)/slot@\(i)", title: "Weekly post about packaging, issue \(i)",
                    channel: channels[i % 50], status: i % 97 == 0 ? .blocked : (due < F.now ? .published : .planned),
                    due: due, kind: i % 10 == 0 ? .preparation : .occurrence))
            if batch.count == 1_000 {
                calendar.add(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        let built = Date().timeIntervalSince(start)
        let links = (0..<6).map {
            F.blame(
                "plan1/video\($0)", title: "A video that is late \($0)", owner: "owner-\($0)", path: ["a", "b", "c"],
                blocks: (0..<20).map { "plan1/post\($0)" })
        }
        let blocked = (0..<25).map {
            F.entry(
                "plan1/post\($0)", title: "Blocked post \($0)", channel: channels[$0], status: .blocked,
                due: F.now + 3600, blockedBy: links)
        }
        let page = ReportPage(
            now: F.now, zone: F.rome, plans: (0..<12).map { "plan\($0)" }, calendar: calendar, blocked: blocked,
            blockedTotal: 5_000, pace: F.pace(pages, owners: owners, weeks: 52, hint: hint))
        let renderStart = Date()
        let html = page.render()
        let rendered = Date().timeIntervalSince(renderStart)
        let bytes = html.utf8.count
        print("report: \(bytes) bytes; aggregate 80,000 items \(built) s, render \(rendered) s")
        #expect(bytes < 2_000_000, "\(bytes) bytes")
        #expect(calendar.items == 80_000 && calendar.outside == 0)
        // 57 or 58 items a cell: three named, the rest counted.
        #expect(html.contains("+54 more</div>") && html.contains("+55 more</div>"))
        #expect(html.components(separatedBy: "<li class=\"t-").count - 1 <= 3 * 50 * 28)
        #expect(html.contains("… and 4,975 more blocked posts"))
        #expect(html.contains("<b>80,000</b><span>items in the next 28 days, 825 late</span>"))
        #expect(
            [0, 7, 999, 1_000, 77_000, 1_234_567].map(ReportFormat.count) == [
                "0", "7", "999", "1,000", "77,000", "1,234,567",
            ])
        #expect(html.contains("callout"))
        try Self.checkBalanced(html)
    }

    /// Fails unless every element opened is closed in order (void elements and `/>` excepted).
    static func checkBalanced(_ html: String) throws {
        let void: Set<String> = ["meta", "br", "hr", "img", "input", "link", "col", "wbr"]
        var stack: [String] = []
        var rest = html[...]
        while let open = rest.firstIndex(of: "<") {
            let close = try #require(rest[open...].firstIndex(of: ">"))
            let tag = rest[rest.index(after: open)..<close]
            rest = rest[rest.index(after: close)...]
            if tag.hasPrefix("!") { continue }
            let name = String(tag.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber }).lowercased()
            if tag.hasPrefix("/") {
                #expect(stack.last == name, "</\(name)> closes <\(stack.last ?? "nothing")>")
                if stack.last == name { stack.removeLast() }
            } else if !void.contains(name) && !tag.hasSuffix("/") {
                stack.append(name)
            }
        }
        #expect(stack.isEmpty, "left open: \(stack)")
    }
}
