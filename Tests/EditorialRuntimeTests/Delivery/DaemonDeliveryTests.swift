import EditorialClient
import EditorialCore
import Foundation
import Testing

@testable import EditorialRuntime

/// Delivery through the real daemon in process (manual clock, in-memory journal) to a real HTTP server on
/// loopback: retries and their spacing, the signature, the shapes, dead deliveries and `retry`, people's own
/// routes, digests, and a missing secret.
@Suite(.serialized) struct DaemonDeliveryTests {
    static func utc(_ text: String) -> Int64 { Instant(text: text)!.seconds }

    static let base = utc("2027-01-14T09:00:00Z")

    /// A UTC plan with a video (paolo) that a post (anna) needs, due at `base` and `base + 1 h`.
    static let plan = """
        plan: acme
        kind: communication
        timezone: UTC
        period: {from: 2027-01-01, until: 2027-02-28}
        reminders: [PT2H, PT0S]
        channels: [{id: li, network: linkedin}]
        content:
          - {id: video, type: video, title: Launch video, owner: paolo, due: 2027-01-14T09:00}
        posts:
          - {id: launch, channel: li, at: 2027-01-14T10:00, title: Launch, owner: anna, needs: [video]}
        """

    static let people = """
        people:
          anna: {name: Anna Rossi, email: anna@example.com, chat: "<@U1>", timezone: Europe/Rome, routes: [team, mine], digest: "08:30"}
          paolo: {name: Paolo Conti, email: paolo@example.com, timezone: Europe/Lisbon, routes: [mine]}
        """

    static func webhook(
        _ name: String, _ server: WebhookServer, secretFile: String? = nil, shape: WebhookShape = .generic,
        events: Set<String> = [], audience: RouteAudience = .everyone, timeout: Double = 2
    ) -> Route {
        Route(
            name: name, events: events, audience: audience,
            target: .webhook(
                RouteTarget.Webhook(
                    url: server.url().absoluteString, shape: shape, secret: secretFile.map(SecretSource.file),
                    timeout: timeout)))
    }

    /// The unix time in a request's signature (the daemon's clock when it made the attempt).
    static func signedAt(_ r: WebhookServer.Request) -> Int64? {
        r.header("Editoriald-Signature")?.split(separator: ",").first { $0.hasPrefix("t=") }
            .flatMap { Int64($0.dropFirst(2)) }
    }

    static func body(_ r: WebhookServer.Request) throws -> JSONValue { try JSONParser.parse(r.body ?? "") }

    /// Waits until the open deliveries are all waiting for a later attempt (or done), then returns the outbox.
    static func settled(_ h: DaemonHarness) throws -> [OutboxEntry] {
        #expect(h.waitForDeliveries())
        return try h.store().outbox(state: nil, before: nil, limit: 100)
    }

