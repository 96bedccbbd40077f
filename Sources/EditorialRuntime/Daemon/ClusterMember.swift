import Dispatch
import EditorialCore
import Foundation
import Logging
import Synchronization

/// This daemon's part in a cluster sharing one PostgreSQL database: every `renew` seconds (on a queue of its own)
/// it tells the database it is alive and which plans it runs, renews the scheduler lease while it leads, and
/// otherwise takes the lease once it is free and its plans are the cluster's (`LeaderElection`). It is the
/// scheduling loop's `FiringGate`: claims go through the store with the grant, and `mayFire` is true only until
/// the lease would expire by this node's monotonic clock, counted from before the last renewal was sent — so a
/// node paused past its lease sends nothing when it wakes, before it even asks the database.
final class ClusterMember: FiringGate, @unchecked Sendable {
    /// What the member knows, read from any queue.
    struct Standing: Sendable {
        /// The lease this node holds, if any.
        var grant: LeaseGrant?
        /// Until when (`DispatchTime` uptime nanoseconds) the grant may be used.
        var validUntil: UInt64 = 0
        /// The cluster when last read, and when (epoch seconds).
        var view: ClusterView?
        var viewedAt: Int64?
        /// Since when the database is out of reach (epoch seconds), while it is.
        var unreachableSince: Int64?
        /// The hash of the plans in force here.
        var planHash: String
        /// Whether this node's plans differ from the cluster's.
        var mismatch = false
    }

    let settings: PostgresSettings
    let store: PostgreSQLStateStore
    let cluster: PostgresCluster
    let clock: any Clock
    let logger: Logger
    private let queue = DispatchQueue(label: "editoriald.cluster")
    private let standing: Mutex<Standing>
    private var timer: DispatchSourceTimer?
    private var stopped = false
    /// Runs on the member's queue when this node took the lease (the daemon takes over on its queue).
    var acquired: @Sendable (LeaseGrant) -> Void = { _ in }
    /// Runs when this node lost the lease, with why (`mayFire` is false already).
    var lost: @Sendable (String) -> Void = { _ in }
    /// Journals an entry.
    var journal: @Sendable (JournalEntry) -> Void = { _ in }

    /// A member for `store`'s database, running plans with `planHash`.
    init(settings: PostgresSettings, store: PostgreSQLStateStore, planHash: String, clock: any Clock, logger: Logger)
        throws(StateStoreError)
    {
        self.settings = settings
        self.store = store
        self.clock = clock
        self.logger = logger
        cluster = try PostgresCluster(store: store)
        standing = Mutex(Standing(planHash: planHash))
    }

    /// The node's name.
    var node: String { settings.node }

    /// What the member knows now.
    var now: Standing { standing.withLock { $0 } }

