import EditorialCore
import Testing

@Suite struct DeliveryPayloadTests {
    static let blame = Blame(
        item: "acme/video", title: "Launch <video> & cut", owner: "paolo", due: 1_799_996_400, reason: .overdue,
        late: 7_200, path: ["acme/post", "acme/video"], blocks: ["acme/post", "acme/reel"])

    static let payload = OutboxPayload(
        event: DeliveryEvent(
            kind: "blocked", key: "acme/post!blocked", at: 1_800_000_000, message: "Blocked: post 'Launch'",
            priority: 4,
            item: "acme/post", title: "Launch", plan: "acme", channel: "linkedin", channelID: "acme/li",
            owner: "anna", owners: ["anna", "paolo"], due: 1_800_003_600, dueLocal: "Fri 2027-01-15 10:00 +01:00",
            zone: "Europe/Rome", blame: [blame]),
        recipient: DeliveryRecipient(id: "anna", name: "Anna", email: "anna@example.com", chat: "<@U024BE7LH>"))

    static let entry = OutboxEntry(
        id: 7, key: "ed1-0123", route: "team", target: "webhook", recipient: "anna", item: "acme/post",
        event: "blocked", reminderKey: "acme/post!blocked", eventAt: 1_800_000_000, queued: 1_800_000_000,
        nextAttempt: 1_800_000_000, payload: payload.json)

    @Test func theGenericShapeCarriesEveryMemberWithRFC3339Instants() throws {
        let body = DeliveryPayload.generic(entry: Self.entry, payload: Self.payload)
        #expect(body["version"] == .int(1))
        #expect(body["idempotency_key"]?.string == "ed1-0123")
        #expect(body["event"]?.string == "blocked")
        #expect(body["reminder_key"]?.string == "acme/post!blocked")
        #expect(body["at"]?.string == "2027-01-15T08:00:00Z")
        #expect(body["due"]?.string == "2027-01-15T09:00:00Z")
        #expect(body["priority"]?.string == "warning")
        #expect(body["owners"] == .array([.string("anna"), .string("paolo")]))
        let blocked = try #require(body["blocked_by"]?.array?.first)
        #expect(blocked["item"]?.string == "acme/video")
        #expect(blocked["late"] == .int(7_200))
        #expect(blocked["path"] == .array([.string("acme/post"), .string("acme/video")]))
        #expect(body["recipient"]?["email"]?.string == "anna@example.com")
        // The stored payload reads back as it was written.
        #expect(try OutboxPayload(json: Self.payload.json) == Self.payload)
    }

    @Test func theSlackShapeHasTextAndBlocksWithEscapesAndTheMention() throws {
        let body = DeliveryPayload.slack(payload: Self.payload)
        #expect(body["text"]?.string == "Blocked: post 'Launch'")
        let blocks = try #require(body["blocks"]?.array)
        #expect(blocks.count == 3)
        #expect(blocks[0]["type"]?.string == "section")
        #expect(blocks[0]["text"]?["type"]?.string == "mrkdwn")
        #expect(blocks[0]["text"]?["text"]?.string == "*Blocked*  Blocked: post 'Launch'")
        let why = try #require(blocks[1]["text"]?["text"]?.string)
        #expect(why.contains("Launch &lt;video&gt; &amp; cut is overdue by 2 h, owner paolo"))
        let context = try #require(blocks[2]["elements"]?.array?.first?["text"]?.string)
        #expect(context.contains("owner <@U024BE7LH>"))
        #expect(context.contains("on linkedin"))
        #expect(DeliveryPayload.escape("a<b>&c") == "a&lt;b&gt;&amp;c")
    }

    @Test func theStoredPayloadIsItsCodableFormFullAndSparse() throws {
        let sparse = OutboxPayload(
            event: DeliveryEvent(kind: "digest", key: "digest!a@2027-01-14", at: 5, message: "m", priority: 5))
        var noOwner = Self.blame
        noOwner.owner = nil
        noOwner.due = nil
        var partial = Self.payload
        partial.event.blame = [noOwner]
        partial.recipient = DeliveryRecipient(id: "anna")
        for payload in [Self.payload, sparse, partial] {
            #expect(payload.jsonValue == (try JSONValueEncoder().encode(payload)))
            #expect(try OutboxPayload(json: payload.json) == payload)
        }
    }
}
