import EditorialClient
import EditorialCore
import EditorialRuntime
import Foundation
import Testing

/// The server's bounds: at most 256 connections served at once (more wait in the listen backlog) and at most
/// 64 watchers (more are told `busy`).
struct LimitTests {
    @Test func connectionsBeyondTheLimitWaitAndAreServedWhenOthersClose() throws {
        let d = try LiveDaemon(plans: ["team.yaml": LiveDaemon.teamPlan(now: LiveDaemon.now())])
        var clients: [ControlClient] = []
        for _ in 0..<300 { clients.append(try d.client()) }
        // The server accepts on its own queue: ask until it has taken all it may, never more than 256.
        var open: Int64 = 0
        let deadline = Date().addingTimeInterval(20)
        while open < 256 && Date() < deadline {
            open = try clients[0].call(.status)["control"]?["connections"]?.int ?? 0
            #expect(open <= 256)
        }
        #expect(open == 256)
        // The 300th connected (the kernel queued it) but is not served until a served one closes.
        let last = clients.removeLast()
        try last.send(ControlRequest(id: .int(1), command: .status).line)
        clients.removeSubrange(1..<60)
        let reply = try last.readMessage(timeout: 20)
        #expect(reply["ok"]?.bool == true)
        #expect(reply["result"]?["control"]?["connections"]?.int ?? 0 <= 256)
    }

    @Test func theSixtyFifthWatcherIsBusy() throws {
        let d = try LiveDaemon(plans: ["team.yaml": LiveDaemon.teamPlan(now: LiveDaemon.now())])
        var watchers: [ControlClient] = []
        for _ in 0..<64 {
            let c = try d.client()
            #expect(try c.call(.watch)["watching"]?.bool == true)
            watchers.append(c)
        }
        let extra = try d.client()
        var code: ControlErrorCode? = nil
        do {
            _ = try extra.call(.watch)
        } catch {
            if case .failed(let failure) = error { code = failure.code }
        }
        #expect(code == .busy)
        // The refused one may still ask other things; a watcher that leaves frees its place.
        #expect(try extra.call(.status)["control"]?["watchers"]?.int == 64)
        watchers.removeLast()
        let deadline = Date().addingTimeInterval(20)
        var watching = false
        while !watching && Date() < deadline {
            // The server notices the closed watcher on its own queue: retry until it has.
            watching = (try? d.client().call(.watch)["watching"]?.bool) == true
        }
        #expect(watching)
    }
}
