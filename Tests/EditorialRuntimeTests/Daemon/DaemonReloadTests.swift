import Dispatch
import EditorialClient
import EditorialCore
import Foundation
import Synchronization
import Testing

@testable import EditorialRuntime

/// A reload is read and indexed off the daemon's queue: requests are answered and reminders fire while it runs,
/// and reloads asked for meanwhile follow it, sharing one read.
struct DaemonReloadTests {
    static let now: Int64 = 1_798_761_600  // 2027-01-01T00:00Z

    static func plan(_ name: String, _ id: String, at time: String) -> String {
        """
        plan: \(name)
        kind: communication
        timezone: UTC
        period: {from: 2026-12-01, until: 2027-03-31}
        reminders: [PT0S]
        channels: [{id: blog, network: blog}]
        posts:
          - {id: \(id), channel: blog, at: \(time), title: \(id)}
        """
    }

    /// Holds the first reload after its files are read until the test lets it go.
    final class Gate: @unchecked Sendable {
        let entered = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        private let reads = Mutex(0)

        func pass() {
            let n = reads.withLock {
                $0 += 1
                return $0
            }
            guard n == 1 else { return }
            entered.signal()
            _ = release.wait(timeout: .now() + 60)
        }

        var count: Int { reads.withLock { $0 } }
    }

    /// A reload asked for on another thread; its reply once it comes.
    final class Pending: @unchecked Sendable {
        let done = DispatchSemaphore(value: 0)
        private let result = Mutex<Result<ReloadReply, any Error>?>(nil)

        init(_ path: String) {
            DispatchQueue.global().async { [self] in
                let reply = Result { try ControlClient(path: path).call(ReloadCall()) }
                result.withLock { $0 = reply }
                done.signal()
            }
        }

        var finished: Bool { result.withLock { $0 != nil } }

        func reply() throws -> ReloadReply {
            #expect(done.wait(timeout: .now() + 60) == .success, "no reload reply within 60 s")
            return try #require(result.withLock { $0 }).get()
        }
    }

    @Test func requestsAreAnsweredAndRemindersFireWhileAReloadIsReadAndLaterReloadsShareOneRead() throws {
        let h = try DaemonHarness(plans: ["a.yaml": Self.plan("a", "first", at: "2027-01-01T06:00")], now: Self.now)
        try h.start()
        let gate = Gate()
        h.daemon!.sync { h.daemon!.afterReadingPlans = { gate.pass() } }

        try h.write("b.yaml", Self.plan("b", "second", at: "2027-01-02T06:00"))
        let first = Pending(h.config.socketPath)
        #expect(gate.entered.wait(timeout: .now() + 60) == .success, "the reload did not start reading")

        // The reload is held after reading: the queue answers from the plans in force and keeps firing.
        let status = try h.client().call(StatusCall())
        #expect(status.plans.count == 1)
        let fired = h.advance(to: Self.now + 6 * 3_600)
        #expect(fired.contains { $0.messageID == .due && $0[field: "EDITORIAL_ITEM"] == "a/first" })
        #expect(!first.finished)

        // Two more reloads asked for meanwhile wait for it, then share one read, which sees the file written now.
        try h.write("c.yaml", Self.plan("c", "third", at: "2027-01-03T06:00"))
        let second = Pending(h.config.socketPath)
        let third = Pending(h.config.socketPath)
        // Both requests reach the daemon on their own time: wait (bounded) until both are queued behind the first.
        let deadline = ContinuousClock.now + .seconds(30)
        while h.daemon!.sync({ h.daemon!.waitingReloads.count }) < 2 && ContinuousClock.now < deadline {
            Thread.sleep(forTimeInterval: 0.005)
        }
        #expect(h.daemon!.sync { h.daemon!.waitingReloads.count } == 2)
        #expect(!second.finished && !third.finished)
        gate.release.signal()

        let one = try first.reply()
        #expect(one.accepted && one.plans == 2)
        #expect(one.changes?.added.first == ["b/second"])
        for pending in [second, third] {
            let reply = try pending.reply()
            #expect(reply.accepted && reply.plans == 3)
            #expect(reply.changes?.added.first == ["c/third"])
        }
        #expect(gate.count == 2)
        #expect(h.entries(.plansLoaded).count == 2)
        #expect(try h.client().call(StatusCall()).plans.count == 3)
    }

    @Test func aReloadWithErrorsReadOffTheQueueKeepsThePlansInForce() throws {
        let h = try DaemonHarness(plans: ["a.yaml": Self.plan("a", "first", at: "2027-01-01T06:00")], now: Self.now)
        try h.start()
        try h.write("b.yaml", "plan: b\nkind: communication\ntimezone: Mars/Olympus\n")
        let reply = try h.client().call(ReloadCall())
        #expect(!reply.accepted && reply.errorCount > 0)
        #expect(reply.runningPlans == 1)
        #expect(reply.errors.first?.file.hasSuffix("b.yaml") == true)
        let fired = h.advance(to: Self.now + 6 * 3_600)
        #expect(fired.contains { $0.messageID == .due && $0[field: "EDITORIAL_ITEM"] == "a/first" })
        #expect(h.entries(.plansRejected).count == 1)
    }
}
