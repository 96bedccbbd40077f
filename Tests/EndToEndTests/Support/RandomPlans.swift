import Foundation

/// SplitMix64: a small deterministic generator, so that a printed seed replays a run.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    /// A generator starting from `seed`.
    init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The seed in the environment variable `name` (decimal), else a random one; printed either way with how to
    /// replay it.
    static func seed(from name: String) -> UInt64 {
        let seed = ProcessInfo.processInfo.environment[name].flatMap { UInt64($0) } ?? UInt64.random(in: 1...UInt64.max)
        print("\(name)=\(seed) (set it to replay this run)")
        return seed
    }
}

/// A generated plan set: the files, and what the export must say about them, known from the generator alone.
struct GeneratedPlans {
    /// File name → YAML.
    var files: [String: String] = [:]
    /// UID → the SUMMARY of posts, content items, slots (master and overrides) and plan renewals.
    var summaries: [String: String] = [:]
    /// Slot id (`plan/slot`) → the SUMMARY of its preparations.
    var preparationSummaries: [String: String] = [:]
    /// UID → the lead times (seconds) of its reminders, as for `summaries`.
    var leads: [String: [Int]] = [:]
    /// Slot id → the lead times of its preparations (the plan's reminders).
    var preparationLeads: [String: [Int]] = [:]
    /// A window (epoch seconds) holding every item of the set.
    var from: Int64 = .max
    /// Its end.
    var to: Int64 = .min

    /// The slot id of a preparation's UID (`plan/slot@LOCAL/prepare@editoriald`), else nil.
    static func slot(ofPreparation uid: String) -> String? {
        guard uid.hasSuffix("/prepare@editoriald") else { return nil }
        let occurrence = uid.dropLast("/prepare@editoriald".count)
        guard let at = occurrence.lastIndex(of: "@") else { return nil }
        return String(occurrence[..<at])
    }

    /// The SUMMARY the export must give `uid`.
    func summary(of uid: String) -> String? {
        if let slot = Self.slot(ofPreparation: uid) { return preparationSummaries[slot] }
        return summaries[uid] ?? Self.slot(ofApart: uid).flatMap { summaries[$0] }
    }

    /// The lead times of `uid`'s alarms.
    func leads(of uid: String) -> [Int]? {
        if let slot = Self.slot(ofPreparation: uid) { return preparationLeads[slot] }
        return leads[uid] ?? Self.slot(ofApart: uid).flatMap { leads[$0] }
    }

    /// The slot UID of an occurrence written apart from its slot's event (`AgendaEntry.apart`):
    /// `SLOT@LOCAL@editoriald` → `SLOT@editoriald`.
    static func slot(ofApart uid: String) -> String? {
        let occurrence = uid.dropLast("@editoriald".count)
        guard uid.hasSuffix("@editoriald"), let at = occurrence.lastIndex(of: "@") else { return nil }
        return occurrence[..<at] + "@editoriald"
    }
}

/// Random plan sets aimed at the hard parts of a calendar export: zones with odd offsets (Asia/Kathmandu +05:45,
/// America/St_Johns −03:30) and half-hour daylight saving (Australia/Lord_Howe), slot times inside spring-forward
/// gaps and repeated autumn hours under every `dst:` policy, shorthands and RRULEs with COUNT, UNTIL and BYSETPOS,
/// iCalendar content lines, exceptions, extra dates, preparations, posts with needs, content items, recorded
/// statuses, and titles with emoji, commas, semicolons, backslashes, newlines and 5,000 characters.
struct RandomPlans {
    /// The zones drawn from.
    static let zones = [
        "Asia/Kathmandu", "America/St_Johns", "Australia/Lord_Howe", "Europe/Rome", "America/New_York", "UTC",
    ]

    /// Titles that a calendar writer must escape, fold or otherwise get right.
    static let hardTitles: [String] = [
        "Tip 🌱 of the week 🎉", "Commas, semicolons; colons: all of them", #"Back\slash, C:\new\folder \\ end\"#,
        "Line one\nLine two\nLine three", "Quotes \"double\" and 'single'", "Tab\tseparated",
        "Mixed: ÄÖÜ ß ñ 日本語 العربية עברית", "e\u{301}tude n\u{303}o combining", "<b>HTML</b> & entities &amp; #hash",
        "👩‍👩‍👧‍👦 family, 🇮🇹 flag; 🏳️‍🌈 done", "Semicolon at end;", "Comma at end,", #"Backslash at end \"#,
        String(repeating: "🎉", count: 100), longTitle,
    ]

