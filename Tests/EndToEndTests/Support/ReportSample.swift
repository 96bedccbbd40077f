import EditorialCore

/// A report page built by hand, as a busy team's would be: six pages with every verdict, a month of posts and
/// production by status, blocked posts with chains of blame, owners, and the skimming hint.
enum ReportSample {
    /// 2027-01-12T09:00:00Z, a Tuesday.
    static let now: Int64 = 1_799_744_400
    /// The team's zone.
    static let zone = ZoneRules(identifier: "Europe/Rome")!
    /// The pages: key, title, channel, verdict.
    static let pages: [(key: String, title: String, channel: String, verdict: PaceVerdict?)] = [
        ("linkedin:acme", "LinkedIn acme", "social/linkedin", .keepingPace),
        ("instagram:acme", "Instagram acme", "social/instagram", .slipping),
        ("facebook:acme", "Facebook acme", "social/facebook", .stalled),
        ("youtube:acme", "YouTube acme", "video/youtube", .slipping),
        ("tiktok:acme", "TikTok acme", "social/tiktok", .keepingPace),
        ("blog:news", "Company blog", "site/blog", nil),
    ]

    /// The page.
    static func page() throws -> ReportPage {
        let template = try JSONValueDecoder().decode(
            ItemEntry.self,
            from: try JSONParser.parse(
                """
                {"id": "x/x", "kind": "post", "plan": "x", "title": "x", "timezone": "Europe/Rome",
                 "planned": "2027-01-12T10:00:00", "status": "planned", "late_seconds": 0, "reminders": [],
                 "needs": [], "blocked_by": []}
                """))
        func entry(_ id: String, _ title: String, _ channel: String?, _ status: ItemStatus, _ due: Int64) -> ItemEntry {
            var e = template
            e.id = id
            e.title = title
            e.channel = channel
            e.status = status
            e.due = Instant(due)
            e.planned = LocalDateTime(secondsSinceEpochAsUTC: due + Int64(zone.offset(atUTC: due)))
            e.owner = "anna"
            return e
        }
        var calendar = ReportCalendar(now: now, zone: zone)
        var entries: [ItemEntry] = []
        for day in 0..<28 {
            for (i, p) in pages.enumerated() where (day + i) % 3 != 0 {
                let due = calendar.from + Int64(day) * 86_400 + Int64(9 + i) * 3600
                let status: ItemStatus = day == 0 && i == 1 ? .blocked : (due < now ? .published : .planned)
                entries.append(
                    entry(
                        "\(p.channel)@\(day)", "\(p.title.split(separator: " ")[0]) post \(day)", p.channel, status, due
                    ))
                if day % 4 == 0 {
                    entries.append(
                        entry("\(p.channel)@\(day)b", "Extra \(day) for \(p.title)", p.channel, .due, due + 600))
                }
            }
        }
        calendar.add(entries)
        let video = BlameEntry(
            Blame(
                item: "video/launch-cut", title: "Launch video final cut", owner: "paolo", due: now - 2 * 86_400,
                reason: .overdue, late: 2 * 86_400, path: ["social/launch", "video/launch-cut"],
                blocks: ["social/launch", "social/teaser", "video/premiere"]))
        let ebook = BlameEntry(
            Blame(
                item: "site/ebook", title: "Packaging e-book", owner: "marco", due: now + 86_400, reason: .dueTooLate,
                late: 5 * 3600, path: ["social/guide", "site/landing", "site/ebook"], blocks: ["social/guide"]))
        var launch = entry("social/launch", "Launch post <big> & \"bold\"", "social/instagram", .blocked, now + 3600)
        launch.blockedBy = [video]
        var guide = entry("social/guide", "Packaging guide carousel", "social/instagram", .blocked, now + 86_400 / 2)
        guide.blockedBy = [ebook, video]
        let starts = (0..<8).map { now - Int64(7 - $0) * 7 * 86_400 - 86_400 - 9 * 3600 }
        let figures: [[Int]] = [
            [5, 0, 0, 0], [2, 2, 1, 0], [0, 0, 1, 2], [1, 1, 0, 1], [4, 1, 0, 0], [0, 0, 0, 0],
        ]
        let pace = pages.enumerated().map { i, p in
            let f = figures[i]
            let weeks = starts.enumerated().map { w, s in
                PaceWeek(
                    start: Instant(s), planned: f.reduce(0, +), onTime: max(0, f[0] - w % 2), late: f[1],
                    skipped: f[2], open: f[3] + w % 2)
            }
            let sum = { (k: (PaceWeek) -> Int) in weeks.map(k).reduce(0, +) }
            return PacePage(
                page: p.key, network: String(p.key.prefix { $0 != ":" }), title: p.title, channels: [p.channel],
                social: p.key.hasPrefix("blog") == false, planned: sum(\.planned), onTime: sum(\.onTime),
                late: sum(\.late), skipped: sum(\.skipped), open: sum(\.open), lateMedian: f[1] > 0 ? 7200 : nil,
                lateP90: f[1] > 0 ? 86_400 : nil, lateProduction: f[3], verdict: p.verdict, weeks: weeks)
        }
        let owners = ["anna", "marco", "paolo"].enumerated().map { i, name in
            PaceOwner(
                owner: name, planned: 16, onTime: 16 - 5 * i, late: 3 * i, skipped: 0, open: 2 * i,
                weeks: starts.map { PaceWeek(start: Instant($0), planned: 2, onTime: 2 - i % 2, late: i % 2) })
        }
        let hint = PaceHint(
            drop: "facebook:acme", title: "Facebook acme", activeSocialPages: 5, onTimeRatio: 0,
            lateProduction: 16,
            message: "5 social pages are active, more than the 4 a business can keep up with; Facebook acme is "
                + "stalled (0% on time, 16 late production items behind it): drop it first.")
        let reply = PaceReply(
            from: Instant(starts[0]), to: Instant(now), zone: zone.identifier, weeks: 8, tolerance: 3600,
            thresholds: .standard, pages: pace, owners: owners, hint: hint)
        return ReportPage(
            title: "Acme editorial report", now: now, zone: zone, plans: ["social", "video", "site"],
            calendar: calendar, blocked: [launch, guide], blockedTotal: 2, pace: reply)
    }
}
