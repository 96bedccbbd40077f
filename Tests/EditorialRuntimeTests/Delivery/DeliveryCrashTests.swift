import EditorialCore
import Foundation
import Testing

@testable import EditorialRuntime

/// The real daemon binary, SIGKILLed while deliveries are queued, in flight and waiting for a retry, then
/// restarted on the same state: nothing is lost, and a delivery repeats at most once, with the same idempotency
/// key.
@Suite(.serialized) struct DeliveryCrashTests {
    /// A config file with one webhook route to `server` for due entries.
    static func config(_ run: DaemonRun, _ server: WebhookServer, timeout: String = "PT10S") throws -> String {
        let path = run.directory.appending("editoriald.yaml")
        try """
        routes:
          - name: hook
            events: [due]
            webhook: {url: "\(server.url().absoluteString)", timeout: \(timeout)}
        delivery: {retry-initial: PT1S, retry-maximum: PT2S, concurrency: 8}
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Waits (bounded) until `server` has answered 200 to `count` distinct reminder keys.
    static func waitForAccepted(_ server: WebhookServer, count: Int, timeout: Duration = .seconds(60)) throws
        -> [String: [WebhookServer.Request]]
    {
        let deadline = ContinuousClock.now + timeout
        while true {
            let byKey = try byReminderKey(server.requests())
            let accepted = byKey.values.filter { $0.contains { $0.status == 200 } }.count
            if accepted >= count || ContinuousClock.now > deadline { return byKey }
            // The receiver works on its own time; poll its log until the deadline.
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    static func byReminderKey(_ requests: [WebhookServer.Request]) throws -> [String: [WebhookServer.Request]] {
        var byKey: [String: [WebhookServer.Request]] = [:]
        for r in requests {
            let key = try JSONParser.parse(r.body ?? "")["reminder_key"]?.string ?? "?"
            byKey[key, default: []].append(r)
        }
        return byKey
    }

    /// Forty posts due over four seconds, each delivered slowly; the kill lands while deliveries are queued and in
    /// flight. After the restart every post is delivered, none more than twice, each with one idempotency key.
    @Test func aKillWhileDeliveriesAreQueuedAndInFlightLosesNone() throws {
        let server = try WebhookServer(script: Array(repeating: "200:delay=0.3", count: 200))
        let run = try DaemonRun()
        run.flags = ["--overdue-after", "P1D"]
        run.config = try Self.config(run, server)
        let base = DaemonRun.now() + 3
        let posts = (0..<40).map {
            "{id: p\($0), channel: blog, at: \(DaemonRun.stamp(base + Int64($0 / 10))), title: Post \($0)}"
        }
        try run.write("burst.yaml", DaemonRun.plan("burst", base: base, posts: posts))
        let first = try run.startOnHost(environment: [:])
        _ = try server.waitForRequests(count: 12, timeout: .seconds(30))
        #expect(DaemonRun.stop(first, signal: SIGKILL) == SIGKILL)
        let second = try run.startOnHost(environment: [:])
        let byKey = try Self.waitForAccepted(server, count: 40)
        #expect(DaemonRun.stop(second) == 0)
        let expected = Set((0..<40).map { "burst/p\($0)!PT0S" })
        #expect(Set(byKey.keys) == expected, "stderr: \(run.stderr(1))")
        for (key, requests) in byKey {
            #expect(requests.contains { $0.status == 200 }, "\(key) never accepted")
            #expect(requests.count <= 2, "\(key) sent \(requests.count) times")
            #expect(Set(requests.compactMap { $0.header("Idempotency-Key") }).count == 1, "\(key)")
        }
        let store = try SQLiteStateStore(directory: run.state)
        let rows = try store.outbox(state: nil, before: nil, limit: 100)
        #expect(rows.count == 40)
        #expect(rows.allSatisfy { $0.state == .delivered })
    }

    /// The first attempt fails, the retry hangs and the daemon is killed during it: after the restart the retry is
    /// made again at once and accepted, with the same key; the killed attempt is the one repeat.
    @Test func aKillDuringARetryRepeatsItOnceWithTheSameKey() throws {
        let server = try WebhookServer(script: ["500", "hang"])
        let run = try DaemonRun()
        run.flags = ["--overdue-after", "P1D"]
        run.config = try Self.config(run, server, timeout: "PT30S")
        let base = DaemonRun.now() + 2
        try run.write(
            "one.yaml",
            DaemonRun.plan("one", base: base, posts: ["{id: p, channel: blog, at: \(DaemonRun.stamp(base)), title: P}"])
        )
        let first = try run.startOnHost(environment: [:])
        _ = try server.waitForRequests(count: 2, timeout: .seconds(30))
        #expect(DaemonRun.stop(first, signal: SIGKILL) == SIGKILL)
        let second = try run.startOnHost(environment: [:])
        let requests = try server.waitForRequests(count: 3, timeout: .seconds(30))
        _ = try Self.waitForAccepted(server, count: 1)
        #expect(DaemonRun.stop(second) == 0)
        #expect(requests.map(\.status) == [500, nil, 200])
        #expect(Set(requests.compactMap { $0.header("Idempotency-Key") }).count == 1)
        let row = try #require(
            try SQLiteStateStore(directory: run.state).outbox(state: nil, before: nil, limit: 5).first)
        #expect(row.state == .delivered)
        #expect(row.reminderKey == "one/p!PT0S")
    }
}
