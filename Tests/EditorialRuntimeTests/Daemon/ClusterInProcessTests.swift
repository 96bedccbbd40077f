import EditorialClient
import EditorialCore
import Foundation
import Testing

@testable import EditorialRuntime

/// Two daemons in process on one real PostgreSQL database (manual clocks, in-memory journals, real sockets): the
/// first leads, the second follows. The weekly pace goes out once, from the leader, its deliveries once through a
/// real webhook server; a change recorded on the follower reaches the leader at once (LISTEN/NOTIFY), which
/// sends what it causes; the follower's `status` names the leader, and its answers follow the leader's commits.
@Suite(.serialized) struct ClusterInProcessTests {
    @Test func theLeaderSendsOnceAndAFollowersChangeReachesIt() throws {
        let settings = try PostgresServer.shared.get().freshDatabase()
        let server = try WebhookServer(script: ["200"], secret: nil)
        let start = DaemonPaceTests.utc("2027-01-25T08:00:00Z")
        func node(_ name: String) throws -> DaemonHarness {
            let h = try DaemonHarness(plans: ["team.yaml": DaemonPaceTests.plan()], now: start)
            var shared = settings
            shared.node = name
            h.configure = {
                $0.stateBackend = .postgresql(shared)
                $0.pace.weeks = 2
                $0.pace.report = PaceReportTime(parsing: "monday 12:00")
                $0.routes = [DaemonDeliveryTests.webhook("weekly", server, events: ["pace", "unblocked"])]
            }
            return h
        }
        let leader = try node("a")
        let follower = try node("b")
        try leader.start()
        try follower.start(leading: false)
        let status = try follower.client().call(StatusCall())
        #expect(status.cluster?.node == "b" && status.cluster?.role == "follower")
        #expect(try leader.client().call(StatusCall()).cluster?.role == "leader")

        // The report instant on both nodes: six pages' entries, from the leader only, delivered once each.
        for h in [leader, follower] {
            h.waitForPace()
            h.advance(to: DaemonPaceTests.utc("2027-01-25T12:00:00Z"))
            h.waitForPace()
        }
        #expect(leader.entries(.pace).count == 6)
        #expect(follower.entries(.pace).isEmpty)
        #expect(leader.waitForDeliveries() && follower.waitForDeliveries())
        let requests = try server.waitForRequests(count: 6)
        #expect(Set(try requests.map { try DaemonDeliveryTests.body($0)["reminder_key"]?.string }).count == 6)

        // The video behind YouTube's post of the 25th is done on the follower: the leader unblocks the post.
        let blocked = leader.entries(.blocked).map { $0[field: "EDITORIAL_ITEM"] }
        #expect(blocked.contains("team/youtube-25"))
        let done = try follower.client().call(ChangeCall(.done, item: "team/video"))
        #expect(done.changed)
        let deadline = ContinuousClock.now + .seconds(10)
        while leader.entries(.unblocked).isEmpty && ContinuousClock.now < deadline {
            // The leader hears the change on its listener's thread: wait for its entry.
            leader.daemon?.sync {}
            Thread.sleep(forTimeInterval: 0.01)
        }
        #expect(leader.entries(.unblocked).map { $0[field: "EDITORIAL_ITEM"] } == ["team/youtube-25"])
        #expect(follower.entries(.unblocked).isEmpty)
        #expect(try server.waitForRequests(count: 7).count == 7)
        leader.stop()
        follower.stop()
        #expect(try server.requests().count == 7)
    }
}