    /// 500, then 429 with Retry-After, then a hang past the timeout, then 200: four attempts, spaced by the
    /// backoff (with jitter) and the Retry-After, every one signed and with the same idempotency key; exactly one
    /// accepted. The scheduler never waited: the due entry went out at its instant.
    @Test func retriesHonourBackoffRetryAfterAndTimeoutsAndDeliverOnce() throws {
        let server = try WebhookServer(script: ["500", "429:retry-after=7", "hang", "200"], secret: "s3cret")
        let h = try DaemonHarness(plans: ["acme.yaml": Self.plan], now: Self.base - 60)
        let secret = h.directory.appending("hook.secret")
        try "s3cret\n".write(toFile: secret, atomically: true, encoding: .utf8)
        h.configure = {
            $0.routes = [Self.webhook("team", server, secretFile: secret, events: ["due"])]
            $0.retry = RetryPolicy(initial: 10, maximum: 3600, giveUpAfter: 86_400, maxAttempts: 20)
        }
        try h.start()
        let fired = h.advance(to: Self.base)
        #expect(fired.filter { $0.messageID == .due }.map { $0[field: "EDITORIAL_LATENESS_USEC"] } == ["0"])
        _ = try server.waitForRequests(count: 1)
        var row = try #require(try Self.settled(h).first)
        #expect(row.state == .retrying)
        #expect(row.attempts == 1)
        #expect(row.lastResult == "HTTP 500")
        // Attempt 2 after the first backoff: 10 s with equal jitter, so 5 to 10 s.
        #expect((Self.base + 5...Self.base + 10).contains(row.nextAttempt))
        let second = row.nextAttempt
        h.advance(to: second)
        _ = try server.waitForRequests(count: 2)
        row = try #require(try Self.settled(h).first)
        #expect(row.nextAttempt == second + 7, "Retry-After: 7 is honoured")
        h.advance(to: row.nextAttempt)
        // The third attempt hangs: the 2-second timeout ends it, and the backoff grows (40 s ceiling: 20 to 40 s).
        _ = try server.waitForRequests(count: 3)
        row = try #require(try Self.settled(h).first)
        #expect(row.attempts == 3)
        #expect(row.lastResult?.contains("timed out") == true, "\(row.lastResult ?? "")")
        let third = second + 7
        #expect((third + 20...third + 40).contains(row.nextAttempt))
        h.advance(to: row.nextAttempt)
        _ = try server.waitForRequests(count: 4)
        row = try #require(try Self.settled(h).first)
        #expect(row.state == .delivered)
        #expect(row.attempts == 4)
        #expect(row.lastResult == "delivered: HTTP 200")

        let requests = try server.requests()
        #expect(requests.count == 4)
        #expect(requests.map(\.status) == [500, 429, nil, 200])
        #expect(requests.allSatisfy { $0.signature == true }, "every attempt is signed with the secret")
        #expect(Set(requests.compactMap { $0.header("Idempotency-Key") }) == [row.key])
        #expect(requests.compactMap { $0.header("Editoriald-Attempt") } == ["1", "2", "3", "4"])
        #expect(requests.compactMap(Self.signedAt) == [Self.base, second, third, row.lastAttempt!])
        let body = try Self.body(requests[3])
        #expect(body["event"]?.string == "due")
        #expect(body["reminder_key"]?.string == "acme/video!PT0S")
        #expect(body["idempotency_key"]?.string == row.key)
        #expect(body["item"]?.string == "acme/video")
        #expect(body["owner"]?.string == "paolo")
        #expect(body["due"]?.string == "2027-01-14T09:00:00Z")
        #expect(body["message"]?.string?.hasPrefix("Due now: video 'Launch video' (acme/video)") == true)
        // No further attempts once delivered.
        h.advance(to: Self.base + 3_000)
        #expect(h.waitForDeliveries())
        #expect(try server.requests().count == 4)
        // `show` lists the delivery, `status` counts it.
        let detail = try h.client().call(ShowCall(item: "acme/video"))
        #expect(detail.deliveries.map(\.state) == [.delivered])
        #expect(detail.deliveries.first?.key == row.key)
        #expect(
            try h.client().call(StatusCall()).outbox
                == StatusReply.Outbox(routes: 1, counts: OutboxCounts(delivered: 1)))
    }

    /// A 404 kills the delivery at once: a catalogued warning, `outbox --state dead` lists it, and `retry` sends it
    /// again with the same key once the receiver is fixed.
    @Test func aPermanentFailureIsDeadVisibleAndRetriedOnRequest() throws {
        let server = try WebhookServer(script: ["404:body=no%20such%20hook"])
        let h = try DaemonHarness(plans: ["acme.yaml": Self.plan], now: Self.base - 60)
        h.configure = { $0.routes = [Self.webhook("team", server, events: ["due"])] }
        try h.start()
        h.advance(to: Self.base)
        _ = try server.waitForRequests(count: 1)
        let row = try #require(try Self.settled(h).first)
        #expect(row.state == .dead)
        #expect(row.lastResult?.hasPrefix("HTTP 404") == true, "\(row.lastResult ?? "")")
        let dead = try #require(h.entries(.deliveryDead).first)
        #expect(dead.priority == .warning)
        #expect(dead[field: "EDITORIAL_DELIVERY_ID"] == String(row.id))
        #expect(dead[field: "EDITORIAL_ROUTE"] == "team")
        #expect(dead[field: "EDITORIAL_IDEMPOTENCY_KEY"] == row.key)
        #expect(dead[field: "EDITORIAL_REMINDER_KEY"] == "acme/video!PT0S")
        #expect(dead.message.contains("editorialctl outbox retry \(row.id)"))
        let page = try h.client().call(OutboxCall(state: .dead))
        #expect(page.deliveries.map(\.id) == [row.id])
        #expect(page.counts.dead == 1)
        #expect(try h.client().call(OutboxCall(state: .delivered)).deliveries.isEmpty)

        let retried = try h.client().call(RetryCall(delivery: row.id))
        #expect(retried.delivery.state == .retrying)
        _ = try server.waitForRequests(count: 2)
        let after = try #require(try Self.settled(h).first)
        #expect(after.state == .delivered)
        #expect(Set(try server.requests().compactMap { $0.header("Idempotency-Key") }) == [row.key])
        #expect(try h.store().audit(item: "acme/video", limit: 5).first?.action == "retry")
        // Retrying a delivered one is refused.
        #expect(throws: ControlClientError.self) { try h.client().call(RetryCall(delivery: row.id)) }
        #expect(throws: ControlClientError.self) { try h.client().call(RetryCall(delivery: 999)) }
    }

    /// The Slack shape for a team route, one delivery per owner on a personal route (both owners of a blocked
    /// post: its own and the late video's), and nothing for an owner who did not ask for the route.
    @Test func slackShapeAndPersonalRoutesFollowPeople() throws {
        let team = try WebhookServer()
        let mine = try WebhookServer()
        let h = try DaemonHarness(plans: ["acme.yaml": Self.plan, "people.yaml": Self.people], now: Self.base - 60)
        h.configure = {
            $0.routes = [
                Self.webhook("team", team, shape: .slack, events: ["blocked"]),
                Self.webhook("mine", mine, events: ["blocked", "overdue"], audience: .owners),
            ]
            $0.overdueAfter = 600
        }
        try h.start()
        h.advance(to: Self.base + 601)
        // The video is overdue (paolo's), and the launch, inside its window, is blocked by it (anna's and paolo's).
        let slack = try #require(try team.waitForRequests(count: 1).first)
        let body = try Self.body(slack)
        #expect(body["text"]?.string?.hasPrefix("Blocked: post 'Launch' (acme/launch)") == true)
        let blocks = try #require(body["blocks"]?.array)
        #expect(blocks.first?["text"]?["text"]?.string?.hasPrefix("*Blocked*") == true)
        #expect(blocks.last?["elements"]?.array?.first?["text"]?.string?.contains("on linkedin") == true)
        let personal = try mine.waitForRequests(count: 3)
        #expect(h.waitForDeliveries())
        let got = Set(
            try personal.map { r -> String in
                let b = try Self.body(r)
                return "\(b["recipient"]?["id"]?.string ?? "-") \(b["event"]?.string ?? "-")"
            })
        #expect(got == ["paolo overdue", "anna blocked", "paolo blocked"])
        #expect(try mine.requests().count == 3)
        #expect(try team.requests().count == 1)
    }

    /// A person's digest at their local time: one entry and one delivery, with what is due for them that day,
    /// what is overdue and what their late items block; the same day never twice, across a restart.
    @Test func aDailyDigestAtThePersonsLocalTime() throws {
        let server = try WebhookServer()
        let h = try DaemonHarness(
            plans: ["acme.yaml": Self.plan, "people.yaml": Self.people], now: Self.utc("2027-01-14T06:00:00Z"))
        h.configure = { $0.routes = [Self.webhook("team", server, events: ["digest"])] }
        try h.start()
        // Anna's digest is at 08:30 in Rome: 07:30 UTC.
        #expect(h.advance(to: Self.utc("2027-01-14T07:29:59Z")).filter { $0.messageID == .digest }.isEmpty)
        let at = h.advance(to: Self.utc("2027-01-14T07:30:00Z")).filter { $0.messageID == .digest }
        #expect(at.count == 1)
        #expect(at.first?[field: "EDITORIAL_REMINDER_KEY"] == "digest!anna@2027-01-14")
        #expect(at.first?.message.hasPrefix("Daily digest for Anna Rossi, Thu 2027-01-14: 1 due today") == true)
        // Times in her zone: the post at 10:00 UTC is 11:00 in Rome.
        #expect(at.first?.message.contains("\n  Due today 11:00: Launch (acme/launch) on linkedin") == true)
        let request = try #require(try server.waitForRequests(count: 1).first)
        let body = try Self.body(request)
        #expect(body["event"]?.string == "digest")
        #expect(body["recipient"]?["id"]?.string == "anna")
        #expect(body["details"]?.array?.count == 1)
        // Paolo wants no digest; the day's digest goes out once, even after a restart the same day.
        try h.restart()
        h.advance(to: Self.utc("2027-01-14T20:00:00Z"))
        #expect(h.waitForDeliveries())
        #expect(h.entries(.digest).count == 1)
        #expect(try server.requests().count == 1)
        // The next day's at 08:30 again.
        #expect(h.advance(to: Self.utc("2027-01-15T07:30:00Z")).filter { $0.messageID == .digest }.count == 1)
    }

    /// A crash after an entry went out and into the sent log, before the step's commit: on the next start the entry
    /// counts as sent (no repeat in the journal) and its delivery is queued from the log, with the key it would
    /// have had; the log is then cleared.
    @Test func theSentLogsEntriesGetTheirDeliveriesAfterACrash() throws {
        let server = try WebhookServer()
        let h = try DaemonHarness(plans: ["acme.yaml": Self.plan], now: Self.base + 5)
        h.configure = { $0.routes = [Self.webhook("team", server, events: ["due", "reminder"])] }
        try FileManager.default.createDirectory(atPath: h.config.stateDirectory, withIntermediateDirectories: true)
        let log = try SentLog(directory: h.config.stateDirectory)
        log.append(
            FiredRecord(
                key: "acme/video!PT2H", item: "acme/video", kind: "reminder", scheduled: Self.base - 7200,
                fired: Self.base - 7200, catchUp: false))
        // That step was recorded and its log set aside for the delivery worker, which the crash stopped first.
        let aside = try #require(log.rotate())
        log.append(
            FiredRecord(
                key: "acme/video!PT0S", item: "acme/video", kind: "due", scheduled: Self.base, fired: Self.base,
                catchUp: false))
        try h.start()
        #expect(h.entries(.due).isEmpty, "the entry went out before the crash: not again")
        #expect(!h.entries(.reminder).contains { $0[field: "EDITORIAL_ITEM"] == "acme/video" })
        #expect(!FileManager.default.fileExists(atPath: aside))
        // The launch's own reminder is caught up at this first start, and delivered too.
        let requests = try server.waitForRequests(count: 3)
        #expect(
            Set(try requests.map { try Self.body($0)["reminder_key"]?.string })
                == ["acme/video!PT2H", "acme/video!PT0S", "acme/launch!PT2H"])
        let request = try #require(requests.first { $0.header("Editoriald-Event") == "due" })
        #expect(
            request.header("Idempotency-Key")
                == OutboxEntry.idempotencyKey(
                    reminderKey: "acme/video!PT0S", at: Self.base, route: "team", recipient: ""))
        #expect(try Self.body(request)["message"]?.string?.hasPrefix("Due now: video 'Launch video'") == true)
        #expect(log.records().isEmpty)
        #expect(try Self.settled(h).map(\.state) == [.delivered, .delivered, .delivered])
    }

    /// A secret file that cannot be read: a warning at start, firing goes on, and the delivery waits (retrying,
    /// never sent unsigned) until the file is there.
    @Test func aMissingSecretWarnsAndTheDeliveryWaitsForIt() throws {
        let server = try WebhookServer(secret: "later")
        let h = try DaemonHarness(plans: ["acme.yaml": Self.plan], now: Self.base - 60)
        let secret = h.directory.appending("missing.secret")
        h.configure = {
            $0.routes = [Self.webhook("team", server, secretFile: secret, events: ["due"])]
            $0.retry = RetryPolicy(initial: 10, maximum: 60, giveUpAfter: 86_400, maxAttempts: 20)
        }
        try h.start()
        let warning = try #require(h.sink.entries.first { $0.message.contains("cannot read the webhook secret") })
        #expect(warning.priority == .warning)
        #expect(warning[field: "EDITORIAL_ROUTE"] == "team")
        let fired = h.advance(to: Self.base)
        #expect(fired.contains { $0.messageID == .due })
        var row = try #require(try Self.settled(h).first)
        #expect(row.state == .retrying)
        #expect(row.lastResult?.contains("cannot read the webhook secret \(secret)") == true)
        #expect(try server.requests().isEmpty)
        try "later".write(toFile: secret, atomically: true, encoding: .utf8)
        h.advance(to: row.nextAttempt)
        _ = try server.waitForRequests(count: 1)
        row = try #require(try Self.settled(h).first)
        #expect(row.state == .delivered)
        #expect(try server.requests().first?.signature == true)
    }
}