    /// Ordinary titles (for parsers whose rendering of special characters is their own, like khal's).
    static let plainTitles = [
        "Weekly tip", "Behind the scenes", "Customer case study", "Lab episode", "Product news", "Team portrait",
        "Caffè e notizie", "Quarterly review", "Launch teaser", "Ask the expert",
    ]

    /// 5,000 characters mixing multi-byte scalars and characters to escape, so that line folding falls inside them.
    static let longTitle: String = {
        let unit = "Ab, c; d\\e 🎉 ñ — 日本 "
        var text = String(repeating: unit, count: 5000 / unit.count + 1)
        text = String(text.prefix(4999))
        return text + "Z"
    }()

    /// (ISO 8601 duration, seconds) of the lead times drawn from.
    static let durations: [(String, Int)] = [
        ("P1D", 86_400), ("PT1H", 3_600), ("PT0S", 0), ("PT30M", 1_800), ("P2D", 172_800), ("PT90M", 5_400),
        ("P1W", 604_800), ("PT3H", 10_800),
    ]

    private var rng: SeededRandom
    private let plain: Bool
    private var result = GeneratedPlans()

    private init(rng: SeededRandom, plain: Bool) {
        self.rng = rng
        self.plain = plain
    }

    /// A fixed set of the cases that went wrong once: in New York, a daily slot whose gap instance is skipped while
    /// an extra date puts one at 03:30 that day (an EXDATE at 02:30 names 03:30's instant by RFC 5545), Sundays in
    /// the repeated hour, and posts in the gap and the repeated hour; in Rome, with `repeated: last`, a post shifted
    /// forward, a post and a content item at the second 02:xx.
    static func edgeCases() -> GeneratedPlans {
        var set = GeneratedPlans()
        set.files["edge.ny.yaml"] = """
            plan: edge.ny
            kind: editorial
            timezone: America/New_York
            period: {from: 2027-03-10, until: 2027-11-10}
            dst: {gap: skip}
            channel: blog
            slots:
              - id: gap-skip
                every: daily 02:30
                until: 2027-03-20
                also: [2027-03-14T03:30]
                title: Daily at 02:30 and once at 03:30
              - id: fall-back
                every: sunday 01:30
                from: 2027-10-20
                title: Sundays at 01:30
            posts:
              - {id: in-gap, at: 2027-03-14T02:30, title: Post in the gap}
              - {id: repeated, at: 2027-11-07T01:30, title: Post in the repeated hour}

            """
        set.files["edge.rome.yaml"] = """
            plan: edge.rome
            kind: communication
            timezone: Europe/Rome
            period: {from: 2027-03-20, until: 2027-11-05}
            dst: {repeated: last}
            channels: [{id: blog, network: blog}]
            content:
              - {id: draft, type: copy, due: 2027-10-31T02:15, title: Draft}
            posts:
              - {id: gap, channel: blog, at: 2027-03-28T02:30, title: Shifted forward}
              - {id: twice, channel: blog, at: 2027-10-31T02:30, title: The second half past two}

            """
        let defaults = [86_400, 3_600, 0]
        for (uid, title) in [
            ("edge.ny/gap-skip", "Daily at 02:30 and once at 03:30"), ("edge.ny/fall-back", "Sundays at 01:30"),
            ("edge.ny/in-gap", "Post in the gap"), ("edge.ny/repeated", "Post in the repeated hour"),
            ("edge.rome/draft", "Draft"), ("edge.rome/gap", "Shifted forward"),
            ("edge.rome/twice", "The second half past two"),
        ] {
            set.summaries[uid + "@editoriald"] = title
            set.leads[uid + "@editoriald"] = defaults
        }
        set.summaries["edge.ny/renewal@editoriald"] = "write the editorial plan that follows edge.ny (ends 2027-11-10)"
        set.leads["edge.ny/renewal@editoriald"] = [14 * 86_400, 0]
        set.from = CalendarTools.civilSeconds(year: 2027, month: 3, day: 1)
        set.to = CalendarTools.civilSeconds(year: 2027, month: 11, day: 20)
        return set
    }

