/// Turns scheduler events into journal entries: a sentence a person reads (what, where, when in local time,
/// how late), a fixed `MESSAGE_ID` per kind, a priority that means something, and fields to filter on.
public struct EventFormatter: Sendable {
    /// The plans, to name channels by network.
    public let planSet: PlanSet

    /// Creates a formatter for a plan set.
    public init(planSet: PlanSet) { self.planSet = planSet }

    /// The entry of one event.
    public func entry(_ event: SchedulerEvent) -> JournalEntry {
        let item = event.item
        let channel = item.channel.flatMap { planSet.channel($0) }
        let (message, priority, id) = headline(event, channel: channel)
        var fields: [JournalField] = [
            JournalField(valid: "EDITORIAL_EVENT", event.kind.rawValue),
            JournalField(valid: "EDITORIAL_PLAN", item.plan),
            JournalField(valid: "EDITORIAL_ITEM", item.id),
            JournalField(valid: "EDITORIAL_KIND", item.kind.rawValue),
            JournalField(valid: "EDITORIAL_TITLE", item.title),
        ]
        if item.kind == .occurrence || item.kind == .preparation {
            fields.append(JournalField(valid: "EDITORIAL_OCCURRENCE", item.local.shortDescription))
        }
        if let channel {
            fields.append(JournalField(valid: "EDITORIAL_CHANNEL", channel.network))
            fields.append(JournalField(valid: "EDITORIAL_CHANNEL_ID", item.channel ?? channel.id))
        }
        if let due = item.due {
            fields.append(JournalField(valid: "EDITORIAL_DUE", TimeText.utc(due)))
            fields.append(
                JournalField(valid: "EDITORIAL_DUE_LOCAL", TimeText.local(due, offset: item.zone.offset(atUTC: due))))
        }
        if let lead = event.lead { fields.append(JournalField(valid: "EDITORIAL_LEAD", lead.description)) }
        if let owner = item.owner { fields.append(JournalField(valid: "EDITORIAL_OWNER", owner)) }
        for blame in event.blame { fields.append(JournalField(valid: "EDITORIAL_BLOCKED_BY", blame.item)) }
        if let blame = event.blame.first, let owner = blame.owner {
            fields.append(JournalField(valid: "EDITORIAL_BLOCKED_BY_OWNER", owner))
        }
        fields.append(JournalField(valid: "EDITORIAL_REMINDER_KEY", event.key))
        if event.late > 0 { fields.append(JournalField(valid: "EDITORIAL_LATE", String(event.late))) }
        if event.catchUp { fields.append(JournalField(valid: "EDITORIAL_CATCH_UP", "1")) }
        fields.append(JournalField(valid: "CODE_FILE", item.source.file))
        fields.append(JournalField(valid: "CODE_LINE", String(item.source.line)))
        return JournalEntry(message, priority: priority, messageID: id, fields: fields)
    }

    /// The sentence of one event, its priority and its `MESSAGE_ID`: what a console line shows of its entry.
    public func headline(_ event: SchedulerEvent) -> (message: String, priority: JournalPriority, id: MessageID) {
        headline(event, channel: event.item.channel.flatMap { planSet.channel($0) })
    }

