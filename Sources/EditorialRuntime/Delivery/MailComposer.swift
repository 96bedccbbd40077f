import EditorialCore

/// Writes the e-mail of one delivery: the subject from the event, the date and times in the recipient's zone,
/// the idempotency key as Message-ID, and a body with the sentence, the local time and the chain of blame.
enum MailComposer {
    /// The message for `entry` on an e-mail route.
    static func message(_ entry: OutboxEntry, _ payload: OutboxPayload, _ target: RouteTarget.Email, now: Int64)
        -> MailMessage
    {
        let e = payload.event
        let recipient = payload.recipient
        let zone = (recipient?.zone ?? e.zone).flatMap(ZoneRules.init(identifier:))
        let to: [String] =
            target.to.isEmpty
            ? [recipient.flatMap { r in r.email.flatMap { MailMessage.mailbox(name: r.name, address: $0) } }]
                .compactMap { $0 }
            : target.to
        let domain = MailMessage.address(target.from).flatMap { $0.split(separator: "@").last.map(String.init) }
        let what = e.title.map { "'\($0)'" } ?? e.item ?? e.key
        let channel = e.channel.map { " on \($0)" } ?? ""
        let subject = "[editoriald] \(DeliveryPayload.headline(e.kind)): \(what)\(channel)"
        return MailMessage(
            from: target.from, to: to, subject: e.kind == "digest" ? "[editoriald] \(e.message)" : subject, date: now,
            utcOffset: zone?.offset(atUTC: now) ?? 0,
            messageID: "\(entry.key)@\(domain ?? "editoriald.invalid")",
            headers: [
                ("X-Editoriald-Event", e.kind), ("X-Editoriald-Reminder-Key", e.key),
                ("X-Editoriald-Route", entry.route),
            ],
            body: body(entry, payload, zone: zone))
    }

    /// The plain-text body.
    static func body(_ entry: OutboxEntry, _ payload: OutboxPayload, zone: ZoneRules?) -> String {
        let e = payload.event
        var lines: [String] = []
        if let name = payload.recipient?.name { lines += ["Hello \(name),", ""] }
        lines.append(e.message)
        lines += e.details.map { "  " + $0 }
        lines.append("")
        if let due = e.due {
            var when = e.dueLocal ?? TimeText.utc(due)
            if let zone, let planZone = e.zone, zone.identifier != planZone {
                when += " (\(EventFormatter.localTime(due, zone: zone)) in \(zone.identifier))"
            }
            lines.append("When:     \(when)")
        }
        if let item = e.item { lines.append("Item:     \(item)" + (e.title.map { " — \($0)" } ?? "")) }
        if let plan = e.plan { lines.append("Plan:     \(plan)") }
        if let channel = e.channel { lines.append("Channel:  \(channel)" + (e.channelID.map { " (\($0))" } ?? "")) }
        if let owner = e.owner, e.kind != "digest" { lines.append("Owner:    \(owner)") }
        if !e.blame.isEmpty {
            lines += ["", "Chain of blame (what keeps it from going out, worst first):"]
            for (n, b) in e.blame.enumerated() {
                let late = b.late > 0 ? " by \(EventFormatter.seconds(b.late))" : ""
                let owner = b.owner.map { ", owner \($0)" } ?? ""
                let due =
                    b.due.map { t in ", due " + (zone.map { EventFormatter.localTime(t, zone: $0) } ?? TimeText.utc(t))
                    } ?? ""
                lines.append("  \(n + 1). \(b.item) '\(b.title)' is \(b.reason.rawValue)\(late)\(owner)\(due)")
                if b.path.count > 1 { lines.append("     path: " + b.path.joined(separator: " → ")) }
                if b.blocks.count > 1 {
                    lines.append("     it blocks \(b.blocks.count) items: " + b.blocks.joined(separator: ", "))
                }
            }
        }
        if e.catchUp { lines += ["", "(Sent late: editoriald was not running or the machine was asleep.)"] }
        lines += [
            "", "-- ",
            "Sent by editoriald for route '\(entry.route)'. Delivery key \(entry.key); reminder key \(e.key).",
            e.item.map { "Mark it with: editorialctl done|published|skip \($0)" }
                ?? "Mark an item with: editorialctl done|published|skip ID",
        ]
        return lines.joined(separator: "\n") + "\n"
    }
}
