/// Turns the text of one plan file (one or more YAML documents) into `Plan`s, and `people:` documents into
/// `Person`s, with a positioned diagnostic for every problem: syntax, wrong types, unknown keys, bad times,
/// durations and rules.
///
/// References between items are not resolved here; `PlanSet` does that across all files.
public struct PlanParser {
    /// Plans read; items with errors are left out, and documents whose header is unusable.
    public private(set) var plans: [Plan] = []
    /// People read from `people:` documents, in the order written; values with errors are left out.
    public internal(set) var people: [Person] = []
    /// Whether the text holds a `people:` document (an empty one too): owners are then checked against the people.
    public internal(set) var hasPeople = false
    /// Everything found wrong.
    public var diagnostics: [Diagnostic] { reader.diagnostics }

    /// Reads the node tree and collects the diagnostics.
    var reader: NodeReader

    /// Lead times given to plans that name none.
    private let defaultReminders: [NominalDuration]

    /// Lists of one-line posts read without libyaml (`FlowPostLines`), by the line of their `posts:` key.
    private let postLists: [Int: YAMLTree]
    /// How many of `postLists` were found where they were expected and read.
    private var postListsRead = 0
    /// Whether libyaml refused the text.
    private var syntaxError = false

    /// Whether some posts were read by the line reader (for tests).
    var readPostLines: Bool { !postLists.isEmpty }

    /// Parses `text`, naming it `file` in diagnostics; plans without `reminders:` get `defaultReminders`.
    public init(file: String, text: String, defaultReminders: [NominalDuration] = Plan.defaultReminders) {
        self.init(file: file, text: text, defaultReminders: defaultReminders, readingPostLines: true)
    }

    /// Parses `text`; `readingPostLines` false reads every line with libyaml (the reference the line reader is tested
    /// against).
    init(file: String, text: String, defaultReminders: [NominalDuration], readingPostLines: Bool) {
        let utf8 = Array(text.utf8)
        if readingPostLines, let lines = FlowPostLines(utf8) {
            let fast = PlanParser(
                file: file, text: text, utf8: lines.text, lists: lines.lists, defaultReminders: defaultReminders)
            // Every list read where it was expected, and libyaml content with the rest: the same reading as libyaml's
            // of the whole text. Anything else is read again the usual way, for the usual diagnostics.
            if !fast.syntaxError && fast.postListsRead == lines.lists.count {
                self = fast
                return
            }
        }
        self.init(file: file, text: text, utf8: utf8, lists: [:], defaultReminders: defaultReminders)
    }

    /// Parses the documents of `utf8` (`text`, with the lines of `lists` emptied).
    private init(
        file: String, text: String, utf8: [UInt8], lists: [Int: YAMLTree], defaultReminders: [NominalDuration]
    ) {
        reader = NodeReader(file: file, text: text)
        self.defaultReminders = defaultReminders
        postLists = lists
        let documents = YAMLDocuments(utf8: utf8)
        do throws(YAMLSyntaxError) {
            while let tree = try documents.next() {
                let node = tree.root
                // A plan with errors in some items is kept (without those items) so that references into it
                // resolve and every error is reported in one run; `PlanSet.hasErrors` keeps it from being used.
                if let scalar = node.scalar, scalar.style == .plain, scalar.string.isEmpty { continue }
                if Self.isPeopleDocument(node) {
                    readPeople(node)
                } else if let plan = readPlan(node) {
                    plans.append(plan)
                }
            }
        } catch {
            syntaxError = true
            reader.error(.syntax, at: SourceLocation(file: file, line: error.line, column: error.column), error.message)
        }
        if plans.isEmpty && !hasPeople && reader.diagnostics.isEmpty {
            reader.warning(.suspicious, at: SourceLocation(file: file, line: 1, column: 1), "the file holds no plan")
        }
    }

    /// The keys of a plan document.
    static let planKeys = [
        "plan", "kind", "title", "timezone", "period", "reminders", "dst", "channel", "renew-notice", "channels",
        "content", "posts", "slots", "campaigns",
    ]

