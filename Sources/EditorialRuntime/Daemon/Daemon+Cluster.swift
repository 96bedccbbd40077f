import Dispatch
import EditorialCore
import Foundation

extension Daemon {
    /// Starts this node's part in the cluster (after READY): the listener, then the lease rounds.
    func startCluster() {
        dispatchPrecondition(condition: .onQueue(queue))
        guard let member else { return }
        member.acquired = { [weak self] grant in
            guard let self else { return }
            queue.async { self.lead(grant) }
        }
        member.lost = { [weak self] _ in
            guard let self else { return }
            queue.async { self.follow() }
        }
        do {
            listener = try PostgresListener(store: member.store) { [weak self] payloads in
                guard let self else { return }
                queue.async { self.heard(payloads) }
            }
        } catch {
            logger.error("cannot listen for other nodes' changes: \(error); this node reads them every few seconds")
        }
        // The first read of the outbox's counts, so that the first `status` has them.
        _ = outboxCounts
        member.start()
    }

    /// `status`'s cluster member, nil for a daemon on its own state.
    var clusterStatus: StatusReply.Cluster? {
        guard let member else { return nil }
        let s = member.now
        let now = clock.seconds()
        let view = s.view
        let theirs = view?.clusterPlans
        return StatusReply.Cluster(
            node: member.node, role: loop.active ? "leader" : "follower", leader: view?.leader,
            incarnation: view?.incarnation,
            leaseAgeSeconds: view?.leaseAge.map { $0 + Double(now - (s.viewedAt ?? now)) },
            leaseSeconds: member.settings.lease, planHash: s.planHash, clusterPlanHash: theirs,
            plansMatch: !s.mismatch,
            database: s.unreachableSince == nil ? "reachable" : "unreachable",
            staleSince: s.unreachableSince.map(Instant.init))
    }

    /// This node took the lease: the scheduler is read again from the database (what the former leader fired and
    /// recorded), the stages it claimed but never recorded are sent again, then the loop fires.
    func lead(_ grant: LeaseGrant) {
        dispatchPrecondition(condition: .onQueue(queue))
        guard let member, !stopped, member.now.grant == grant else { return }
        do {
            let scheduler = try storedScheduler(agenda: loop.scheduler.agenda, now: clock.seconds())
            let unsent = try member.store.unsentClaims()
            applier.heardAcknowledged(try store.acknowledgements())
            loop.lead(scheduler, resend: unsent)
        } catch {
            member.stepDown("cannot read the state to take over: \(error)")
            return
        }
        let now = clock.seconds()
        updateStatus(now: now)
        calendar.refresh(loop.calendarSnapshot)
        // A weekly pace report the former leader did not send (less than a day late) goes out now.
        paceReporter.start(router: loop.router)
        ledOnce.signal()
    }

    /// Waits (not from the queue, at most `timeout` seconds) until this node took the lease and fired its first
    /// step; false on timeout. For a daemon sharing its database (at once true without one).
    public func waitUntilLeading(timeout: Double = 30) -> Bool {
        guard member != nil else { return true }
        if queue.sync(execute: { loop.active }) { return true }
        return ledOnce.wait(timeout: .now() + timeout) == .success
    }

    /// This node lost the lease: the loop sends nothing more.
    func follow() {
        dispatchPrecondition(condition: .onQueue(queue))
        guard !stopped else { return }
        loop.follow()
        refreshSoon()
        updateStatus(now: clock.seconds())
    }

    /// A scheduler for `agenda` over the state in the database (not only from the queue: it reads no mutable
    /// property).
    func storedScheduler(agenda: Agenda, now: Int64) throws -> Scheduler {
        let keepSince = FiredRetention.keepSince(now: now, agenda: agenda, configuration: config.scheduler)
        return Scheduler(
            agenda: agenda, configuration: config.scheduler, stored: try store.storedState(since: keepSince))
    }

    /// What another node announced (`KIND<TAB>NODE[<TAB>SUBJECT]`), or nil after the listener's session was opened
    /// again (anything may have been missed).
    func heard(_ payloads: [String]?) {
        dispatchPrecondition(condition: .onQueue(queue))
        guard !stopped, let member else { return }
        let shared = member.store
        guard let payloads else {
            if loop.active { resyncStates(shared) } else { refreshSoon() }
            return
        }
        let now = clock.seconds()
        var changed = false
        for payload in payloads {
            let parts = payload.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            guard parts.count >= 2, parts[1] != member.node else { continue }
            let subject = parts.count > 2 ? parts[2] : nil
            switch parts[0] {
            case "state" where loop.active:
                // A follower recorded a change: the leader's scheduler takes it, and sends what it causes.
                guard let item = subject else {
                    resyncStates(shared)
                    continue
                }
                do {
                    loop.setState(try shared.itemState(item), for: item, now: now)
                    changed = true
                } catch {
                    logger.error("cannot read the change another node recorded for \(item): \(error)")
                }
            case "ack":
                if let key = subject { applier.heardAcknowledged([key: now]) }
                if !loop.active { refreshSoon() }
            default:
                if !loop.active { refreshSoon() }
            }
        }
        if changed {
            updateStatus(now: now)
            calendar.refresh(loop.calendarSnapshot)
        }
    }

    /// Every recorded state read again (the leader may have missed changes): those that differ are taken.
    private func resyncStates(_ shared: PostgreSQLStateStore) {
        do {
            let states = try shared.itemStates()
            let now = clock.seconds()
            let known = loop.scheduler.states
            for (item, state) in states where known[item] != state { loop.setState(state, for: item, now: now) }
            for item in known.keys where states[item] == nil { loop.setState(ItemState(), for: item, now: now) }
            applier.heardAcknowledged(try shared.acknowledgements())
        } catch {
            logger.error("cannot read the recorded states again: \(error)")
        }
    }

    /// A follower reads the state again soon, off the queue: its answers follow the leader's. The reads are
    /// coalesced: at most five a second, and never more than a fifth of the time (a large state read again after
    /// every step of a busy leader would keep the follower and the database busy with nothing else).
    func refreshSoon() {
        dispatchPrecondition(condition: .onQueue(queue))
        guard !refreshing else { return }
        refreshing = true
        let loadedAt = plans.loadedAt
        let delay = min(max(0.2, 4 * lastRefreshSeconds), 30)
        refresher.asyncAfter(deadline: .now() + delay) { [weak self] in
            guard let self else { return }
            let now = clock.seconds()
            let began = DispatchTime.now().uptimeNanoseconds
            let read = Result { () throws -> (Scheduler, [String: Int64]) in
                let agenda = queue.sync { loop.scheduler.agenda }
                return (try storedScheduler(agenda: agenda, now: now), try store.acknowledgements())
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9
            queue.async { [self] in
                refreshing = false
                lastRefreshSeconds = seconds
                guard !stopped else { return }
                switch read {
                case .success(let (scheduler, acknowledged)):
                    // A reload meanwhile replaced the agenda: read again for it.
                    guard plans.loadedAt == loadedAt else { return refreshSoon() }
                    loop.refresh(scheduler)
                    applier.heardAcknowledged(acknowledged)
                    updateStatus(now: clock.seconds())
                case .failure(let error):
                    // The database is out of reach: the member says so; the answers stay those of the last read.
                    logger.debug("cannot refresh from the database: \(error)")
                }
            }
        }
    }
}
