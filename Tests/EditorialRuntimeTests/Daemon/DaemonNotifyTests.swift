import EditorialClient
import EditorialCore
import EditorialRuntime
import Foundation
import Testing

/// The real daemon talking to a test-owned `NOTIFY_SOCKET`: the sd_notify protocol, in order.
struct DaemonNotifyTests {
    @Test func readyStatusWatchdogReloadingAndStoppingArriveInOrder() throws {
        let socket = try NotifySocket()
        let run = try DaemonRun()
        try run.writeQuietPlan("n")
        let daemon = try run.startOnHost(environment: ["NOTIFY_SOCKET": socket.path, "WATCHDOG_USEC": "400000"])
        var seen: [String] = []
        func next(_ wanted: String) throws -> NotifySocket.Message {
            while let message = socket.receive(timeout: .seconds(10)) {
                seen.append(message.text)
                #expect(message.pid == daemon.processIdentifier)
                if message.text.contains(wanted) { return message }
            }
            throw PrivateJournal.Failure(description: "no \(wanted) after \(seen); stderr: \(run.stderr(0))")
        }
        let ready = try next("READY=1")
        #expect(!seen.dropLast().contains { $0.contains("READY=1") || $0.contains("RELOADING=1") })
        let status = ready.text.contains("STATUS=") ? ready : try next("STATUS=")
        #expect(status.text.contains("STATUS=1 plan, "))
        #expect(status.text.contains("next: reminder n/later at "))
        // WATCHDOG_USEC=0.4 s: pings every 0.2 s, sent from the scheduler queue.
        _ = try next("WATCHDOG=1")
        _ = try next("WATCHDOG=1")
        kill(daemon.processIdentifier, SIGHUP)
        let reloading = try next("RELOADING=1")
        #expect(reloading.text.contains("MONOTONIC_USEC="))
        _ = try next("READY=1")
        kill(daemon.processIdentifier, SIGTERM)
        _ = try next("STOPPING=1")
        #expect(DaemonRun.stop(daemon) == 0)
        let order = seen.filter { !$0.hasPrefix("WATCHDOG=1") && !$0.hasPrefix("STATUS=") }
            .map { $0.split(separator: "\n").first.map(String.init) ?? $0 }
        #expect(order == ["READY=1", "RELOADING=1", "READY=1", "STOPPING=1"], "\(seen)")
    }

    /// A change made over the control socket updates `STATUS=` at once: systemctl status shows the new counts.
    @Test func aChangeOverTheSocketUpdatesTheStatus() throws {
        let socket = try NotifySocket()
        let run = try DaemonRun()
        let now = DaemonRun.now()
        try run.write(
            "p.yaml",
            DaemonRun.plan(
                "n", base: now, reminders: "[P1D]",
                posts: [
                    "{id: late, channel: blog, at: \(DaemonRun.stamp(now - 3 * 86_400)), title: Late}",
                    "{id: later, channel: blog, at: \(DaemonRun.stamp(now + 20 * 86_400)), title: Later}",
                ]))
        let daemon = try run.startOnHost(environment: ["NOTIFY_SOCKET": socket.path])
        var statuses: [String] = []
        func status(containing wanted: String) throws {
            while let message = socket.receive(timeout: .seconds(10)) {
                if let line = message.text.split(separator: "\n").first(where: { $0.hasPrefix("STATUS=") }) {
                    statuses.append(String(line))
                    if line.contains(wanted) { return }
                }
            }
            throw PrivateJournal.Failure(description: "no STATUS= with '\(wanted)' after \(statuses): \(run.stderr(0))")
        }
        try status(containing: "1 overdue")
        let client = try ControlClient(path: run.directory.appending("control.sock"))
        let reply = try client.call(ChangeCall(.publish(force: false), item: "n/late"))
        #expect(reply.changed && reply.status == .published)
        try status(containing: "0 overdue")
        #expect(DaemonRun.stop(daemon) == 0)
    }
}