    private mutating func readPlan(_ node: YAMLNode) -> Plan? {
        guard
            let f = reader.fields(
                node, of: "a plan", allowed: Self.planKeys, required: ["plan", "kind", "timezone", "period"])
        else { return nil }
        guard let name = f["plan"].flatMap({ identifier($0, "the plan name") }),
            let kindText = f["kind"].flatMap({ reader.string($0, "kind") })
        else { return nil }
        guard let kind = PlanKind(rawValue: kindText) else {
            reader.error(.invalidValue, f["kind"]!, "kind must be 'communication' or 'editorial', not '\(kindText)'")
            return nil
        }
        let only: [(String, PlanKind)] = [
            ("channel", .editorial), ("renew-notice", .editorial), ("slots", .editorial),
            ("channels", .communication), ("campaigns", .communication),
        ]
        for (key, required) in only where kind != required && f.key(key) != nil {
            reader.error(
                .invalidValue, f.key(key)!,
                "'\(key)' belongs in \(required.rawValue) plans, not \(kind.rawValue) plans")
        }
        guard let zoneNode = f["timezone"], let zoneName = reader.string(zoneNode, "timezone") else { return nil }
        guard let zone = ZoneRules(identifier: zoneName) else {
            reader.error(
                .unknownTimeZone, zoneNode, "unknown time zone '\(zoneName)'; use an IANA name such as Europe/Rome")
            return nil
        }
        guard let periodNode = f["period"], let span = period(periodNode) else { return nil }
        let (from, until) = span

        var plan = Plan(
            name: name, kind: kind, zone: zone, from: from, until: until, location: reader.location(of: f.node),
            periodLocation: reader.location(of: periodNode))
        plan.title = f["title"].flatMap { reader.string($0, "title") }
        plan.reminders = defaultReminders
        if let n = f["reminders"], let leads = durations(n, "reminders") { plan.reminders = leads }
        if let n = f["dst"], let policy = dstPolicy(n) { plan.dstPolicy = policy }
        if let n = f["renew-notice"], let notice = duration(n, "renew-notice") { plan.renewNotice = notice }
        if let n = f["channels"], let items = reader.list(n, "channels") {
            plan.channels = items.compactMap { channel($0) }
        }
        if kind == .editorial {
            if let n = f["channel"] {
                if n.mapping != nil {
                    if let c = channel(n) {
                        plan.channels.append(c)
                        plan.channel = Reference(c.id, at: c.location)
                    }
                } else if let text = reader.string(n, "channel") {
                    plan.channel = Reference(text, at: reader.location(of: n))
                }
            } else {
                reader.error(
                    .missingKey, f.node,
                    "an editorial plan needs 'channel' (a channel id, or {id:, network:, presence:})")
            }
        }
        if let n = f["campaigns"], let items = reader.list(n, "campaigns") {
            plan.campaigns = items.compactMap { campaign($0) }
        }
        if let n = f["content"], let items = reader.list(n, "content") {
            plan.content = items.compactMap { contentItem($0) }
        }
        if let n = f["posts"], let items = postList(f, value: n) ?? reader.list(n, "posts") {
            // Reserved: growing by doubling moved ten thousand posts of a file several times over.
            var posts = PostList()
            posts.reserveCapacity(items.count)
            for item in items { if let p = post(item, kind: kind) { posts.append(p) } }
            plan.posts = posts
        }
        if let n = f["slots"], let items = reader.list(n, "slots") {
            plan.slots = items.compactMap { slot($0, plan: plan) }
        }
        return plan
    }

    /// The posts read by `FlowPostLines` for this plan's `posts:`, when its key is where the line reader found it: a
    /// plain `posts` at the first column of the document's top-level block mapping, with the empty value the emptied
    /// lines leave.
    private mutating func postList(_ f: NodeReader.Fields, value: YAMLNode) -> [YAMLNode]? {
        guard !postLists.isEmpty, let key = f.key("posts"), key.column == 1, let list = postLists[key.line],
            f.node.index == 0, f.node.isBlockCollection, let keyText = key.scalar, keyText.style == .plain,
            keyText.tag == nil, let empty = value.scalar, empty.style == .plain, empty.tag == nil, empty.string.isEmpty
        else { return nil }
        postListsRead += 1
        return list.root.sequence
    }

    // MARK: Items

