import EditorialCore

/// The journal entries of delivery itself.
enum DeliveryEntries {
    /// A delivery given up on: a warning with its route, keys and last result (catalogued `deliveryDead`).
    static func dead(_ e: OutboxEntry, reason: String) -> JournalEntry {
        let about = e.item.map { " of \($0)" } ?? ""
        return JournalEntry(
            "Delivery \(e.id) dead: the \(e.event) entry\(about) did not reach route '\(e.route)' (\(e.target)) after "
                + "\(e.attempts) attempt\(e.attempts == 1 ? "" : "s"): \(reason); "
                + "'editorialctl outbox retry \(e.id)' sends it again",
            priority: .warning, messageID: .deliveryDead,
            fields: [
                JournalField("EDITORIAL_DELIVERY_ID", String(e.id)),
                JournalField("EDITORIAL_ROUTE", e.route),
                JournalField("EDITORIAL_TARGET", e.target),
                JournalField("EDITORIAL_EVENT", e.event),
                JournalField("EDITORIAL_ITEM", e.item ?? ""),
                JournalField("EDITORIAL_RECIPIENT", e.recipient),
                JournalField("EDITORIAL_REMINDER_KEY", e.reminderKey),
                JournalField("EDITORIAL_IDEMPOTENCY_KEY", e.key),
                JournalField("EDITORIAL_ATTEMPTS", String(e.attempts)),
                JournalField("EDITORIAL_DELIVERY_RESULT", reason),
            ])
    }
}
