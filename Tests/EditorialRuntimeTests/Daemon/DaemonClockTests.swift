import EditorialCore
import EditorialRuntime
import Foundation
import Testing

/// A real wall-clock set, seen through the daemon's `timerfd` (`TFD_TIMER_CANCEL_ON_SET`).
struct DaemonClockTests {
    @Test func settingTheWallClockIsNoticedAndReplanned() throws {
        let journal = try PrivateJournal()
        let run = try DaemonRun()
        try run.writeQuietPlan("c")
        let daemon = try run.start(in: journal)
        _ = try journal.waitForEntries(["MESSAGE_ID=\(MessageID.started.rawValue)"], count: 1)
        // Set the clock to what it reads (a step of a few microseconds back): the kernel cancels every
        // CANCEL_ON_SET timer all the same, which is what a real step or a resume from suspend does.
        let set = try PrivateJournal.run(
            {
                let p = Process()
                p.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
                p.arguments = [
                    "-c",
                    "import time; time.clock_settime(time.CLOCK_REALTIME, time.clock_gettime(time.CLOCK_REALTIME))",
                ]
                return p
            }())
        #expect(set.status == 0, "\(set.err)")
        let changed = try journal.waitForEntries(["MESSAGE_ID=\(MessageID.clockChanged.rawValue)"], count: 1)
        #expect(changed[0]["EDITORIAL_CLOCK_TO"] != nil)
        #expect(changed[0]["MESSAGE"]?.hasPrefix("The wall clock was set") == true)
        #expect(DaemonRun.stop(daemon) == 0)
        #expect(try journal.entries(["EDITORIAL_REMINDER_KEY=c/later!PT0S"]).isEmpty)
    }
}