    private mutating func channel(_ node: YAMLNode) -> Channel? {
        guard
            let f = reader.fields(
                node, of: "a channel", allowed: ["id", "network", "presence", "title", "handle", "active"],
                required: ["id", "network"])
        else { return nil }
        guard let id = f["id"].flatMap({ identifier($0, "a channel id") }),
            let networkNode = f["network"], let network = reader.string(networkNode, "network")
        else { return nil }
        var c = Channel(
            id: id, network: network.lowercased(), location: reader.location(of: node),
            networkLocation: reader.location(of: networkNode))
        if let n = f["presence"], let text = reader.string(n, "presence") {
            c.presenceLocation = reader.location(of: n)
            if let p = Presence(rawValue: text) {
                c.presence = p
            } else {
                reader.error(
                    .invalidValue, n,
                    "presence must be one of \(Presence.allCases.map(\.rawValue).joined(separator: ", ")), not '\(text)'"
                )
            }
        }
        c.title = f["title"].flatMap { reader.string($0, "title") }
        c.handle = f["handle"].flatMap { reader.string($0, "handle") }
        if let n = f["active"], let b = reader.bool(n, "active") { c.active = b }
        return c
    }

    private mutating func campaign(_ node: YAMLNode) -> Campaign? {
        guard
            let f = reader.fields(node, of: "a campaign", allowed: ["id", "title", "from", "until"], required: ["id"])
        else { return nil }
        guard let id = f["id"].flatMap({ identifier($0, "a campaign id") }) else { return nil }
        var c = Campaign(id: id, location: reader.location(of: node))
        c.title = f["title"].flatMap { reader.string($0, "title") }
        c.from = f["from"].flatMap { localTime($0, "from", dateOnly: true) }
        c.until = f["until"].flatMap { localTime($0, "until", dateOnly: true) }
        if let a = c.from, let b = c.until, b < a {
            reader.error(.invalidValue, f["until"]!, "the campaign ends (\(b.date)) before it starts (\(a.date))")
        }
        return c
    }

    private mutating func contentItem(_ node: YAMLNode) -> ContentItem? {
        guard
            let f = reader.fields(
                node, of: "a content item",
                allowed: [
                    "id", "type", "title", "owner", "due", "needs", "reminders", "channels", "campaign", "status",
                ], required: ["id", "type", "due"])
        else { return nil }
        guard let id = f["id"].flatMap({ identifier($0, "a content id") }),
            let type = f["type"].flatMap({ reader.string($0, "type") }),
            let due = f["due"].flatMap({ localTime($0, "due", dateOnly: false) })
        else { return nil }
        var item = ContentItem(id: id, type: type.lowercased(), due: due, location: reader.location(of: node))
        item.title = f["title"].flatMap { reader.string($0, "title") }
        item.owner = f["owner"].flatMap { reader.string($0, "owner") }
        item.needs = f["needs"].map { references($0, "needs") } ?? []
        item.reminders = f["reminders"].flatMap { durations($0, "reminders") }
        item.channels = f["channels"].map { references($0, "channels") } ?? []
        item.campaign = f["campaign"].flatMap { reference($0, "campaign") }
        item.progress = f["status"].flatMap { progress($0, allowed: [.done, .skipped]) }
        return item
    }

    private static let postKeys = [
        "id", "channel", "at", "title", "owner", "needs", "reminders", "campaign", "status",
    ]
    private static let communicationPostKeys = ["id", "channel", "at"]
    private static let editorialPostKeys = ["id", "at"]

    private mutating func post(_ node: YAMLNode, kind: PlanKind) -> Post? {
        let required = kind == .communication ? Self.communicationPostKeys : Self.editorialPostKeys
        guard
            let f = reader.fields(node, of: "a post", allowed: Self.postKeys, required: required)
        else { return nil }
        guard let id = f["id"].flatMap({ identifier($0, "a post id") }), let atNode = f["at"],
            let at = localTime(atNode, "at", dateOnly: false)
        else { return nil }
        var p = Post(id: id, at: at, location: reader.location(of: node), atLocation: reader.location(of: atNode))
        p.channel = f["channel"].flatMap { reference($0, "channel") }
        p.title = f["title"].flatMap { reader.string($0, "title") }
        p.owner = f["owner"].flatMap { reader.string($0, "owner") }
        p.needs = f["needs"].map { references($0, "needs") } ?? []
        p.reminders = f["reminders"].flatMap { durations($0, "reminders") }
        p.campaign = f["campaign"].flatMap { reference($0, "campaign") }
        p.progress = f["status"].flatMap { progress($0, allowed: [.published, .skipped]) }
        return p
    }

