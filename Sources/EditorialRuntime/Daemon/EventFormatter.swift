import EditorialCore

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
        let what = "\(noun(item)) '\(item.title)' (\(item.id))"
        let channel = item.channel.flatMap { planSet.channel($0) }
        let on = channel.map { " on \($0.network)" } ?? ""
        let when = item.due.map { Self.localTime($0, zone: item.zone) } ?? item.local.description
        let owner = item.owner.map { ", owner \($0)" } ?? ""
        let message: String
        let priority: JournalPriority
        let id: MessageID
        switch event.kind {
        case .reminder:
            let lead = event.lead.map(Self.duration) ?? "soon"
            message = "Reminder: \(what)\(on) is due in \(lead), at \(when)\(owner)"
            (priority, id) = (.info, .reminder)
        case .due:
            message = "Due now: \(what)\(on) at \(when)\(owner)"
            (priority, id) = (.notice, .due)
        case .overdue:
            message = "Overdue by \(Self.seconds(event.late)): \(what)\(on) was due at \(when)\(owner)"
            (priority, id) = (.warning, .overdue)
        case .renewal:
            let left = event.lead.map { $0 == .zero ? "now" : "in \(Self.duration($0))" } ?? "soon"
            message = "Plan renewal due \(left): \(item.title) (\(item.plan) ends at \(when))"
            (priority, id) = (.notice, .renewal)
        case .blocked:
            let first = event.blame.first
            let cause = first.map { blame in
                let late = blame.late > 0 ? " by \(Self.seconds(blame.late))" : ""
                let who = blame.owner.map { ", owner \($0)" } ?? ""
                let others = blame.blocks.count > 1 ? "; it blocks \(blame.blocks.count) items in all" : ""
                return "\(blame.item) '\(blame.title)' is \(Self.reason(blame.reason))\(late)\(who)\(others)"
            }
            message = "Blocked: \(what)\(on), due at \(when), cannot go out: \(cause ?? "a prerequisite is late")"
            (priority, id) = (.warning, .blocked)
        case .unblocked:
            message = "Unblocked: \(what)\(on), due at \(when), can go out: nothing it needs is late any more"
            (priority, id) = (.notice, .unblocked)
        }
        var fields: [JournalField] = [
            JournalField("EDITORIAL_EVENT", event.kind.rawValue),
            JournalField("EDITORIAL_PLAN", item.plan),
            JournalField("EDITORIAL_ITEM", item.id),
            JournalField("EDITORIAL_KIND", item.kind.rawValue),
            JournalField("EDITORIAL_TITLE", item.title),
        ]
        if item.kind == .occurrence || item.kind == .preparation {
            fields.append(JournalField("EDITORIAL_OCCURRENCE", item.local.shortDescription))
        }
        if let channel {
            fields.append(JournalField("EDITORIAL_CHANNEL", channel.network))
            fields.append(JournalField("EDITORIAL_CHANNEL_ID", item.channel ?? channel.id))
        }
        if let due = item.due {
            fields.append(JournalField("EDITORIAL_DUE", TimeText.utc(due)))
            fields.append(
                JournalField("EDITORIAL_DUE_LOCAL", TimeText.local(due, offset: item.zone.offset(atUTC: due))))
        }
        if let lead = event.lead { fields.append(JournalField("EDITORIAL_LEAD", lead.description)) }
        if let owner = item.owner { fields.append(JournalField("EDITORIAL_OWNER", owner)) }
        for blame in event.blame { fields.append(JournalField("EDITORIAL_BLOCKED_BY", blame.item)) }
        if let blame = event.blame.first, let owner = blame.owner {
            fields.append(JournalField("EDITORIAL_BLOCKED_BY_OWNER", owner))
        }
        fields.append(JournalField("EDITORIAL_REMINDER_KEY", event.key))
        if event.late > 0 { fields.append(JournalField("EDITORIAL_LATE", String(event.late))) }
        if event.catchUp { fields.append(JournalField("EDITORIAL_CATCH_UP", "1")) }
        fields.append(JournalField("CODE_FILE", item.source.file))
        fields.append(JournalField("CODE_LINE", String(item.source.line)))
        let suffix = event.catchUp ? " (sent late: editoriald was not running or the machine was asleep)" : ""
        return JournalEntry(message + suffix, priority: priority, messageID: id, fields: fields)
    }

    private func noun(_ item: AgendaItem) -> String {
        switch item.kind {
        case .post, .occurrence: "post"
        case .content: item.type ?? "content"
        case .preparation: item.type.map { "\($0) (preparation)" } ?? "preparation"
        case .renewal: "plan renewal"
        }
    }

    /// "Thu 2027-01-14 09:00 +01:00": the weekday, the local date and time, and the offset.
    public static func localTime(_ instant: Int64, zone: ZoneRules) -> String {
        let offset = zone.offset(atUTC: instant)
        let local = LocalDateTime(secondsSinceEpochAsUTC: instant + Int64(offset))
        let time = local.shortDescription.replacingOccurrences(of: "T", with: " ")
        return "\(local.weekday.name.prefix(3).capitalized) \(time) \(TimeText.offsetText(offset))"
    }

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
