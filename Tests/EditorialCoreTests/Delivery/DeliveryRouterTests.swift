import EditorialCore
import Testing

@Suite struct DeliveryRouterTests {
    static let here = SourceLocation(file: "people.yaml", line: 1, column: 1)

    static func event(
        _ kind: String = "due", plan: String = "acme", channel: String? = "linkedin", owners: [String] = ["anna"],
        priority: Int = 5, at: Int64 = 1_000
    ) -> DeliveryEvent {
        DeliveryEvent(
            kind: kind, key: "acme/post!PT0S", at: at, message: "Due now: post 'Launch'", priority: priority,
            item: "acme/post", title: "Launch", plan: plan, channel: channel, channelID: "acme/li", owner: owners.first,
            owners: owners)
    }

    static let hook = RouteTarget.webhook(RouteTarget.Webhook(url: "http://127.0.0.1:1/"))

    @Test func filtersMatchOnKindsChannelsPlansOwnersAndPriority() {
        let e = Self.event()
        #expect(Route(name: "all", target: Self.hook).matches(e))
        #expect(Route(name: "k", events: ["due"], target: Self.hook).matches(e))
        #expect(!Route(name: "k", events: ["overdue"], target: Self.hook).matches(e))
        #expect(Route(name: "c", channels: ["linkedin"], target: Self.hook).matches(e))
        #expect(Route(name: "c", channels: ["acme/li"], target: Self.hook).matches(e))
        #expect(Route(name: "c", channels: ["li"], target: Self.hook).matches(e))
        #expect(!Route(name: "c", channels: ["youtube"], target: Self.hook).matches(e))
        #expect(!Route(name: "c", channels: ["linkedin"], target: Self.hook).matches(Self.event(channel: nil)))
        #expect(Route(name: "p", plans: ["acme"], target: Self.hook).matches(e))
        #expect(!Route(name: "p", plans: ["other"], target: Self.hook).matches(e))
        #expect(Route(name: "o", owners: ["marco", "anna"], target: Self.hook).matches(e))
        #expect(Route(name: "o", owners: ["marco"], target: Self.hook).matches(Self.event(owners: ["anna", "marco"])))
        #expect(!Route(name: "o", owners: ["marco"], target: Self.hook).matches(e))
        // min-priority warning (4) takes warnings only; notice (5) takes due.
        #expect(!Route(name: "w", minimumPriority: 4, target: Self.hook).matches(e))
        #expect(Route(name: "w", minimumPriority: 4, target: Self.hook).matches(Self.event("overdue", priority: 4)))
        #expect(Route(name: "n", minimumPriority: 5, target: Self.hook).matches(e))
    }

    @Test func everyoneGetsOneDeliveryOwnersOnePerOwnerWhoWantsTheRoute() {
        let people = [
            "anna": Person(id: "anna", email: "anna@example.com", routes: ["mail"], location: Self.here),
            "marco": Person(id: "marco", email: "marco@example.com", routes: ["other"], location: Self.here),
            "lucia": Person(id: "lucia", email: "lucia@example.com", routes: ["mail"], location: Self.here),
        ]
        let mail = RouteTarget.email(RouteTarget.Email(from: "e@example.com"))
        let router = DeliveryRouter(
            routes: [
                Route(name: "team", target: Self.hook), Route(name: "mail", audience: .owners, target: mail),
            ], people: people)
        let e = Self.event(owners: ["anna", "marco", "lucia", "anna", "ghost"])
        let entries = router.entries(for: e, now: 2_000)
        #expect(entries.map(\.route) == ["team", "mail", "mail"])
        #expect(entries.map(\.recipient) == ["", "anna", "lucia"])
        #expect(entries.allSatisfy { $0.state == .pending && $0.nextAttempt == 2_000 && $0.queued == 2_000 })
        #expect(Set(entries.map(\.key)).count == 3)
        let payload = try? OutboxPayload(json: entries[1].payload)
        #expect(payload?.event == e)
        #expect(payload?.recipient?.email == "anna@example.com")
    }

    @Test func digestsGoOnlyToTheRoutesTheirPersonLists() {
        let people = [
            "anna": Person(id: "anna", routes: ["team"], digest: DigestTime(hour: 8, minute: 30), location: Self.here)
        ]
        let router = DeliveryRouter(
            routes: [Route(name: "team", target: Self.hook), Route(name: "ops", target: Self.hook)], people: people)
        let digest = DeliveryEvent(
            kind: "digest", key: "digest!anna@2027-01-14", at: 5, message: "Daily digest", priority: 5,
            owners: ["anna"])
        #expect(router.entries(for: digest, now: 5).map(\.route) == ["team"])
        #expect(router.wantsDigests(people["anna"]!))
        var filtered = router
        filtered.routes = [Route(name: "team", channels: ["linkedin"], target: Self.hook)]
        #expect(!filtered.wantsDigests(people["anna"]!))
    }

    @Test func theIdempotencyKeyIsStableAndTellsEventsRoutesAndPeopleApart() {
        let key = OutboxEntry.idempotencyKey(reminderKey: "acme/post!PT0S", at: 1_000, route: "team", recipient: "")
        #expect(
            key == OutboxEntry.idempotencyKey(reminderKey: "acme/post!PT0S", at: 1_000, route: "team", recipient: ""))
        #expect(key.hasPrefix("ed1-") && key.count == 36)
        #expect(key.dropFirst(4).allSatisfy { $0.isHexDigit && !$0.isUppercase })
        let others = [
            OutboxEntry.idempotencyKey(reminderKey: "acme/post!P1D", at: 1_000, route: "team", recipient: ""),
            OutboxEntry.idempotencyKey(reminderKey: "acme/post!PT0S", at: 1_001, route: "team", recipient: ""),
            OutboxEntry.idempotencyKey(reminderKey: "acme/post!PT0S", at: 1_000, route: "mail", recipient: ""),
            OutboxEntry.idempotencyKey(reminderKey: "acme/post!PT0S", at: 1_000, route: "team", recipient: "anna"),
        ]
        #expect(Set(others + [key]).count == 5)
    }
}
