/// The JSON bodies a webhook route posts, built from an outbox entry's payload.
///
/// `generic` is the event's fields as one object (documented member by member in Docs/Delivery.md); `slack` is
/// what a Slack or Mattermost incoming-webhook URL takes as it is: a `text` fallback and Block Kit `blocks`.
public enum DeliveryPayload {
    /// The body for `shape`, as JSON.
    public static func body(_ shape: WebhookShape, entry: OutboxEntry, payload: OutboxPayload) -> JSONValue {
        switch shape {
        case .generic: generic(entry: entry, payload: payload)
        case .slack: slack(payload: payload)
        }
    }

    /// The generic shape: every member of the event, RFC 3339 instants, and the delivery's own key and route.
    public static func generic(entry: OutboxEntry, payload: OutboxPayload) -> JSONValue {
        let e = payload.event
        var members: [String: JSONValue] = [
            "version": .int(1),
            "idempotency_key": .string(entry.key),
            "route": .string(entry.route),
            "event": .string(e.kind),
            "reminder_key": .string(e.key),
            "at": .string(TimeText.utc(e.at)),
            "message": .string(e.message),
            "priority": .string(priorityName(e.priority)),
            "owners": .array(e.owners.map(JSONValue.string)),
            "catch_up": .bool(e.catchUp),
            "blocked_by": .array(e.blame.map(blame)),
        ]
        let optional: [(String, String?)] = [
            ("item", e.item), ("title", e.title), ("plan", e.plan), ("channel", e.channel),
            ("channel_id", e.channelID), ("owner", e.owner), ("due", e.due.map(TimeText.utc)),
            ("due_local", e.dueLocal), ("zone", e.zone),
        ]
        for (name, value) in optional { members[name] = .optional(value) }
        if !e.details.isEmpty { members["details"] = .array(e.details.map(JSONValue.string)) }
        if let r = payload.recipient {
            members["recipient"] = .object([
                "id": .string(r.id), "name": .optional(r.name), "email": .optional(r.email),
                "chat": .optional(r.chat), "zone": .optional(r.zone),
            ])
        }
        return .object(members)
    }

    /// The Slack/Mattermost shape: the sentence as `text` (the notification's fallback), a section with the
    /// headline and the sentence, the chain of blame or the digest's lines, and a context line (plan, channel,
    /// owners mentioned by their chat handle).
    public static func slack(payload: OutboxPayload) -> JSONValue {
        let e = payload.event
        var blocks: [JSONValue] = [
            section(
                "*\(escape(headline(e.kind)))*  \(escape(e.message.split(separator: "\n").first.map(String.init) ?? ""))"
            )
        ]
        var lines = e.blame.map { b in
            let late = b.late > 0 ? " by \(TimeText.span(b.late))" : ""
            let owner = b.owner.map { ", owner \($0)" } ?? ""
            return "• `\(escape(b.item))` \(escape(b.title)) is \(b.reason.rawValue)\(late)\(escape(owner))"
        }
        lines += e.details.map { "• " + escape($0) }
        if !lines.isEmpty { blocks.append(section(lines.joined(separator: "\n"))) }
        var context: [String] = []
        if let plan = e.plan { context.append("plan `\(escape(plan))`") }
        if let channel = e.channel { context.append("on \(escape(channel))") }
        let mentions = e.owners.map { owner in payload.recipient?.id == owner ? mention(payload.recipient) : nil }
        if let owner = e.owner { context.append("owner " + (mentions.first.flatMap { $0 } ?? escape(owner))) }
        if let due = e.dueLocal { context.append("due \(escape(due))") }
        if !context.isEmpty {
            blocks.append(
                .object([
                    "type": .string("context"),
                    "elements": .array([
                        .object(["type": .string("mrkdwn"), "text": .string(context.joined(separator: " · "))])
                    ]),
                ]))
        }
        return .object(["text": .string(escape(e.message)), "blocks": .array(blocks)])
    }

    /// "warning", "notice", "info" for syslog priorities.
    public static func priorityName(_ priority: Int) -> String {
        let names = ["emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"]
        return names.indices.contains(priority) ? names[priority] : String(priority)
    }

    /// "Overdue", "Reminder", … for an event kind.
    public static func headline(_ kind: String) -> String {
        switch kind {
        case "reminder": "Reminder"
        case "due": "Due now"
        case "overdue": "Overdue"
        case "blocked": "Blocked"
        case "unblocked": "Unblocked"
        case "renewal": "Plan renewal"
        case "digest": "Daily digest"
        default: kind.prefix(1).uppercased() + kind.dropFirst()
        }
    }

    /// Slack's mrkdwn control characters escaped (`&`, `<`, `>`), as its API asks.
    public static func escape(_ text: String) -> String {
        guard text.contains(where: { $0 == "&" || $0 == "<" || $0 == ">" }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.append(c)
            }
        }
        return out
    }

    private static func mention(_ r: DeliveryRecipient?) -> String? {
        guard let chat = r?.chat, !chat.isEmpty else { return nil }
        // A Slack user id mention (`<@U024BE7LH>`) is kept as written; a plain handle is text.
        return chat.hasPrefix("<@") && chat.hasSuffix(">") ? chat : escape(chat)
    }

    private static func section(_ text: String) -> JSONValue {
        .object(["type": .string("section"), "text": .object(["type": .string("mrkdwn"), "text": .string(text)])])
    }

    private static func blame(_ b: Blame) -> JSONValue {
        .object([
            "item": .string(b.item), "title": .string(b.title), "owner": .optional(b.owner),
            "due": .optional(b.due.map(TimeText.utc)), "reason": .string(b.reason.rawValue), "late": .int(b.late),
            "path": .array(b.path.map(JSONValue.string)), "blocks": .array(b.blocks.map(JSONValue.string)),
        ])
    }
}
