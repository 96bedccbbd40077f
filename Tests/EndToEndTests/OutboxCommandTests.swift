import EditorialCore
import Foundation
import Testing

/// `editorialctl outbox`, `outbox retry`, and the deliveries in `show` and `status`, against a real daemon whose
/// one route points at a closed port (every delivery fails, and with one attempt allowed, dies).
struct OutboxCommandTests {
    static func daemon() throws -> LiveDaemon {
        try LiveDaemon(
            plans: ["team.yaml": LiveDaemon.teamPlan(now: LiveDaemon.now())],
            config: """
                routes:
                  - name: hook
                    events: [overdue]
                    webhook: {url: "http://127.0.0.1:1/hook", timeout: PT2S}
                delivery: {max-attempts: 1}
                """)
    }

    /// Waits (bounded) until the outbox has `count` dead deliveries; returns the page.
    static func dead(_ d: LiveDaemon, count: Int) throws -> JSONValue {
        let deadline = ContinuousClock.now + .seconds(30)
        while true {
            let page = try JSONParser.parse(try d.ctl("outbox", "--state", "dead", "--json").out)
            if (page["deliveries"]?.array?.count ?? 0) >= count || ContinuousClock.now > deadline { return page }
            // The worker sends on its own time: poll until the deadline.
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    @Test func deadDeliveriesAreListedShownCountedAndRetried() throws {
        let d = try Self.daemon()
        // At start the missed post's overdue warning is caught up (the video's is beyond the horizon) and goes to the
        // route.
        let page = try Self.dead(d, count: 1)
        let deliveries = try #require(page["deliveries"]?.array)
        #expect(deliveries.count == 1)
        #expect(page["counts"]?["dead"]?.int == 1)
        let missed = try #require(deliveries.first { $0["reminder_key"]?.string == "team/missed!overdue" })
        #expect(missed["route"]?.string == "hook")
        #expect(missed["state"]?.string == "dead")
        #expect(missed["attempts"]?.int == 1)
        #expect(missed["last_result"]?.string?.contains("refused") == true, "\(missed)")
        #expect(missed["key"]?.string?.hasPrefix("ed1-") == true)
        let id = try #require(missed["id"]?.int)

        let text = try d.ctl("outbox")
        #expect(text.status == 0, "\(text.err)")
        #expect(text.out.hasPrefix("0 pending, 0 retrying, 1 dead, 0 delivered\n"), "\(text.out)")
        #expect(
            text.out.contains("#\(id) dead  overdue team/missed!overdue → hook (webhook), 1 attempt: "), "\(text.out)")
        let status = try d.ctl("status")
        #expect(status.out.contains("Outbox:    0 pending, 0 retrying, 1 dead, 0 delivered (1 route)"), "\(status.out)")
        let show = try d.ctl("show", "team/missed")
        #expect(show.out.contains("  deliveries:\n    #\(id) dead  overdue team/missed!overdue → hook"), "\(show.out)")
        let shown = try JSONParser.parse(try d.ctl("show", "team/missed", "--json").out)
        #expect(shown["deliveries"]?.array?.first?["id"]?.int == id)

        let retried = try d.ctl("outbox", "retry", String(id))
        #expect(retried.status == 0, "\(retried.err)")
        #expect(retried.out == "#\(id): queued again for route hook (team/missed!overdue)\n")
        // It fails again at once and, with one attempt a bound, dies again; the audit has the retry.
        _ = try Self.dead(d, count: 1)
        #expect(try d.ctl("show", "team/missed").out.contains("retry by "))

        let missing = try d.ctl("outbox", "retry", "99999")
        #expect(missing.status == 1)
        #expect(missing.err.contains("[not-found]") && missing.err.contains("no delivery 99999"), "\(missing.err)")
        let bad = try d.ctl("outbox", "--state", "lost")
        #expect(bad.status == 2, "\(bad.err)")
        #expect(try d.ctl("outbox", "--state", "delivered").out == "0 pending, 0 retrying, 1 dead, 0 delivered\n")
    }
}
