@testable import EditorialCore

/// Hand-built inputs of the report: agenda entries, blocked posts, pace replies, small or as large as a million
/// posts make them.
enum ReportFixtures {
    /// 2027-01-12T09:00:00Z, a Tuesday (10:00 in Rome).
    static let now: Int64 = 1_799_744_400
    /// The team's zone.
    static let rome = ZoneRules(identifier: "Europe/Rome")!

    /// One agenda entry (decoded from the protocol's JSON once, then changed).
    static func entry(
        _ id: String, title: String, channel: String?, status: ItemStatus = .planned, due: Int64,
        kind: ItemKind = .post, owner: String? = "anna", blockedBy: [BlameEntry] = []
    ) -> ItemEntry {
        var e = template
        e.id = id
        e.title = title
        e.channel = channel
        e.status = status
        e.due = Instant(due)
        e.dueLocal = LocalInstant(due, in: rome)
        e.planned = LocalDateTime(secondsSinceEpochAsUTC: due + Int64(rome.offset(atUTC: due)))
        e.kind = kind
        e.owner = owner
        e.blockedBy = blockedBy
        if status == .blocked || status == .overdue { e.lateSeconds = max(0, now - due) }
        return e
    }

    /// A link of a chain of blame.
    static func blame(
        _ item: String, title: String, owner: String?, reason: Blame.Reason = .overdue, late: Int64 = 2 * 86_400,
        path: [String], blocks: [String]
    ) -> BlameEntry {
        BlameEntry(
            Blame(
                item: item, title: title, owner: owner, due: now - late, reason: reason, late: late, path: path,
                blocks: blocks))
    }

    /// A page's pace over `weeks` weeks, each week with the given figures.
    static func page(
        _ key: String, title: String, channels: [String], verdict: PaceVerdict?, weeks: Int = 8,
        week: (onTime: Int, late: Int, skipped: Int, open: Int) = (3, 1, 0, 0), social: Bool = true
    ) -> PacePage {
        let starts = weekStarts(weeks)
        let w = starts.map {
            PaceWeek(
                start: Instant($0), planned: week.onTime + week.late + week.skipped + week.open, onTime: week.onTime,
                late: week.late, skipped: week.skipped, open: week.open)
        }
        let sum = { (f: (PaceWeek) -> Int) in w.map(f).reduce(0, +) }
        return PacePage(
            page: key, network: String(key.prefix { $0 != ":" }), title: title, channels: channels, social: social,
            planned: sum(\.planned), onTime: sum(\.onTime), late: sum(\.late), skipped: sum(\.skipped),
            open: sum(\.open), lateMedian: week.late > 0 ? 3 * 3600 : nil, lateP90: week.late > 0 ? 86_400 : nil,
            lateProduction: week.open, verdict: verdict, weeks: w)
    }

    /// An owner's production over `weeks` weeks.
    static func owner(_ name: String, weeks: Int = 8, late: Int = 1) -> PaceOwner {
        let w = weekStarts(weeks).map { PaceWeek(start: Instant($0), planned: 2 + late, onTime: 2, late: late) }
        return PaceOwner(
            owner: name, planned: w.count * (2 + late), onTime: w.count * 2, late: w.count * late, skipped: 0, open: 0,
            weeks: w)
    }

    /// A pace reply of these pages and owners.
    static func pace(_ pages: [PacePage], owners: [PaceOwner] = [], weeks: Int = 8, hint: PaceHint? = nil)
        -> PaceReply
    {
        PaceReply(
            from: Instant(weekStarts(weeks).first!), to: Instant(now), zone: "Europe/Rome", weeks: weeks,
            tolerance: 3600, thresholds: .standard, pages: pages, owners: owners, hint: hint)
    }

    /// The Mondays 00:00 (Rome) of the last `weeks` weeks, this one included.
    static func weekStarts(_ weeks: Int) -> [Int64] {
        let today = rome.day(containing: now)
        let local = LocalDateTime(secondsSinceEpochAsUTC: today.start + Int64(rome.offset(atUTC: today.start)))
        let monday = local.daysSinceEpoch - (local.weekday.rawValue - 1)
        return (0..<weeks).map { i in
            rome.resolve(LocalDateTime(daysSinceEpoch: monday - 7 * (weeks - 1 - i)), policy: .default).utc!
        }
    }

    /// A page over these parts.
    static func report(
        title: String = "Editorial report", plans: [String] = ["team"], entries: [ItemEntry] = [],
        blocked: [ItemEntry] = [], blockedTotal: Int? = nil, pace: PaceReply, limits: ReportLimits = .standard
    ) -> ReportPage {
        var calendar = ReportCalendar(now: now, zone: rome)
        calendar.add(entries)
        return ReportPage(
            title: title, now: now, zone: rome, plans: plans, calendar: calendar, blocked: blocked,
            blockedTotal: blockedTotal, pace: pace, limits: limits)
    }

    /// The entry every other is made from.
    private static let template: ItemEntry = {
        let json = """
            {"id": "team/x", "kind": "post", "plan": "team", "title": "x", "timezone": "Europe/Rome",
             "planned": "2027-01-12T10:00:00", "status": "planned", "late_seconds": 0, "reminders": [],
             "needs": [], "blocked_by": []}
            """
        return try! JSONValueDecoder().decode(ItemEntry.self, from: try! JSONParser.parse(json))
    }()
}
