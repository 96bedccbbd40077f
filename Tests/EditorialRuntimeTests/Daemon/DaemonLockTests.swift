import Foundation
import Testing

/// One daemon per state directory.
struct DaemonLockTests {
    @Test func aSecondDaemonOnTheSameStateDirectoryRefusesToStart() throws {
        let socket = try NotifySocket()
        let run = try DaemonRun()
        let first = try run.startOnHost(environment: ["NOTIFY_SOCKET": socket.path])
        var ready = false
        while let message = socket.receive(timeout: .seconds(10)) {
            if message.text.contains("READY=1") {
                ready = true
                break
            }
        }
        #expect(ready)
        let second = try run.startOnHost(environment: [:])
        second.waitUntilExit()
        #expect(second.terminationStatus == 1)
        #expect(run.stderr(1).contains("another editoriald is already running on the state directory \(run.state)"))
        #expect(first.isRunning)
        #expect(DaemonRun.stop(first) == 0)
    }
}
