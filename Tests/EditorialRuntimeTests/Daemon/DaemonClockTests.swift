import Dispatch
import EditorialCore
import EditorialRuntime
import Foundation
import Testing

/// Real wall-clock sets, seen through the daemon's `timerfd` (`TFD_TIMER_CANCEL_ON_SET`). Setting the clock to
/// what it reads steps it by a few microseconds: the kernel cancels every CANCEL_ON_SET timer all the same, as a
/// real step, a resume from suspend or a guest agent's correction does.
struct DaemonClockTests {
    /// Sets the wall clock to its own reading (as root, which the test run is).
    private static func setClockToItself() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        p.arguments = [
            "-c", "import time; time.clock_settime(time.CLOCK_REALTIME, time.clock_gettime(time.CLOCK_REALTIME))",
        ]
        let set = try PrivateJournal.run(p)
        #expect(set.status == 0, "\(set.err)")
    }

    /// Counts a timer's callbacks and lets a test wait for one.
    private final class Calls: @unchecked Sendable {
        let queue = DispatchQueue(label: "clock-test")
        let signal = DispatchSemaphore(value: 0)
        // Touched only on `queue`.
        var fired = 0
        var changed = 0
        var firedBeforeChange: Bool?
    }

    @Test func anyStepIsReportedWithoutAMinimum() throws {
        let calls = Calls()
        let made = RealtimeTimer(
            queue: calls.queue, minimumStep: 0, fired: { calls.fired += 1 },
            clockChanged: {
                calls.changed += 1
                calls.signal.signal()
            })
        let timer = try #require(made)
        defer { timer.cancel() }
        calls.queue.sync { _ = timer.arm(at: nil) }
        try Self.setClockToItself()
        #expect(calls.signal.wait(timeout: .now() + 10) == .success, "no clock change seen within 10 s")
        calls.queue.sync { #expect(calls.fired == 0) }
    }

    @Test func aStepBelowTheMinimumIsAbsorbedAndTheTimerStillFires() throws {
        let calls = Calls()
        let made = RealtimeTimer(
            queue: calls.queue,
            fired: {
                calls.fired += 1
                calls.signal.signal()
            }, clockChanged: { calls.changed += 1 })
        let timer = try #require(made)
        defer { timer.cancel() }
        let deadline = Int64(Date().timeIntervalSince1970) + 2
        calls.queue.sync { _ = timer.arm(at: deadline) }
        try Self.setClockToItself()
        try Self.setClockToItself()
        #expect(calls.signal.wait(timeout: .now() + 10) == .success, "the timer did not fire within 10 s")
        calls.queue.sync {
            #expect(calls.fired == 1)
            #expect(calls.changed == 0)
        }
        #expect(Int64(Date().timeIntervalSince1970) >= deadline)
    }

    @Test func aMicrosecondStepJournalsNothingAndTheDaemonKeepsFiring() throws {
        let journal = try PrivateJournal()
        let run = try DaemonRun()
        let now = DaemonRun.now()
        try run.write(
            "p.yaml",
            DaemonRun.plan(
                "c", base: now, posts: ["{id: soon, channel: blog, at: \(DaemonRun.stamp(now + 3)), title: Soon}"]))
        let daemon = try run.start(in: journal)
        _ = try journal.waitForEntries(["MESSAGE_ID=\(MessageID.started.rawValue)"], count: 1)
        try Self.setClockToItself()
        let due = try journal.waitForEntries(["EDITORIAL_REMINDER_KEY=c/soon!PT0S"], count: 1)
        #expect(due[0]["MESSAGE"]?.contains("Soon") == true)
        #expect(DaemonRun.stop(daemon) == 0)
        #expect(try journal.entries(["MESSAGE_ID=\(MessageID.clockChanged.rawValue)"]).isEmpty)
    }
}
