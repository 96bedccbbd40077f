import Foundation
import Testing

/// `Notifier` in `journal-probe` against a real notification socket.
///
/// The probe runs with `NOTIFY_SOCKET` and `WATCHDOG_*` in its own environment: setting them in this
/// process would race with parallel tests reading the environment (glibc's setenv is not thread-safe), and
/// a separate process makes the sender pid check mean something.
struct NotifierTests {
    private struct Report: Decodable {
        var enabled: Bool
        var results: [Bool]
        var watchdogIntervalMicroseconds: Int64?
    }

    private func notify(_ actions: [String], environment: [String: String]) throws -> (PrivateJournal.Result, Report) {
        let run = try Probe.run(["notify"] + actions, environment: environment)
        #expect(run.status == 0, "\(run.err)")
        return (run, try JSONDecoder().decode(Report.self, from: Data(run.out.utf8)))
    }

    @Test func sendsEveryStateFromTheDaemonsPID() throws {
        let socket = try NotifySocket()
        let process = Process()
        process.executableURL = Probe.binary
        process.arguments = [
            "notify", "ready", "status:Loaded 3 plans\\nnext: Tue", "watchdog", "reloading", "ready", "stopping",
        ]
        process.environment = PrivateJournal.environment(["NOTIFY_SOCKET": socket.path])
        let run = try PrivateJournal.run(process)
        #expect(run.status == 0, "\(run.err)")
        let report = try JSONDecoder().decode(Report.self, from: Data(run.out.utf8))
        #expect(report.enabled)
        #expect(report.results == Array(repeating: true, count: 6))

        var messages: [NotifySocket.Message] = []
        for _ in 0..<6 {
            messages.append(try #require(socket.receive()))
        }
        #expect(socket.receive(timeout: .zero) == nil)
        #expect(messages.allSatisfy { $0.pid == process.processIdentifier })
        #expect(messages[0].text == "READY=1")
        #expect(messages[1].text == "STATUS=Loaded 3 plans next: Tue")
        #expect(messages[2].text == "WATCHDOG=1")
        let reload = messages[3].text.split(separator: "\n")
        #expect(reload.first == "RELOADING=1")
        let monotonic = try #require(
            reload.last.flatMap { $0.hasPrefix("MONOTONIC_USEC=") ? UInt64($0.dropFirst(15)) : nil })
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        #expect(monotonic > 0 && monotonic <= UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1000)
        #expect(reload.count == 2)
        #expect(messages[4].text == "READY=1")
        #expect(messages[5].text == "STOPPING=1")
    }

    @Test func doesNothingWithoutNotifySocket() throws {
        let (_, report) = try notify(["ready", "status:x", "watchdog"], environment: [:])
        #expect(!report.enabled)
        #expect(report.results == [false, false, false])
    }

    @Test func reportsAMissingNotifySocket() throws {
        let (_, report) = try notify(["ready"], environment: ["NOTIFY_SOCKET": "/nonexistent/notify.sock"])
        #expect(report.enabled)
        #expect(report.results == [false])
    }

    @Test func watchdogIntervalIsHalfOfWatchdogUsec() throws {
        #expect(try notify([], environment: ["WATCHDOG_USEC": "2000000"]).1.watchdogIntervalMicroseconds == 1_000_000)
        #expect(try notify([], environment: ["WATCHDOG_USEC": "3"]).1.watchdogIntervalMicroseconds == 1)
    }

    @Test func noWatchdogWhenUnsetZeroGarbageOrForAnotherProcess() throws {
        #expect(try notify([], environment: [:]).1.watchdogIntervalMicroseconds == nil)
        #expect(try notify([], environment: ["WATCHDOG_USEC": "0"]).1.watchdogIntervalMicroseconds == nil)
        #expect(try notify([], environment: ["WATCHDOG_USEC": "soon"]).1.watchdogIntervalMicroseconds == nil)
        let other = ["WATCHDOG_USEC": "2000000", "WATCHDOG_PID": "1"]
        #expect(try notify([], environment: other).1.watchdogIntervalMicroseconds == nil)
    }
}
