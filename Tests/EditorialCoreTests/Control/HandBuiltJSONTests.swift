import EditorialCore
import Foundation
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
        if let writable = value as? any JSONWritable {
            #expect(String(decoding: writable.jsonText, as: UTF8.self) == built.compact, sourceLocation: sourceLocation)
        }
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

    /// Entries written straight to text say byte for byte what their trees say, for random members: strings that
    /// need escapes or are not ASCII, members present and absent, years outside 0...9999, offsets east, west and
    /// `Z`, blockers and reminders.
    @Test func writtenPagesMatchTheirTreesForRandomEntries() throws {
        let seed =
            ProcessInfo.processInfo.environment["CONTROL_JSON_SEED"].flatMap(UInt64.init)
            ?? UInt64.random(in: 1...UInt64.max)
        print("HandBuiltJSONTests seed: \(seed) (replay with CONTROL_JSON_SEED=\(seed))")
        var rng = SplitMix64(state: seed)
        let scheduler = StatusSnapshotTests.scheduler()
        let responder = ControlResponderTests.responder(scheduler)
        let base = try responder.agenda(AgendaCall(limit: 1_000))
        let template = try #require(base.items.first { !$0.reminders.isEmpty })
        let link = try #require(try responder.list(ListCall(.blocked, limit: 1_000)).items.flatMap(\.blockedBy).first)
        let pieces = ["a", "é", "\"", "\\", "\n", "\u{1}", "\u{1F}", "/", "日本", "👩‍💻", "\t", " ", "\r\n", "\u{7F}"]
        func text() -> String {
            String((0..<Int.random(in: 0...6, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined())
        }
        func maybe<T>(_ make: () -> T) -> T? { Bool.random(using: &rng) ? make() : nil }
        func instant() -> Int64 { Int64.random(in: -70_000_000_000...300_000_000_000, using: &rng) }
        func texts() -> [String] { (0..<Int.random(in: 0...3, using: &rng)).map { _ in text() } }
        let reasons: [Blame.Reason] = [.overdue, .skipped, .dueTooLate, .neverDue]
        var entries: [ItemEntry] = []
        for _ in 0..<300 {
            var e = template
            e.id = text()
            e.kind = ItemKind.allCases.randomElement(using: &rng)!
            e.plan = text()
            e.channel = maybe(text)
            e.title = text()
            e.owner = maybe(text)
            e.type = maybe(text)
            e.due = maybe { Instant(instant()) }
            e.dueLocal = maybe {
                Bool.random(using: &rng)
                    ? LocalInstant(utc: instant())
                    : LocalInstant(instant(), offset: Int.random(in: -50_400...50_400, using: &rng))
            }
            e.timezone = text()
            e.planned = LocalDateTime(secondsSinceEpochAsUTC: instant())
            e.status = ItemStatus.allCases.randomElement(using: &rng)!
            e.lateSeconds = Int64.random(in: Int64.min...Int64.max, using: &rng)
            e.reminders = (0..<Int.random(in: 0...3, using: &rng)).map { _ in
                var r = template.reminders[0]
                (r.key, r.lead, r.at) = (text(), text(), Instant(instant()))
                return r
            }
            e.needs = texts()
            e.blockedBy = (0..<Int.random(in: 0...2, using: &rng)).map { _ in
                var b = link
                (b.item, b.title, b.owner, b.due) = (text(), text(), maybe(text), maybe { Instant(instant()) })
                (b.reason, b.lateSeconds) = (
                    reasons.randomElement(using: &rng)!, Int64.random(in: -5...1_000_000, using: &rng)
                )
                (b.path, b.blocks, b.blocksCount) = (texts(), texts(), Int.random(in: 0...10_000, using: &rng))
                return b
            }
            e.snoozedUntil = maybe { Instant(instant()) }
            e.acknowledged = maybe(texts)
            try Self.expectSame(e)
            entries.append(e)
        }
        let pages: [any JSONWritable] = [
            ListPage(now: Instant(instant()), total: entries.count, items: entries, nextCursor: maybe(text)),
            ListPage(now: Instant(instant()), total: 0, items: [], nextCursor: nil),
            AgendaPage(
                now: Instant(instant()), from: Instant(instant()), to: Instant(instant()), items: entries,
                nextCursor: maybe(text)),
        ]
        for page in pages {
            #expect(String(decoding: page.jsonText, as: UTF8.self) == page.jsonValue.compact)
        }
        try Self.expectSame(pages[0] as! ListPage)
        try Self.expectSame(pages[2] as! AgendaPage)
    }
}