    /// Starts the rounds (the first at once).
    func start() {
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now(), repeating: .seconds(Int(settings.renew)), leeway: .milliseconds(50))
        timer.setEventHandler { [weak self] in self?.round() }
        timer.resume()
        self.timer = timer
    }

    /// The plans in force changed (a reload): published at the next round.
    func plansChanged(_ hash: String) {
        standing.withLock { $0.planHash = hash }
        queue.async { [weak self] in self?.round() }
    }

    /// Stops the rounds and gives the lease up, so another node need not wait for it to expire. Waits at most two
    /// seconds (a round may be waiting on a database that does not answer): then the lease runs out by itself.
    func stop() {
        // Nothing is sent from here on, whatever the database says.
        let grant = takeGrant()
        let done = DispatchSemaphore(value: 0)
        queue.async { [self] in
            stopped = true
            timer?.cancel()
            timer = nil
            if let grant { try? cluster.release(grant) }
            try? cluster.beat(node: node, planHash: standing.withLock { $0.planHash }, role: "stopped")
            cluster.close()
            done.signal()
        }
        if done.wait(timeout: .now() + 2) == .timedOut {
            logger.notice(
                "the state database did not answer within 2 s: the lease runs out by itself within \(settings.lease) s")
        }
    }

    // MARK: FiringGate

    var mayFire: Bool {
        standing.withLock { $0.grant != nil && DispatchTime.now().uptimeNanoseconds < $0.validUntil }
    }

    func claim(_ records: [FiredRecord], again: Bool) -> Set<String>? {
        guard let grant = standing.withLock({ $0.grant }) else { return nil }
        do {
            let claimed =
                again
                ? try store.reclaim(records.map(\.key), for: grant) : try store.claim(records, for: grant)
            if claimed == nil { logger.warning("the database refused a claim: the lease is no longer this node's") }
            return claimed
        } catch {
            logger.error("cannot claim \(records.count) stages in \(store.location): \(error)")
            return nil
        }
    }

    func stepDown(_ reason: String) {
        queue.async { [weak self] in self?.lose(reason) }
    }

    // MARK: Rounds

    /// One round: renew or look for the lease, and say this node is alive.
    private func round() {
        guard !stopped else { return }
        let sent = DispatchTime.now().uptimeNanoseconds
        let (grant, planHash) = standing.withLock { ($0.grant, $0.planHash) }
        do throws(StateStoreError) {
            if let grant {
                if try cluster.renew(grant, planHash: planHash, seconds: settings.lease) {
                    standing.withLock { $0.validUntil = sent + validity }
                } else {
                    lose("the database says the lease is no longer this node's (incarnation \(grant.incarnation))")
                }
            }
            let holding = standing.withLock { $0.grant != nil }
            try cluster.beat(node: node, planHash: planHash, role: holding ? "leader" : "follower")
            let view = try cluster.view(within: settings.lease)
            reached(view)
            if !holding, view.leader == nil,
                LeaderElection.mayLead(planHash: planHash, lastLeader: view.leaderPlanHash, live: view.live),
                let taken = try cluster.acquire(node: node, planHash: planHash, seconds: settings.lease)
            {
                standing.withLock {
                    $0.grant = taken
                    $0.validUntil = sent + validity
                }
                journalLeadership(
                    taken, role: "leader",
                    "took the scheduler lease (incarnation \(taken.incarnation)); it fires reminders now")
                acquired(taken)
            }
        } catch {
            unreachable(error)
        }
    }

    /// How long a grant may be used after a renewal was sent: the lease less a tenth (at least half a second), for
    /// the difference between this node's clock rate and the database's.
    private var validity: UInt64 {
        let lease = settings.lease * 1_000_000_000
        return UInt64(lease - max(lease / 10, 500_000_000))
    }

    /// The database answered: a loss of reach ends, and a plan mismatch is said once when it starts or ends.
    private func reached(_ view: ClusterView) {
        let now = clock.seconds()
        let (wasUnreachable, mismatch, changed, hash) = standing.withLock { s in
            let was = s.unreachableSince
            s.unreachableSince = nil
            s.view = view
            s.viewedAt = now
            let theirs = view.clusterPlans
            let mismatch = theirs != nil && theirs != s.planHash
            defer { s.mismatch = mismatch }
            return (was, mismatch, mismatch != s.mismatch, s.planHash)
        }
        if let since = wasUnreachable {
            journal(
                JournalEntry(
                    "editoriald on \(node) reaches the state database \(store.location) again after "
                        + EventFormatter.seconds(now - since),
                    priority: .notice, messageID: .clusterProblem,
                    fields: [
                        JournalField("EDITORIAL_NODE", node), JournalField("EDITORIAL_CLUSTER_PROBLEM", "none"),
                    ]))
        }
        guard changed else { return }
        let theirs = view.clusterPlans ?? ""
        journal(
            mismatch
                ? JournalEntry(
                    "editoriald on \(node) runs other plans than the cluster (plan hash \(hash), the cluster's "
                        + "\(theirs)\(view.leader.map { ", led by \($0)" } ?? "")): it will not take the lease until "
                        + "the same plans are deployed here and reloaded",
                    priority: .warning, messageID: .clusterProblem,
                    fields: [
                        JournalField("EDITORIAL_NODE", node), JournalField("EDITORIAL_CLUSTER_PROBLEM", "plans"),
                        JournalField("EDITORIAL_PLAN_HASH", hash), JournalField("EDITORIAL_CLUSTER_PLAN_HASH", theirs),
                    ])
                : JournalEntry(
                    "editoriald on \(node) runs the cluster's plans again (plan hash \(hash))", priority: .notice,
                    messageID: .clusterProblem,
                    fields: [
                        JournalField("EDITORIAL_NODE", node), JournalField("EDITORIAL_CLUSTER_PROBLEM", "none"),
                        JournalField("EDITORIAL_PLAN_HASH", hash),
                    ]))
    }

    /// The database is out of reach: said once; a leader whose lease ran out by its own clock steps down.
    private func unreachable(_ error: StateStoreError) {
        let now = clock.seconds()
        let first = standing.withLock { s -> Bool in
            defer { if s.unreachableSince == nil { s.unreachableSince = now } }
            return s.unreachableSince == nil
        }
        if first {
            journal(
                JournalEntry(
                    "editoriald on \(node) cannot reach the state database: \(error); it fires nothing until the "
                        + "database answers again, and answers requests from its last snapshot",
                    priority: .warning, messageID: .clusterProblem,
                    fields: [
                        JournalField("EDITORIAL_NODE", node), JournalField("EDITORIAL_CLUSTER_PROBLEM", "database"),
                    ]))
        }
        if standing.withLock({ $0.grant != nil }), !mayFire {
            lose("the lease ran out while the database was out of reach")
        }
    }

    /// Gives the lease up locally (and on the database, if it answers), and tells the daemon.
    private func lose(_ reason: String) {
        guard let grant = takeGrant() else { return }
        try? cluster.release(grant)
        journalLeadership(
            grant, role: "follower",
            "lost the scheduler lease (incarnation \(grant.incarnation)): \(reason); it sends nothing more and follows")
        lost(reason)
    }

    /// The grant held, if any, no longer held: `mayFire` is false from here on.
    private func takeGrant() -> LeaseGrant? {
        standing.withLock { s in
            defer {
                s.grant = nil
                s.validUntil = 0
            }
            return s.grant
        }
    }

    /// Journals that this node took the lease (`leader`, a notice) or lost it (`follower`, a warning).
    private func journalLeadership(_ grant: LeaseGrant, role: String, _ what: String) {
        journal(
            JournalEntry(
                "editoriald on \(node) " + what, priority: role == "leader" ? .notice : .warning,
                messageID: .leadership,
                fields: [
                    JournalField("EDITORIAL_NODE", node), JournalField("EDITORIAL_ROLE", role),
                    JournalField("EDITORIAL_INCARNATION", String(grant.incarnation)),
                ]))
    }
}