    private mutating func slot(_ node: YAMLNode, plan: Plan) -> Slot? {
        guard
            let f = reader.fields(
                node, of: "a slot",
                allowed: [
                    "id", "every", "rrule", "time", "title", "owner", "needs", "prepare", "reminders", "from",
                    "until", "except", "also", "campaign",
                ], required: ["id"])
        else { return nil }
        guard let id = f["id"].flatMap({ identifier($0, "a slot id") }) else { return nil }
        let ruleNode: YAMLNode
        // A single rule (shorthand or RRULE value), or iCalendar content lines parsed once DTSTART is known.
        var rule: RecurrenceRule? = nil
        var contentLines: String? = nil
        let ruleText: String
        switch (f["every"], f["rrule"]) {
        case (let every?, nil):
            guard let text = reader.string(every, "every") else { return nil }
            do throws(RecurrenceError) {
                rule = try RecurrenceRule(shorthand: text)
            } catch {
                reader.error(.invalidRule, every, error.message, offset: error.offset)
                return nil
            }
            (ruleNode, ruleText) = (every, text)
        case (nil, let rrule?):
            guard let text = reader.string(rrule, "rrule") else { return nil }
            (ruleNode, ruleText) = (rrule, text)
            if ICalendarRecurrence.isContentLines(text) {
                contentLines = text
            } else {
                do throws(RecurrenceError) {
                    rule = try RecurrenceRule(parsing: text)
                } catch {
                    reader.error(.invalidRule, rrule, error.message, offset: error.offset)
                    return nil
                }
            }
        case (nil, nil):
            reader.error(
                .missingKey, node, "a slot needs 'every' (such as 'tuesday, friday 09:30') or 'rrule' (RFC 5545)")
            return nil
        case (_?, _?):
            reader.error(.invalidValue, f.key("rrule")!, "a slot takes 'every' or 'rrule', not both")
            return nil
        }

        var start = plan.from
        var end = plan.end
        if let n = f["from"], let t = localTime(n, "from", dateOnly: true) { start = t }
        if let n = f["until"], let t = localTime(n, "until", dateOnly: true) { end = t.addingDays(1) }
        var timeOfDay = 0
        if let n = f["time"], let text = reader.string(n, "time") {
            if f["every"] != nil {
                reader.error(.invalidValue, f.key("time")!, "'time' goes with 'rrule'; 'every' carries its own time")
            } else if let t = TimeText.parseTimeOfDay(text) {
                timeOfDay = t
            } else {
                reader.error(.invalidTime, n, "time must be HH:MM, not '\(text)'")
            }
        }
        if let rule,
            f["rrule"] != nil && rule.byHour.isEmpty && f["time"] == nil
                && [.daily, .weekly, .monthly, .yearly].contains(rule.frequency)
        {
            reader.warning(
                .suspicious, ruleNode, "the rule has no BYHOUR and the slot no 'time'; its posts fall at 00:00")
        }
        let dtstart = LocalDateTime(
            year: start.year, month: start.month, day: start.day, hour: timeOfDay / 3600, minute: timeOfDay / 60 % 60,
            second: timeOfDay % 60)
        var exceptions: [LocalDateTime] = []
        var exceptDays: Set<Int> = []
        if let n = f["except"], let items = reader.list(n, "except") {
            for item in items {
                guard let text = reader.string(item, "an exception") else { continue }
                switch TimeText.parse(text) {
                case .success(.local(let t, let dateOnly)):
                    if dateOnly { exceptDays.insert(t.daysSinceEpoch) } else { exceptions.append(t) }
                case .success(.instant):
                    reader.error(.invalidTime, item, localOnlyMessage(text, plan.zone.identifier))
                case .failure(let e):
                    reader.error(.invalidTime, item, e.message, offset: e.offset)
                }
            }
        }
        let extra = f["also"].flatMap { reader.list($0, "also") }?.compactMap { localTime($0, "also", dateOnly: false) }
        var recurrence: RecurrenceSet
        if let rule {
            recurrence = RecurrenceSet(start: dtstart, rules: [rule], dates: extra ?? [], exceptions: exceptions)
        } else {
            do throws(RecurrenceError) {
                let lines = try ICalendarRecurrence(parsing: contentLines ?? "", zone: plan.zone, defaultStart: dtstart)
                if lines.hasStart && f["time"] != nil {
                    reader.error(
                        .invalidValue, f.key("time")!, "'time' is not needed: the rule's DTSTART has the time")
                }
                recurrence = lines.set
                recurrence.dates += extra ?? []
                recurrence.exceptions += exceptions
                exceptDays.formUnion(lines.exceptDays)
                if let unmatched = lines.unmatchedStart, !recurrence.dates.contains(unmatched) {
                    reader.warning(
                        .suspicious, ruleNode,
                        "DTSTART \(unmatched.shortDescription) is not an occurrence of its rule (RFC 5545 leaves such a "
                            + "set undefined); like libical and python-dateutil, editoriald does not count it as a post"
                    )
                }
            } catch {
                reader.error(.invalidRule, ruleNode, error.message, offset: error.offset)
                return nil
            }
        }
        // Valid RFC 5545, so accepted; but a post more than once a minute is rarely meant.
        if let fast = recurrence.rules.first(where: \.recursWithinAMinute) {
            let why =
                fast.frequency == .secondly
                ? "FREQ=SECONDLY" : "BYSECOND=\(fast.bySecond.map(String.init).joined(separator: ","))"
            reader.warning(
                .suspicious, ruleNode,
                "the slot recurs more than once a minute (\(why)), which is unusual for a publication")
        }
        var s = Slot(
            id: id, recurrence: recurrence, ruleText: ruleText, start: start, end: end, exceptDays: exceptDays,
            location: reader.location(of: node), ruleLocation: reader.location(of: ruleNode))
        s.title = f["title"].flatMap { reader.string($0, "title") }
        s.owner = f["owner"].flatMap { reader.string($0, "owner") }
        s.needs = f["needs"].map { references($0, "needs") } ?? []
        s.reminders = f["reminders"].flatMap { durations($0, "reminders") }
        s.campaign = f["campaign"].flatMap { reference($0, "campaign") }
        if let n = f["prepare"] { s.prepare = preparation(n) }
        return s
    }

