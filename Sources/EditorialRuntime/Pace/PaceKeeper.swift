import Dispatch
import EditorialCore
import Foundation
import Logging

/// Keeps the pace index on a queue of its own: built from the plans and the recorded outcomes after start and each
/// reload, kept up to date as the team marks items, and asked for reports (`pace`, `status`, the weekly entry), so
/// that neither the scheduler nor the control socket waits for a million posts to be counted.
///
/// Everything the daemon's queue hands it arrives in order, so a report asked after a change counts it.
public final class PaceKeeper: @unchecked Sendable {
    // `index` and `agenda` are touched only on `queue`; `cached` only under `lock`.
    /// The keeper's queue.
    let queue = DispatchQueue(label: "editoriald.pace")
    let store: any StateStore
    let settings: PaceSettings
    let logger: Logger
    private var index: PaceIndex?
    private var agenda: Agenda?
    private let lock = NSLock()
    private var cached: PaceSummary?

    /// A keeper reading and writing outcomes in `store`.
    public init(store: any StateStore, settings: PaceSettings, logger: Logger) {
        self.store = store
        self.settings = settings
        self.logger = logger
    }

    /// Indexes `agenda` (the plans in force) and the recorded outcomes, as of `now`.
    public func rebuild(_ agenda: Agenda, now: Int64) {
        queue.async { [self] in
            self.agenda = agenda
            build(now: now)
        }
    }

    /// The weeks of history the index keeps: the longest window, and a week of margin.
    static let horizonWeeks = PaceCall.maxWeeks + 1

    private func build(now: Int64) {
        guard let agenda else { return }
        let start = PaceWeeks(count: Self.horizonWeeks, now: now, zone: teamZone).from
        var records: [PaceRecord] = []
        do {
            try store.pruneOutcomes(dueBefore: start)
            records = try store.outcomes(since: start)
            // Rows rebuilt from the audit log by the migration have no plan facts yet: the plans in force give
            // them (the due time they have now; the one they had when marked is not known).
            var placed: [PaceRecord] = []
            for (i, r) in records.enumerated() where r.kind == nil {
                guard let item = agenda.item(id: r.item) else { continue }
                records[i] = PaceRecord(item, progress: r.progress, at: r.at, in: agenda.planSet)
                placed.append(records[i])
            }
            try store.saveOutcomes(placed)
        } catch {
            logger.error("cannot read the pace history in \(store.location): \(error)")
        }
        index = PaceIndex(agenda: agenda, records: records, horizonStart: start, horizonEnd: now + 8 * 86_400)
        summarize(now: now)
    }

    /// An outcome was recorded (`record`), or the item was reopened (`nil`): the index counts it from now on.
    public func recorded(item: String, record: PaceRecord?, planItem: AgendaItem?, now: Int64) {
        queue.async { [self] in
            guard index != nil else { return }
            if let record {
                index?.record(record, planItem: planItem)
            } else {
                index?.unrecord(item: item, planItem: planItem)
            }
            summarize(now: now)
        }
    }

    /// The report for `call` at `now`, given to `reply` on the keeper's queue.
    public func report(
        _ call: PaceCall, now: Int64, reply: @escaping @Sendable (Result<PaceReply, ControlFailure>) -> Void
    ) {
        queue.async { [self] in reply(answer(call, now: now)) }
    }

    /// The report for `call`, on the queue.
    func answer(_ call: PaceCall, now: Int64) -> Result<PaceReply, ControlFailure> {
        dispatchPrecondition(condition: .onQueue(queue))
        guard let index = current(now: now) else {
            return .failure(ControlFailure(.internal, "the pace index is not built yet"))
        }
        let query = PaceQuery(
            weeks: call.windowWeeks, channel: call.channel, owner: call.owner,
            tolerance: call.tolerance ?? settings.tolerance, thresholds: settings.thresholds, now: now)
        let reply = index.report(query)
        if let wanted = call.channel, reply.pages.isEmpty, !index.hasPage(wanted) {
            return .failure(
                ControlFailure(.notFound, "no page '\(wanted)': give a channel id (plan/channel), a page or a network"))
        }
        if let owner = call.owner, reply.owners.isEmpty, !index.hasOwner(owner) {
            return .failure(ControlFailure(.notFound, "no owner '\(owner)' has production items in the plans"))
        }
        return .success(reply)
    }

    /// The last counted summary (for `status`), counted again in the background when older than `maxAge` seconds.
    public func summary(now: Int64, maxAge: Int64 = 600) -> PaceSummary? {
        let current = lock.withLock { cached }
        if current == nil || now - (current?.at.seconds ?? 0) > maxAge {
            queue.async { [self] in summarize(now: now) }
        }
        return current
    }

    /// The report of the configured window at `now` (the weekly entry's), on the queue.
    func standardReport(now: Int64) -> PaceReply? {
        dispatchPrecondition(condition: .onQueue(queue))
        return current(now: now)?.report(standardQuery(now: now))
    }

    /// The index, built again first when `now` nears the end of its horizon (new items enter it week by week).
    private func current(now: Int64) -> PaceIndex? {
        if let index, now >= index.horizonEnd - 86_400 { build(now: now) }
        return index
    }

    /// The configured window at `now`: the weekly entry's and `status`'s.
    private func standardQuery(now: Int64) -> PaceQuery {
        PaceQuery(weeks: settings.weeks, tolerance: settings.tolerance, thresholds: settings.thresholds, now: now)
    }

    /// The team's zone of the plans indexed (UTC without plans), on the queue.
    var teamZone: ZoneRules { agenda?.planSet.teamZone ?? Self.utc }

    /// The zone without plans.
    static let utc = ZoneRules(identifier: "UTC")!

    private func summarize(now: Int64) {
        guard let index else { return }
        let summary = PaceSummary(index.report(standardQuery(now: now)))
        lock.withLock { cached = summary }
    }

    /// Waits (not from the queue) until everything handed to the keeper so far is done.
    public func wait() { queue.sync {} }
}
