import Dispatch
import EditorialCore
import Foundation
import Logging

/// The strategy checks, off the start path: they run on a background queue after READY and after each reload,
/// and their warnings (with the reader's) are journaled once each. The keys of the warnings journaled are kept in
/// the state store, so a restart or a reload that changes nothing journals none again; a warning that goes away
/// and comes back is journaled again.
final class PlanWarnings: @unchecked Sendable {
    // `generation` is touched only on `queue`.
    let queue: DispatchQueue
    let store: any StateStore
    let logger: Logger
    /// Only the newest load's warnings are journaled: a reload during a check makes its result stale.
    private var generation = 0
    private let running = DispatchGroup()

    /// The warnings journaled in one go at most; the rest are counted.
    static let shown = 20

    /// Checks whose results are journaled on `queue`.
    init(queue: DispatchQueue, store: any StateStore, logger: Logger) {
        self.queue = queue
        self.store = store
        self.logger = logger
    }

    /// Checks `load` in the background; on `queue`, journals its new warnings (unless a newer load came) and
    /// calls `done` with how many warnings the set has in all and whether they are the newest load's.
    func check(_ load: PlanLoad, then done: @escaping @Sendable (_ count: Int, _ current: Bool) -> Void) {
        dispatchPrecondition(condition: .onQueue(queue))
        generation += 1
        let mine = generation
        let planSet = load.planSet
        let reader = load.warnings
        running.enter()
        DispatchQueue.global(qos: .utility).async { [self] in
            let started = DispatchTime.now()
            let all = (reader + PlanChecker(planSet: planSet).warnings()).sorted()
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
            queue.async { [self] in
                let current = mine == generation
                if current { journal(all, seconds: seconds) }
                done(all.count, current)
                running.leave()
            }
        }
    }

    /// Waits (at most `timeout` seconds, from outside `queue`) until every check started so far was journaled.
    func wait(timeout: Double) -> Bool { running.wait(timeout: .now() + timeout) == .success }

    /// Journals the warnings not journaled before, and remembers the set.
    private func journal(_ warnings: [Diagnostic], seconds: Double) {
        let keys = warnings.map(Self.key)
        var known: Set<String> = []
        do {
            known = try store.journaledWarnings()
        } catch {
            logger.error("cannot read the journaled plan warnings from \(store.location): \(error)")
        }
        let fresh = zip(warnings, keys).filter { !known.contains($0.1) }.map(\.0)
        logger.info(
            "plan checks done in \(String(format: "%.2f", seconds)) s: \(warnings.count) warnings, \(fresh.count) new")
        for warning in fresh.prefix(Self.shown) { logger.warning("\(warning.description)") }
        if fresh.count > Self.shown {
            logger.warning("\(fresh.count - Self.shown) more plan warnings: editorialctl check shows them all")
        }
        guard Set(keys) != known else { return }
        do {
            try store.setJournaledWarnings(Set(keys))
        } catch {
            logger.error("cannot record the journaled plan warnings in \(store.location): \(error)")
        }
    }

    /// What makes a warning the same one again: its file, code and message (not its line, which moves when
    /// lines are added above it).
    static func key(_ d: Diagnostic) -> String { "\(d.location.file)|\(d.code.rawValue)|\(d.message)" }
}