    private mutating func preparation(_ node: YAMLNode) -> Preparation? {
        guard
            let f = reader.fields(
                node, of: "prepare", allowed: ["type", "lead", "owner", "title"], required: ["type", "lead"])
        else { return nil }
        guard let type = f["type"].flatMap({ reader.string($0, "type") }),
            let lead = f["lead"].flatMap({ duration($0, "lead") })
        else { return nil }
        return Preparation(
            type: type.lowercased(), lead: lead, owner: f["owner"].flatMap { reader.string($0, "owner") },
            title: f["title"].flatMap { reader.string($0, "title") }, location: reader.location(of: node))
    }

    // MARK: Values

    private mutating func period(_ node: YAMLNode) -> (LocalDateTime, LocalDateTime)? {
        guard let f = reader.fields(node, of: "period", allowed: ["from", "until"], required: ["from", "until"]),
            let from = f["from"].flatMap({ localTime($0, "from", dateOnly: true) }),
            let until = f["until"].flatMap({ localTime($0, "until", dateOnly: true) })
        else { return nil }
        guard until >= from else {
            reader.error(.invalidValue, f["until"]!, "the period ends (\(until.date)) before it starts (\(from.date))")
            return nil
        }
        return (from, until)
    }

    private mutating func dstPolicy(_ node: YAMLNode) -> DSTPolicy? {
        guard let f = reader.fields(node, of: "dst", allowed: ["gap", "repeated"]) else { return nil }
        var policy = DSTPolicy.default
        if let n = f["gap"], let text = reader.string(n, "gap") {
            guard let gap = DSTGapPolicy(rawValue: text) else {
                reader.error(.invalidValue, n, "gap must be 'shift-forward' or 'skip', not '\(text)'")
                return nil
            }
            policy.gap = gap
        }
        if let n = f["repeated"], let text = reader.string(n, "repeated") {
            guard let repeated = DSTRepeatPolicy(rawValue: text) else {
                reader.error(.invalidValue, n, "repeated must be 'first' or 'last', not '\(text)'")
                return nil
            }
            policy.repeated = repeated
        }
        return policy
    }