    /// `headline(_:)` with the event's channel already looked up.
    private func headline(_ event: SchedulerEvent, channel: Channel?) -> (
        message: String, priority: JournalPriority, id: MessageID
    ) {
        let item = event.item
        // Appended into one string: a dry run writes hundreds of thousands of these, and building each part as a
        // string of its own first cost a third of the sentence.
        var m = ""
        m.reserveCapacity(160 + item.title.utf8.count + item.id.utf8.count)
        func what() {
            m += noun(item)
            m += " '"
            m += item.title
            m += "' ("
            m += item.id
            m += ")"
            if let channel {
                m += " on "
                m += channel.network
            }
        }
        func when() { m += item.due.map { Self.localTime($0, zone: item.zone) } ?? item.local.description }
        func owner() {
            if let owner = item.owner {
                m += ", owner "
                m += owner
            }
        }
        let priority: JournalPriority
        let id: MessageID
        switch event.kind {
        case .reminder:
            m += "Reminder: "
            what()
            m += " is due in "
            m += event.lead.map(Self.duration) ?? "soon"
            m += ", at "
            when()
            owner()
            (priority, id) = (.info, .reminder)
        case .due:
            m += "Due now: "
            what()
            m += " at "
            when()
            owner()
            (priority, id) = (.notice, .due)
        case .overdue:
            m += "Overdue by "
            m += Self.seconds(event.late)
            m += ": "
            what()
            m += " was due at "
            when()
            owner()
            (priority, id) = (.warning, .overdue)
        case .renewal:
            let left = event.lead.map { $0 == .zero ? "now" : "in \(Self.duration($0))" } ?? "soon"
            m += "Plan renewal due \(left): \(item.title) (\(item.plan) ends at "
            when()
            m += ")"
            (priority, id) = (.notice, .renewal)
        case .blocked:
            let first = event.blame.first
            let cause = first.map { blame in
                let late = blame.late > 0 ? " by \(Self.seconds(blame.late))" : ""
                let who = blame.owner.map { ", owner \($0)" } ?? ""
                let others = blame.blocks.count > 1 ? "; it blocks \(blame.blocks.count) items in all" : ""
                return "\(blame.item) '\(blame.title)' is \(Self.reason(blame.reason))\(late)\(who)\(others)"
            }
            m += "Blocked: "
            what()
            m += ", due at "
            when()
            m += ", cannot go out: "
            m += cause ?? "a prerequisite is late"
            (priority, id) = (.warning, .blocked)
        case .unblocked:
            m += "Unblocked: "
            what()
            m += ", due at "
            when()
            m += ", can go out: nothing it needs is late any more"
            (priority, id) = (.notice, .unblocked)
        }
        if event.catchUp { m += " (sent late: editoriald was not running or the machine was asleep)" }
        return (m, priority, id)
    }

    /// The summary entry of a catch-up: how long the daemon was away, how many missed stages were sent, folded
    /// into them, or left out as older than `horizon` (seconds).
    public func catchUpEntry(_ s: CatchUpSummary, horizon: Int64) -> JournalEntry {
        let away = s.since.map {
            "after \(Self.seconds(s.until - $0)) away (since \(planSet.teamLocal($0).description))"
        }
        var message = "Caught up \(away ?? "on first start"): \(s.sent) missed reminder\(s.sent == 1 ? "" : "s") sent"
        if s.folded > 0 { message += ", \(s.folded) earlier stage\(s.folded == 1 ? "" : "s") folded into them" }
        if s.beyondHorizon > 0 {
            message += ", \(s.beyondHorizon) older than the \(Self.seconds(horizon)) horizon not sent"
        }
        return JournalEntry(
            message, priority: .notice, messageID: .catchUp,
            fields: [
                JournalField(valid: "EDITORIAL_CATCH_UP_SENT", String(s.sent)),
                JournalField(valid: "EDITORIAL_CATCH_UP_FOLDED", String(s.folded)),
                JournalField(valid: "EDITORIAL_CATCH_UP_BEYOND_HORIZON", String(s.beyondHorizon)),
                JournalField(valid: "EDITORIAL_CATCH_UP_SINCE", s.since.map(TimeText.utc) ?? ""),
            ])
    }

    /// The entry of a person's daily digest: its sentence, then one indented line per detail.
    public func digestEntry(_ event: DeliveryEvent, person: String) -> JournalEntry {
        JournalEntry(
            ([event.message] + event.details.map { "  " + $0 }).joined(separator: "\n"), priority: .notice,
            messageID: .digest,
            fields: [
                JournalField(valid: "EDITORIAL_EVENT", "digest"), JournalField(valid: "EDITORIAL_PERSON", person),
                JournalField(valid: "EDITORIAL_OWNER", person),
                JournalField(valid: "EDITORIAL_REMINDER_KEY", event.key),
                JournalField(valid: "EDITORIAL_DIGEST_LINES", String(event.details.count)),
            ])
    }