    /// A random plan set; `plain` keeps to ordinary titles.
    static func make(_ rng: inout SeededRandom, plain: Bool = false) -> GeneratedPlans {
        var maker = RandomPlans(rng: SeededRandom(seed: rng.next()), plain: plain)
        let year = Int.random(in: 2026...2029, using: &rng)
        let editorial = Int.random(in: 1...3, using: &rng)
        let communication = Bool.random(using: &rng) ? 1 : 0
        var channels: [String] = []
        if communication == 1 { channels = maker.communicationPlan(year: year) }
        for i in 0..<editorial { maker.editorialPlan(index: i, year: year, channels: channels) }
        return maker.result
    }

    // MARK: Drawing

    private mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }
    private mutating func pick<T>(_ items: [T]) -> T { items.randomElement(using: &rng)! }
    private mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }

    private mutating func title() -> String { plain || chance(0.4) ? pick(Self.plainTitles) : pick(Self.hardTitles) }

    private mutating func leadList() -> [(String, Int)] {
        var picked: [(String, Int)] = []
        for d in Self.durations.shuffled(using: &rng).prefix(int(1...3)) { picked.append(d) }
        return picked
    }

    // MARK: Zones

    /// A local time where the zone's offset changes: `gap` (spring forward) or repeated (autumn), the wall-clock
    /// range concerned, and the transition instant.
    struct Shift {
        /// The transition instant.
        var instant: Int64
        /// Whether clocks go forward (the range does not exist) or back (it happens twice).
        var gap: Bool
        /// The wall-clock range concerned, as seconds read as UTC: [start, end).
        var start: Int64
        /// Its end.
        var end: Int64
    }

    /// The zone's offset changes in the year (Foundation's tzdata).
    static func shifts(_ zone: String, year: Int) -> [Shift] {
        guard let tz = TimeZone(identifier: zone) else { return [] }
        let yearEnd = CalendarTools.civilSeconds(year: year + 1, month: 1, day: 1)
        var t = Date(timeIntervalSince1970: Double(CalendarTools.civilSeconds(year: year, month: 1, day: 1)))
        var result: [Shift] = []
        while let next = tz.nextDaylightSavingTimeTransition(after: t), next.timeIntervalSince1970 < Double(yearEnd) {
            let i = Int64(next.timeIntervalSince1970)
            let before = Int64(tz.secondsFromGMT(for: Date(timeIntervalSince1970: Double(i - 1))))
            let after = Int64(tz.secondsFromGMT(for: next))
            if before != after {
                result.append(
                    Shift(instant: i, gap: after > before, start: i + min(before, after), end: i + max(before, after)))
            }
            t = next
        }
        return result
    }

    /// Two digits.
    static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// `YYYY-MM-DD` of wall-clock seconds.
    static func dateText(_ civil: Int64) -> String {
        let c = CalendarTools.civil(civil)
        return "\(c.year!)-\(two(c.month!))-\(two(c.day!))"
    }

    /// `HH:MM` of wall-clock seconds.
    static func timeText(_ civil: Int64) -> String {
        let c = CalendarTools.civil(civil)
        return "\(two(c.hour!)):\(two(c.minute!))"
    }

    /// `YYYY-MM-DDTHH:MM`.
    static func localText(_ civil: Int64) -> String { dateText(civil) + "T" + timeText(civil) }

    /// `YYYYMMDDTHHMMSS`.
    static func compact(_ civil: Int64) -> String {
        localText(civil).replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "") + "00"
    }

    /// Weekday names in the shorthand, Sunday first (as `DateComponents.weekday` counts).
    static let weekdays = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]
    /// The same as RRULE BYDAY codes.
    static let weekdayCodes = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"]

    // MARK: Plans

    /// A wall-clock time of interest in the zone and year: inside a gap or a repeated hour (its first minute, a
    /// middle one or its last) when the zone has them, else an ordinary one.
    private mutating func focus(zone: String, year: Int) -> (civil: Int64, shift: Shift?) {
        let shifts = Self.shifts(zone, year: year)
        if let shift = shifts.isEmpty ? nil : pick(shifts), chance(0.85) {
            let minutes = Int((shift.end - shift.start) / 60)
            let minute = pick([0, minutes / 2, minutes - 1, int(0...(minutes - 1))])
            return (shift.start + Int64(minute) * 60, shift)
        }
        let day = CalendarTools.civilSeconds(year: year, month: int(1...12), day: int(1...28))
        return (day + Int64(int(0...23) * 3600 + pick([0, 15, 30, 45]) * 60), nil)
    }

    /// Another time of interest: in the other shift of the year, or in the same one, or ordinary.
    private mutating func otherTime(zone: String, year: Int, near day: Int64) -> Int64 {
        if chance(0.5) { return focus(zone: zone, year: year).civil }
        return day + Int64(int(0...23) * 3600 + pick([0, 30]) * 60)
    }

    private mutating func dstBlock() -> String? {
        pick([
            nil, "{gap: skip}", "{gap: shift-forward, repeated: last}", "{repeated: first}",
            "{gap: skip, repeated: last}", "{gap: shift-forward}",
        ])
    }

    /// Writes a plan header and records the window.
    private mutating func header(
        name: String, kind: String, zone: String, from: Int64, until: Int64, reminders: [(String, Int)]?,
        lines: inout [String]
    ) {
        lines.append("plan: \(name)")
        lines.append("kind: \(kind)")
        if chance(0.5) { lines.append("title: \(Self.yaml(title()))") }
        lines.append("timezone: \(zone)")
        lines.append("period: {from: \(Self.dateText(from)), until: \(Self.dateText(until))}")
        if let reminders { lines.append("reminders: [\(reminders.map(\.0).joined(separator: ", "))]") }
        if let dst = dstBlock() { lines.append("dst: \(dst)") }
        // Preparations up to a week and a day before the period, zone offsets up to 14 hours, and the renewal at the
        // midnight after the last day.
        result.from = min(result.from, from - 9 * 86_400)
        result.to = max(result.to, until + 3 * 86_400)
    }

    /// Widens the window to a one-off item's wall-clock time (outside its plan's period when the focus is).
    private mutating func cover(_ civil: Int64) {
        result.from = min(result.from, civil - 9 * 86_400)
        result.to = max(result.to, civil + 3 * 86_400)
    }

    /// A communication plan with channels, content and posts; returns its channels (`plan/id`).
    private mutating func communicationPlan(year: Int) -> [String] {
        let zone = pick(Self.zones)
        let name = "acme-\(year).comm"
        let (center, _) = focus(zone: zone, year: year)
        let day = center - center % 86_400
        let from = day - Int64(int(3...30)) * 86_400
        let until = day + Int64(int(3...30)) * 86_400
        let reminders = chance(0.5) ? leadList() : nil
        var lines: [String] = []
        header(
            name: name, kind: "communication", zone: zone, from: from, until: until, reminders: reminders, lines: &lines
        )
        let channels = [("blog.main", "blog"), ("li-page", "linkedin")].prefix(int(1...2))
        lines.append("channels:")
        for (id, network) in channels {
            lines.append("  - {id: \(id), network: \(network)}")
        }
        let content = contentItems(
            plan: name, zone: zone, from: from, until: until, reminders: reminders, lines: &lines)
        posts(
            plan: name, zone: zone, from: from, until: until, center: center, reminders: reminders, content: content,
            channels: channels.map(\.0), lines: &lines)
        result.files["\(name).yaml"] = lines.joined(separator: "\n") + "\n"
        return channels.map { "\(name)/\($0.0)" }
    }

    /// An editorial plan with slots, and sometimes content and posts.
    private mutating func editorialPlan(index: Int, year: Int, channels: [String]) {
        let zone = pick(Self.zones)
        let name = "ed\(index)-\(year).\(pick(["ig", "yt", "news", "x"]))"
        let (center, shift) = focus(zone: zone, year: year)
        let day = center - center % 86_400
        var from = day - Int64(int(2...35)) * 86_400
        var until = day + Int64(int(2...35)) * 86_400
        if chance(0.2) {
            // Both changes of the year.
            from = CalendarTools.civilSeconds(year: year, month: 3, day: 1)
            until = CalendarTools.civilSeconds(year: year, month: 11, day: 15)
        }
        let reminders = chance(0.5) ? leadList() : nil
        var lines: [String] = []
        header(name: name, kind: "editorial", zone: zone, from: from, until: until, reminders: reminders, lines: &lines)
        let channel =
            !channels.isEmpty && chance(0.4)
            ? pick(channels) : chance(0.5) ? pick(["instagram", "youtube", "newsletter", "tiktok"]) : nil
        if let channel {
            lines.append("channel: \(channel)")
        } else {
            lines.append("channel: {id: \(name.replacingOccurrences(of: ".", with: "-"))-page, network: instagram}")
        }
        if chance(0.3) { lines.append("renew-notice: \(pick(["P7D", "P21D", "PT12H"]))") }
        let notice = lines.first { $0.hasPrefix("renew-notice: ") }.map { String($0.dropFirst("renew-notice: ".count)) }
        let noticeSeconds = ["P7D": 604_800, "P21D": 1_814_400, "PT12H": 43_200][notice ?? "P14D"] ?? 1_209_600
        let renewal = "\(name)/renewal@editoriald"
        result.summaries[renewal] = "write the editorial plan that follows \(name) (ends \(Self.dateText(until)))"
        result.leads[renewal] = Array(Set([noticeSeconds, 0]))

        let planLeads = (reminders ?? [("P1D", 86_400), ("PT1H", 3_600), ("PT0S", 0)]).map(\.1)
        lines.append("slots:")
        for s in 0..<int(1...3) {
            slot(
                plan: name, index: s, zone: zone, year: year, from: from, until: until, center: center, shift: shift,
                planLeads: planLeads, lines: &lines)
        }
        if chance(0.6) {
            let content = contentItems(
                plan: name, zone: zone, from: from, until: until, reminders: reminders, lines: &lines)
            posts(
                plan: name, zone: zone, from: from, until: until, center: center, reminders: reminders,
                content: content, channels: [], lines: &lines)
        }
        result.files["\(name).yaml"] = lines.joined(separator: "\n") + "\n"
    }

    /// One slot at the focus time (or another), by shorthand, RRULE or content lines.
    private mutating func slot(
        plan: String, index: Int, zone: String, year: Int, from: Int64, until: Int64, center: Int64, shift: Shift?,
        planLeads: [Int], lines: inout [String]
    ) {
        let id = "s\(index)\(pick(["", ".tip", "-case.study", "_lab"]))"
        let at = chance(0.75) ? center : otherTime(zone: zone, year: year, near: center - center % 86_400)
        let time = Self.timeText(at)
        let c = CalendarTools.civil(at)
        let weekday = Self.weekdays[c.weekday! - 1]
        let code = Self.weekdayCodes[c.weekday! - 1]
        let hour = c.hour!
        let minute = c.minute!
        let day = at - at % 86_400
        lines.append("  - id: \(id)")
        var daily = false
        var narrowed = false
        switch int(0...17) {
        case 0:
            lines.append("    every: daily \(time)")
            daily = true
        case 1: lines.append("    every: \(weekday) \(time)")
        case 2: lines.append("    every: weekends \(time)")
        case 3: lines.append("    every: \(Set([weekday, "friday"]).sorted().joined(separator: ", ")) \(time)")
        case 4: lines.append("    every: every 2 weeks on \(weekday) \(time)")
        case 5: lines.append("    every: \(pick(["first", "last", "second-to-last", "second"])) \(weekday) \(time)")
        case 6: lines.append("    every: day \(c.day!) \(time)")
        case 7: lines.append("    every: last day \(time)")
        case 8:
            // Two times that are not all combinations of their hours and minutes: BYSETPOS picks.
            let other = (hour + 7) % 24
            lines.append("    every: \(weekday) \(time), \(Self.two(other)):\(Self.two((minute + 15) % 60))")
        case 9:
            lines.append("    rrule: FREQ=DAILY;COUNT=\(int(1...40));BYHOUR=\(hour);BYMINUTE=\(minute)")
            daily = true
        case 10:
            let end = day + Int64(int(-3...20)) * 86_400
            let untilText = chance(0.5) ? Self.compact(end + 23 * 3600) : String(Self.compact(end).prefix(8))
            lines.append("    rrule: FREQ=WEEKLY;BYDAY=\(code),WE;UNTIL=\(untilText)")
            lines.append("    time: \"\(time)\"")
        case 11: lines.append("    rrule: FREQ=MONTHLY;BYDAY=\(code);BYSETPOS=-1;BYHOUR=\(hour);BYMINUTE=\(minute)")
        case 12:
            lines.append(
                "    rrule: FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR,SA,SU;BYSETPOS=\(c.day! == 1 ? "1,-1" : "1,-1,\(c.day!)");BYHOUR=\(hour);BYMINUTE=\(minute)"
            )
        case 13:
            // Hour by hour across the change, from the day before.
            lines.append("    rrule: FREQ=HOURLY;INTERVAL=\(pick([1, 3, 5, 7]));COUNT=\(int(5...60))")
            lines.append("    time: \"\(Self.two(int(0...23))):\(Self.two(minute))\"")
            lines.append("    from: \(Self.dateText(max(from, day - 86_400)))")
            narrowed = true
        case 14:
            lines.append(
                "    rrule: FREQ=YEARLY;BYMONTH=\(c.month!);BYMONTHDAY=\(c.day!);BYHOUR=\(hour);BYMINUTE=\(minute)")
        case 15:
            lines.append("    rrule: FREQ=DAILY;INTERVAL=\(int(2...4));UNTIL=\(Self.compact(until).prefix(8))")
            lines.append("    time: \"\(time)\"")
        default:
            // Content lines: a DTSTART that may come before the period (its occurrences there count toward COUNT but
            // are not listed), an EXDATE, and an RDATE in UTC.
            narrowed = true
            let start = chance(0.5) ? at - Int64(int(0...3)) * 7 * 86_400 : at
            let tzid = zone == "UTC" || chance(0.3) ? "" : ";TZID=\(zone)"
            lines.append("    rrule: |")
            lines.append("      DTSTART\(tzid):\(Self.compact(start))")
            lines.append(
                "      RRULE:FREQ=\(pick(["WEEKLY", "DAILY"]));\(pick(["COUNT=\(int(2...12))", "UNTIL=\(Self.compact(at + 14 * 86_400))"]))"
            )
            if chance(0.6) { lines.append("      EXDATE\(tzid):\(Self.compact(start + 7 * 86_400))") }
            if chance(0.6), let shift {
                lines.append(
                    "      RDATE:\(CalendarTools.stamp(shift.instant + Int64(pick([0, -1800, 1800, 3600])) + 0))")
            }
        }
        if !narrowed, chance(0.25) {
            lines.append("    from: \(Self.dateText(from + Int64(int(0...4)) * 86_400))")
        }
        if chance(0.25) { lines.append("    until: \(Self.dateText(until - Int64(int(0...4)) * 86_400))") }
        var except: [String] = []
        if chance(0.4) { except.append(Self.dateText(from + Int64(int(0...10)) * 86_400)) }
        if daily, chance(0.6) { except.append(Self.localText(day + Int64(int(-2...2)) * 86_400 + at % 86_400)) }
        if !except.isEmpty { lines.append("    except: [\(except.joined(separator: ", "))]") }
        if chance(0.4) {
            var also = [Self.localText(otherTime(zone: zone, year: year, near: day))]
            if let shift, chance(0.5) { also.append(Self.localText(shift.start + (shift.end - shift.start) / 2)) }
            also = also.filter { Self.dateText(from) <= $0 && $0 < Self.dateText(until + 86_400) }
            if !also.isEmpty { lines.append("    also: [\(also.joined(separator: ", "))]") }
        }
        let slotTitle = chance(0.85) ? title() : nil
        if let slotTitle { lines.append("    title: \(Self.yaml(slotTitle))") }
        let owner = chance(0.7) ? pick(["anna", "marco", "Lucía Núñez", "paolo.r"]) : nil
        if let owner { lines.append("    owner: \(Self.yaml(owner))") }
        var leads = planLeads
        if chance(0.3) {
            let chosen = leadList()
            leads = chosen.map(\.1)
            lines.append("    reminders: [\(chosen.map(\.0).joined(separator: ", "))]")
        }
        let slotID = "\(plan)/\(id)"
        let shown = slotTitle ?? id
        result.summaries["\(slotID)@editoriald"] = shown
        result.leads["\(slotID)@editoriald"] = leads
        if chance(0.5) {
            let type = pick(["photo", "copy", "video", "infographic"])
            let lead = pick(["P1D", "PT3H", "P2D", "PT90M", "P1W", "PT0S"])
            var fields = ["type: \(type)", "lead: \(lead)"]
            if chance(0.5) { fields.append("owner: \(pick(["lucia", "sara"]))") }
            var prepTitle = "\(type) for \(shown)"
            if chance(0.3) {
                prepTitle = title()
                fields.append("title: \(Self.yaml(prepTitle))")
            }
            lines.append("    prepare: {\(fields.joined(separator: ", "))}")
            result.preparationSummaries[slotID] = prepTitle
            result.preparationLeads[slotID] = planLeads
        }
    }

    /// Content items of a plan; returns their ids.
    private mutating func contentItems(
        plan: String, zone: String, from: Int64, until: Int64, reminders: [(String, Int)]?, lines: inout [String]
    ) -> [String] {
        var ids: [String] = []
        let count = int(0...2)
        guard count > 0 else { return [] }
        lines.append("content:")
        for i in 0..<count {
            let id = "c\(i)\(pick(["", ".draft", "-ebook"]))"
            let type = pick(["copy", "video", "ebook", "approval"])
            let due = from + Int64(int(0...Int((until - from) / 3600))) * 3600 + Int64(pick([0, 30, 45])) * 60
            lines.append("  - id: \(id)")
            lines.append("    type: \(type)")
            lines.append("    due: \(Self.localText(due))")
            cover(due)
            let itemTitle = chance(0.7) ? title() : nil
            if let itemTitle { lines.append("    title: \(Self.yaml(itemTitle))") }
            if chance(0.5) { lines.append("    owner: \(pick(["anna", "marco"]))") }
            if !ids.isEmpty, chance(0.5) { lines.append("    needs: [\(pick(ids))]") }
            if chance(0.3) { lines.append("    status: \(pick(["done", "skipped", "planned"]))") }
            var leads = (reminders ?? [("P1D", 86_400), ("PT1H", 3_600), ("PT0S", 0)]).map(\.1)
            if chance(0.2) {
                let chosen = leadList()
                leads = chosen.map(\.1)
                lines.append("    reminders: [\(chosen.map(\.0).joined(separator: ", "))]")
            }
            result.summaries["\(plan)/\(id)@editoriald"] = itemTitle ?? "\(type) \(id)"
            result.leads["\(plan)/\(id)@editoriald"] = leads
            ids.append(id)
        }
        return ids
    }

    /// Posts of a plan, some at the focus time, some needing content, some published or skipped.
    private mutating func posts(
        plan: String, zone: String, from: Int64, until: Int64, center: Int64, reminders: [(String, Int)]?,
        content: [String], channels: [String], lines: inout [String]
    ) {
        let count = int(1...3)
        lines.append("posts:")
        for i in 0..<count {
            let id = "p\(i)\(pick(["", ".launch", "-teaser"]))"
            let at =
                chance(0.5)
                ? center : from + Int64(int(0...Int((until - from) / 3600))) * 3600 + Int64(pick([0, 30])) * 60
            lines.append("  - id: \(id)")
            lines.append("    at: \(Self.localText(at))")
            cover(at)
            if !channels.isEmpty { lines.append("    channel: \(pick(channels))") }
            let postTitle = chance(0.8) ? title() : nil
            if let postTitle { lines.append("    title: \(Self.yaml(postTitle))") }
            if !content.isEmpty, chance(0.6) { lines.append("    needs: [\(pick(content))]") }
            if chance(0.35) { lines.append("    status: \(pick(["published", "skipped"]))") }
            var leads = (reminders ?? [("P1D", 86_400), ("PT1H", 3_600), ("PT0S", 0)]).map(\.1)
            if chance(0.2) {
                let chosen = leadList()
                leads = chosen.map(\.1)
                lines.append("    reminders: [\(chosen.map(\.0).joined(separator: ", "))]")
            }
            result.summaries["\(plan)/\(id)@editoriald"] = postTitle ?? id
            result.leads["\(plan)/\(id)@editoriald"] = leads
        }
    }

    /// A YAML double-quoted scalar.
    static func yaml(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