    private mutating func progress(_ node: YAMLNode, allowed: [Progress]) -> Progress? {
        guard let text = reader.string(node, "status") else { return nil }
        if text == "planned" { return nil }
        guard let p = Progress(rawValue: text), allowed.contains(p) else {
            let names = (["planned"] + allowed.map(\.rawValue)).joined(separator: ", ")
            reader.error(.invalidValue, node, "status must be one of \(names), not '\(text)'")
            return nil
        }
        return p
    }

    /// An id's text (`plan`, `id`, a person's id), or an error when it is not letters, digits, `-`, `_` and `.`.
    mutating func identifier(_ node: YAMLNode, _ what: String) -> String? {
        guard let text = reader.string(node, what) else { return nil }
        guard !Self.isPlainASCIIIdentifier(text) else { return text }
        let ok =
            text.unicodeScalars.first.map { $0.properties.isAlphabetic || ("0"..."9").contains($0) } ?? false
            && text.unicodeScalars.allSatisfy {
                $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" || $0 == "."
            }
        guard ok else {
            reader.error(
                .invalidValue, node,
                "\(what) '\(text)' may use only letters, digits, '-', '_' and '.', starting with a letter or digit")
            return nil
        }
        return text
    }

    /// An ASCII id of letters, digits, `-`, `_` and `.` that starts with a letter or digit: the common case, told
    /// without looking up Unicode properties (a tenth of the time `check` took over a million posts).
    static func isPlainASCIIIdentifier(_ text: String) -> Bool {
        func alphanumeric(_ b: UInt8) -> Bool {
            (b >= 0x30 && b <= 0x39) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A)
        }
        var bytes = text.utf8.makeIterator()
        guard let first = bytes.next(), alphanumeric(first) else { return false }
        while let b = bytes.next() {
            guard alphanumeric(b) || b == 0x2D || b == 0x5F || b == 0x2E else { return false }
        }
        return true
    }

    private mutating func reference(_ node: YAMLNode, _ what: String) -> Reference? {
        guard let text = reader.string(node, what) else { return nil }
        return Reference(text, at: reader.location(of: node))
    }

    private mutating func references(_ node: YAMLNode, _ what: String) -> [Reference] {
        guard let items = reader.list(node, what) else { return [] }
        return items.compactMap { reference($0, what) }
    }

    private mutating func duration(_ node: YAMLNode, _ what: String) -> NominalDuration? {
        guard let text = reader.string(node, what) else { return nil }
        do throws(NominalDurationError) {
            return try NominalDuration(parsing: text)
        } catch {
            reader.error(.invalidTime, node, error.message, offset: error.offset)
            return nil
        }
    }

    private mutating func durations(_ node: YAMLNode, _ what: String) -> [NominalDuration]? {
        guard let items = reader.list(node, what) else { return nil }
        let leads = items.compactMap { duration($0, what) }
        guard leads.count == items.count else { return nil }
        return Array(Set(leads)).sorted(by: >)
    }

    private mutating func localTime(_ node: YAMLNode, _ what: String, dateOnly: Bool) -> LocalDateTime? {
        guard let text = reader.string(node, what) else { return nil }
        switch TimeText.parse(text) {
        case .success(.local(let t, let isDate)):
            if dateOnly && !isDate {
                reader.error(.invalidTime, node, "\(what) is a date (YYYY-MM-DD), not '\(text)'")
                return nil
            }
            if !dateOnly && isDate {
                reader.error(.invalidTime, node, "\(what) needs a time of day: \(text)THH:MM")
                return nil
            }
            return t
        case .success(.instant):
            reader.error(.invalidTime, node, localOnlyMessage(text, nil))
            return nil
        case .failure(let e):
            reader.error(.invalidTime, node, e.message, offset: e.offset)
            return nil
        }
    }

    private func localOnlyMessage(_ text: String, _ zone: String?) -> String {
        "'\(text)' carries a UTC offset; times in a plan are local to its timezone\(zone.map { " (\($0))" } ?? ""), "
            + "so write it without Z or ±HH:MM"
    }
}