    /// `EDITORIAL_LATENESS_USEC`: how late an event's entry goes out, `nanoseconds` being the clock when it is sent.
    public static func lateness(_ event: SchedulerEvent, nanoseconds: Int64) -> JournalField {
        JournalField(valid: "EDITORIAL_LATENESS_USEC", String((nanoseconds - event.at * 1_000_000_000) / 1_000))
    }

    private func noun(_ item: AgendaItem) -> String {
        switch item.kind {
        case .post, .occurrence: "post"
        case .content: item.type ?? "content"
        case .preparation: item.type.map { "\($0) (preparation)" } ?? "preparation"
        case .renewal: "plan renewal"
        }
    }

    /// "Thu 2027-01-14 09:00 +01:00": the weekday, the local date and time (seconds only when not zero), and the
    /// offset.
    public static func localTime(_ instant: Int64, zone: ZoneRules) -> String {
        let offset = zone.offset(atUTC: instant)
        let local = LocalDateTime(secondsSinceEpochAsUTC: instant + Int64(offset))
        return weekdays[local.weekday.rawValue] + local.text(separator: UInt8(ascii: " "), seconds: false) + " "
            + TimeText.offsetText(offset)
    }

    /// `Mon ` … `Sun ` by `Weekday.rawValue`.
    private static let weekdays: [String] = {
        var names = Array(repeating: "", count: 8)
        for day in Weekday.allCases {
            names[day.rawValue] = day.name.prefix(1).uppercased() + day.name.dropFirst().prefix(2) + " "
        }
        return names
    }()

    /// "1 day", "2 days 3 hours", "30 minutes".
    public static func duration(_ d: NominalDuration) -> String {
        var parts: [String] = []
        if d.days > 0 {
            parts.append(d.days % 7 == 0 && d.seconds == 0 ? plural(d.days / 7, "week") : plural(d.days, "day"))
        }
        let h = d.seconds / 3600
        let m = d.seconds / 60 % 60
        if h > 0 { parts.append(plural(h, "hour")) }
        if m > 0 { parts.append(plural(m, "minute")) }
        if d.seconds % 60 > 0 && d.days == 0 && h == 0 { parts.append(plural(d.seconds % 60, "second")) }
        return parts.isEmpty ? "no time" : parts.joined(separator: " ")
    }

    /// "45 s", "12 min", "3 h 20 min", "2 d 4 h".
    public static func seconds(_ s: Int64) -> String { TimeText.span(s) }

    private static func plural(_ n: Int, _ word: String) -> String { n == 1 ? "1 \(word)" : "\(n) \(word)s" }

    private static func reason(_ reason: Blame.Reason) -> String {
        switch reason {
        case .overdue: "overdue"
        case .skipped: "skipped"
        case .dueTooLate: "due too late"
        case .neverDue: "never due (its local time does not exist)"
        }
    }
}

extension EventFormatter {
    /// The event as delivery sees it: the entry's sentence and priority, the item, its channel and the owners it
    /// concerns (its own, then those of what blocks it).
    public func deliveryEvent(_ event: SchedulerEvent, entry: JournalEntry) -> DeliveryEvent {
        let item = event.item
        let channel = item.channel.flatMap { planSet.channel($0) }
        var owners = item.owner.map { [$0] } ?? []
        for owner in event.blame.compactMap(\.owner) where !owners.contains(owner) { owners.append(owner) }
        return DeliveryEvent(
            kind: event.kind.rawValue, key: event.key, at: event.at, message: entry.message,
            priority: Int(entry.priority.rawValue), item: item.id, title: item.title, plan: item.plan,
            channel: channel?.network, channelID: item.channel, owner: item.owner, owners: owners, due: item.due,
            dueLocal: item.due.map { Self.localTime($0, zone: item.zone) }, zone: item.zone.identifier,
            blame: event.blame, catchUp: event.catchUp)
    }
}
