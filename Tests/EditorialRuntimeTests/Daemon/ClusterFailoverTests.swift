import EditorialClient
import EditorialCore
import Foundation
import Testing

@testable import EditorialRuntime

/// Three `editoriald` processes on one real PostgreSQL database, in a private journal, with a post due every
/// second: the leader killed again and again, paused past its lease, the nodes' plans differing, the database
/// restarted and blocked. Every stage goes out, at most one repeat per key per crash, every acknowledged change
/// kept; a former leader sends nothing once its lease is gone. The lease is 2 s, renewed every second.
@Suite(.serialized) struct ClusterFailoverTests {
    /// Posts per stage the runs look at: the key of `ha/pNNNN`'s one stage.
    static func post(_ n: Int64) -> String { "ha/p" + String(format: "%04d", n) }

    /// Checks that every post from the first to `last` went out at least once and at most twice, with at most
    /// `repeats` keys sent twice; returns how many were repeated.
    @discardableResult
    static func expectEveryStage(
        _ reminders: [ClusterRun.Entry], through last: Int64, repeats: Int, _ what: String
    ) -> Int {
        var sent: [String: Int] = [:]
        for entry in reminders { sent[entry.fields["EDITORIAL_ITEM"] ?? "", default: 0] += 1 }
        let missed = (0...last).map(post).filter { sent[$0] == nil }
        #expect(missed.isEmpty, "\(what): stages never sent: \(missed.prefix(20))")
        let twice = sent.filter { $0.value > 1 }
        #expect(
            twice.allSatisfy { $0.value == 2 },
            "\(what): a stage sent more than twice: \(twice.filter { $0.value > 2 })")
        #expect(twice.count <= repeats, "\(what): \(twice.count) stages repeated, at most \(repeats) allowed")
        return twice.count
    }

    /// Waits until the stage due `seconds` after now (in the plan starting at `start`) was sent; returns its number.
    static func waitForStage(_ cluster: ClusterRun, secondsAhead: Int64, start: Int64) throws -> Int64 {
        let n = DaemonRun.now() + secondsAhead - start
        _ = try cluster.wait("the stage of \(post(n))", timeout: .seconds(60)) { all in
            cluster.reminders(all).contains { $0.fields["EDITORIAL_ITEM"] == post(n) } ? true : nil
        }
        return n
    }

    @Test func killingTheLeaderAtRandomMomentsMissesNoStage() throws {
        let failovers = ProcessInfo.processInfo.environment["EDITORIALD_HA_FAILOVERS"].flatMap { Int($0) } ?? 50
        var random = SeededRandom(for: "killingTheLeaderAtRandomMomentsMissesNoStage")
        let settings = try PostgresServer.shared.get().freshDatabase()
        let cluster = try ClusterRun(count: 3, settings: settings)
        let start = DaemonRun.now() + 3
        try cluster.write(
            "ha.yaml", ClusterRun.everySecond(start: start, count: failovers * 12 + 120, extras: failovers))
        for i in cluster.nodes.indices { try cluster.start(i) }
        var dead: Set<Int32> = []
        _ = try cluster.wait("a first leader") { cluster.leadership($0, role: "leader").first }
        var times: [Double] = []
        for round in 0..<failovers {
            // A random moment: after one to three more stages.
            let want = 1 + Int(random.next() % 3)
            let since = ClusterRun.now()
            _ = try cluster.wait("\(want) stages (round \(round))") { all in
                cluster.reminders(all).filter { $0.at >= since }.count >= want ? true : nil
            }
            // A change acknowledged by a random node (the leader or a follower) must survive the crash.
            let via = Int(random.next() % UInt64(cluster.nodes.count))
            let reply = try cluster.client(via).call(
                ChangeCall(.publish(force: false), item: "ha/x" + String(format: "%03d", round)))
            #expect(reply.changed)
            let i = try cluster.currentLeader()
            let pid = try #require(cluster.nodes[i].process?.processIdentifier)
            let killed = ClusterRun.now()
            cluster.signal(i, SIGKILL)
            dead.insert(pid)
            let next = try cluster.wait("a new leader after killing \(cluster.nodes[i].name) (round \(round))") { all in
                cluster.leadership(all, role: "leader").first { !dead.contains($0.pid) && $0.at > killed }
            }
            try cluster.start(i)
            let all = try cluster.wait("the new leader's first stage (round \(round))") { all in
                cluster.reminders(all).contains { $0.pid == next.pid && $0.at >= next.at } ? all : nil
            }
            let reminders = cluster.reminders(all)
            let oldLast = reminders.filter { $0.pid == pid }.map(\.at).max() ?? killed
            let newFirst = reminders.filter { $0.pid == next.pid && $0.at >= next.at }.map(\.at).min() ?? next.at
            times.append(Double(newFirst - oldLast) / 1e6)
        }
        let last = try Self.waitForStage(cluster, secondsAhead: 3, start: start)
        cluster.stopAll()
        let reminders = cluster.reminders(try cluster.entries())
        let repeated = Self.expectEveryStage(reminders, through: last, repeats: failovers, "\(failovers) failovers")
        // The changes acknowledged before each crash are in the database.
        let states = try PostgreSQLStateStore(settings: settings).itemStates()
        let lost = (0..<failovers).map { "ha/x" + String(format: "%03d", $0) }.filter {
            states[$0] != ItemState(progress: .published)
        }
        #expect(lost.isEmpty, "acknowledged changes lost: \(lost)")
        let sorted = times.sorted()
        print(
            "killingTheLeaderAtRandomMomentsMissesNoStage: \(failovers) failovers (lease 2 s, renew 1 s), "
                + "\(last + 1) stages checked, \(repeated) repeated; failover (last entry of the old leader to the "
                + "first of the new) median \(String(format: "%.2f", sorted[sorted.count / 2])) s, max "
                + "\(String(format: "%.2f", sorted.last ?? 0)) s")
    }

    @Test func aPausedLeaderSendsNothingOnceItWakes() throws {
        let settings = try PostgresServer.shared.get().freshDatabase()
        let cluster = try ClusterRun(count: 3, settings: settings)
        let start = DaemonRun.now() + 3
        try cluster.write("ha.yaml", ClusterRun.everySecond(start: start, count: 200))
        for i in cluster.nodes.indices { try cluster.start(i) }
        _ = try cluster.wait("two stages") { cluster.reminders($0).count >= 2 ? true : nil }
        // The leader now, paused at once.
        let i = try cluster.currentLeader()
        let leader = try #require(cluster.nodes[i].process?.processIdentifier)
        // Each instant is read before its signal: the signalled process may run (and journal) before this thread does.
        let stopped = ClusterRun.now()
        cluster.signal(i, SIGSTOP)
        let next = try cluster.wait("another node takes over") { all in
            cluster.leadership(all, role: "leader").first { $0.pid != leader && $0.at > stopped }
        }
        _ = try cluster.wait("two stages from the new leader") { all in
            cluster.reminders(all).filter { $0.pid == next.pid }.count >= 2 ? true : nil
        }
        let woke = ClusterRun.now()
        cluster.signal(i, SIGCONT)
        let lostEntry = try cluster.wait("the former leader says it lost the lease") { all in
            cluster.leadership(all, role: "follower").first { $0.pid == leader && $0.at >= woke }
        }
        #expect(lostEntry.fields["MESSAGE"]?.contains("lost the scheduler lease") == true)
        // It follows now: the stages keep coming from the new leader, none from the former one.
        _ = try cluster.wait("three more stages from the new leader") { all in
            cluster.reminders(all).filter { $0.pid == next.pid && $0.at > woke }.count >= 3 ? true : nil
        }
        let status = try cluster.client(i).call(StatusCall())
        #expect(status.cluster?.role == "follower" && status.cluster?.leader == cluster.names[next.pid])
        let last = try Self.waitForStage(cluster, secondsAhead: 2, start: start)
        cluster.stopAll()
        let reminders = cluster.reminders(try cluster.entries())
        let late = reminders.filter { $0.pid == leader && $0.at >= woke }
        #expect(
            late.isEmpty,
            "the paused leader sent \(late.count) entries after it woke: \(late.compactMap { $0.fields["EDITORIAL_REMINDER_KEY"] })"
        )
        // A pause is not a crash: a repeat needs the leader stopped between sending a stage and recording it.
        Self.expectEveryStage(reminders, through: last, repeats: 1, "a paused leader")
    }

    @Test func aNodeWithOtherPlansSaysSoAndNeverLeads() throws {
        let settings = try PostgresServer.shared.get().freshDatabase()
        let cluster = try ClusterRun(count: 3, settings: settings)
        let start = DaemonRun.now() + 3
        let plans = ClusterRun.everySecond(start: start, count: 300)
        try cluster.write("ha.yaml", plans, only: [0, 1])
        try cluster.write("ha.yaml", ClusterRun.everySecond(start: start, count: 301), only: [2])
        try cluster.start(0)
        let first = try cluster.wait("n1 leads") { cluster.leadership($0, role: "leader").first }
        try cluster.start(1)
        try cluster.start(2)
        let warning = try cluster.wait("n3 reports its plans") { all in
            all.first {
                $0.fields["MESSAGE_ID"] == MessageID.clusterProblem.rawValue
                    && $0.fields["EDITORIAL_CLUSTER_PROBLEM"] == "plans"
            }
        }
        #expect(warning.fields["EDITORIAL_NODE"] == "n3" && warning.fields["PRIORITY"] == "4")
        let status = try cluster.client(2).call(StatusCall())
        #expect(status.cluster?.plansMatch == false && status.cluster?.role == "follower")
        #expect(try cluster.client(1).call(StatusCall()).cluster?.plansMatch == true)
        // The leader dies: n2, whose plans are the cluster's, takes over, not n3.
        _ = try cluster.wait("n2 is seen alive") { _ in
            (try? cluster.client(1).call(StatusCall()).cluster?.leader) == "n1" ? true : nil
        }
        cluster.signal(0, SIGKILL)
        let next = try cluster.wait("a new leader") { all in
            cluster.leadership(all, role: "leader").first { $0.pid != first.pid }
        }
        #expect(next.fields["EDITORIAL_NODE"] == "n2")
        // n3 gets the cluster's plans and reloads: it says so.
        try cluster.write("ha.yaml", plans, only: [2])
        _ = try cluster.client(2).call(ReloadCall())
        _ = try cluster.wait("n3 runs the cluster's plans again") { all in
            all.first { $0.fields["EDITORIAL_NODE"] == "n3" && $0.fields["EDITORIAL_CLUSTER_PROBLEM"] == "none" }
        }
        #expect(try cluster.client(2).call(StatusCall()).cluster?.plansMatch == true)
        cluster.stopAll()
        #expect(
            cluster.leadership(try cluster.entries(), role: "leader").allSatisfy { $0.fields["EDITORIAL_NODE"] != "n3" }
        )
    }

    @Test func theDatabaseRestartedOrBlockedPausesFiringAndLosesNothing() throws {
        // A server of its own: this test restarts and stops it.
        let server = try PostgresServer()
        let settings = try server.freshDatabase()
        let cluster = try ClusterRun(count: 3, settings: settings, timeout: "PT2S")
        let start = DaemonRun.now() + 3
        try cluster.write("ha.yaml", ClusterRun.everySecond(start: start, count: 400))
        for i in cluster.nodes.indices { try cluster.start(i) }
        _ = try cluster.wait("a first leader") { cluster.leadership($0, role: "leader").first }
        _ = try cluster.wait("three stages") { cluster.reminders($0).count >= 3 ? true : nil }

        let restarted = ClusterRun.now()
        try server.restart()
        _ = try cluster.wait("stages again after the restart") { all in
            cluster.reminders(all).filter { $0.at > restarted }.count >= 3 ? true : nil
        }

        let blocked = ClusterRun.now()
        server.signalAll(SIGSTOP)
        _ = try cluster.wait("the leader gives its lease up") { all in
            cluster.leadership(all, role: "follower").first { $0.at > blocked }
        }
        let warned = try cluster.wait("a node says the database is out of reach") { all in
            all.first { $0.at > blocked && $0.fields["EDITORIAL_CLUSTER_PROBLEM"] == "database" }
        }
        #expect(warned.fields["PRIORITY"] == "4")
        // A follower answers from its last snapshot, marked stale.
        let i = try #require(cluster.index(of: warned.pid))
        let stale = try cluster.client(i).call(StatusCall())
        #expect(stale.cluster?.database == "unreachable" && stale.cluster?.staleSince != nil)
        let before = try cluster.entries()
        let released = ClusterRun.now()
        server.signalAll(SIGCONT)
        _ = try cluster.wait("a leader again") { all in
            cluster.leadership(all, role: "leader").first { $0.at > released }
        }
        let last = try Self.waitForStage(cluster, secondsAhead: 3, start: start)
        cluster.stopAll()
        let reminders = cluster.reminders(try cluster.entries())
        // While the database was blocked, once the claims in flight had failed, nothing went out.
        let during = cluster.reminders(before).filter { $0.at > blocked + 500_000 }
        #expect(
            during.isEmpty,
            "stages sent while the database was blocked: \(during.compactMap { $0.fields["EDITORIAL_REMINDER_KEY"] })")
        Self.expectEveryStage(reminders, through: last, repeats: 3, "a restarted and a blocked database")
    }
}
