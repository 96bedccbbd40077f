import EditorialCore
import Testing

/// The replies whose JSON is built by hand for speed say exactly what their `Codable` encoding says, for values
/// with every optional member present and absent.
struct HandBuiltJSONTests {
    /// Both encodings of `value`, which must be equal.
    static func expectSame<T: JSONValueRepresentable>(
        _ value: T, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws {
        let built = try JSONValueEncoder().encode(value)
        let coded = try JSONValueEncoder(usesHandBuiltForms: false).encode(value)
        #expect(built == value.jsonValue, sourceLocation: sourceLocation)
        #expect(built == coded, "\(T.self): \(built.compact) != \(coded.compact)", sourceLocation: sourceLocation)
    }

    @Test func listsAgendaAndEntriesMatchTheirCodableForm() throws {
        let scheduler = StatusSnapshotTests.scheduler()
        let responder = ControlResponderTests.responder(
            scheduler, acknowledged: [ReminderKey.blocked("acme/flash"): StatusSnapshotTests.now])
        let overdue = try responder.list(ListCall(.overdue, limit: 3))
        #expect(overdue.nextCursor != nil)
        try Self.expectSame(overdue)
        let blocked = try responder.list(ListCall(.blocked, limit: 1_000))
        #expect(blocked.nextCursor == nil && blocked.items.contains { !$0.blockedBy.isEmpty })
        #expect(blocked.items.contains { $0.acknowledged != nil })
        try Self.expectSame(blocked)
        let agenda = try responder.agenda(AgendaCall(limit: 1_000))
        try Self.expectSame(agenda)
        // Members absent and present: owners, types, channels, blockers' due times, snoozes.
        let entries = overdue.items + blocked.items + agenda.items
        #expect(entries.contains { $0.owner == nil } && entries.contains { $0.owner != nil })
        #expect(entries.contains { $0.type != nil } && entries.contains { $0.channel != nil })
        for entry in entries { try Self.expectSame(entry) }
        var snoozed = try #require(entries.first)
        snoozed.snoozedUntil = Instant(StatusSnapshotTests.now + 60)
        snoozed.due = nil
        snoozed.dueLocal = nil
        try Self.expectSame(snoozed)
        for link in entries.flatMap(\.blockedBy) { try Self.expectSame(link) }
        for reminder in entries.flatMap(\.reminders) { try Self.expectSame(reminder) }
    }

    @Test func statusMatchesItsCodableFormWithAndWithoutNulls() throws {
        let scheduler = StatusSnapshotTests.scheduler()
        let responder = ControlResponderTests.responder(scheduler)
        var status = responder.status(ControlResponderTests.facts(scheduler))
        #expect(status.next != nil && status.rejected == nil)
        try Self.expectSame(status)
        status.next = nil
        status.rejected = StatusReply.Rejected(
            errors: 2,
            first: [
                DiagnosticEntry(
                    Diagnostic(.error, .syntax, at: SourceLocation(file: "a.yaml", line: 1, column: 2), "bad \"x\""))
            ])
        status.nowLocal = LocalInstant(utc: StatusSnapshotTests.now)
        try Self.expectSame(status)
        #expect(try JSONValueEncoder().encode(status)["next"] == .null)
    }

    @Test func watchEventsMatchTheirCodableForm() throws {
        let event = WatchEvent(
            type: "blocked", at: Instant(5), priority: 4, message: "Blocked: …",
            fields: [("EDITORIAL_ITEM", "acme/launch"), ("EDITORIAL_BLOCKED_BY", "a"), ("EDITORIAL_BLOCKED_BY", "b")])
        #expect(event.fields["blocked_by"] == .many(["a", "b"]))
        try Self.expectSame(event)
    }
}
