import Dispatch
import EditorialCore
import Foundation
import Logging

extension Daemon {
    /// TERM and INT stop, HUP reloads; the default actions are ignored so only the sources see them.
    func installSignals() {
        for (number, action) in [(SIGTERM, "stop"), (SIGINT, "stop"), (SIGHUP, "reload")] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [unowned self] in
                if action == "stop" { self.stop(signal: number) } else { self.reload() }
            }
            source.resume()
            signalSources.append(source)
        }
    }

    /// Pings the watchdog from the scheduler queue itself, so a stuck queue trips it.
    func startWatchdog() {
        guard let interval = notifier.watchdogInterval else { return }
        let timer = DispatchSource.makeTimerSource(flags: [], queue: queue)
        let nanoseconds =
            Int(interval.components.seconds) * 1_000_000_000 + Int(interval.components.attoseconds / 1_000_000_000)
        timer.schedule(
            deadline: .now() + .nanoseconds(nanoseconds), repeating: .nanoseconds(nanoseconds),
            leeway: .nanoseconds(nanoseconds / 10))
        timer.setEventHandler { [unowned self] in self.notifier.watchdog() }
        timer.resume()
        watchdogTimer = timer
    }

    /// Re-reads the plans. Any error keeps the running set and changes nothing in state; success swaps the
    /// set atomically (on this queue) and logs what changed. Returns the load and, when accepted, the changes.
    @discardableResult
    public func reload() -> (load: PlanLoad, changes: PlanChanges?) {
        dispatchPrecondition(condition: .onQueue(queue))
        var outcome: PlanChanges? = nil
        notifier.reloading()
        let now = WallClock.seconds()
        let load = PlanLoader.load(
            directory: config.plansDirectory, defaultReminders: config.reminders, cache: parseCache)
        if !load.accepted {
            rejected = load
            reportRejected(load, atStart: false)
        } else {
            rejected = nil
            let (step, changes) = scheduler.replace(agenda: Agenda(planSet: load.planSet), now: now)
            outcome = changes
            current = load
            loadedAt = now
            formatter = EventFormatter(planSet: load.planSet)
            var fields = [
                JournalField("EDITORIAL_PLANS", String(load.planSet.plans.count)),
                JournalField("EDITORIAL_FILES", String(load.files.count)),
                JournalField("EDITORIAL_WARNINGS", String(load.warnings.count)),
            ]
            for (name, ids) in [
                ("EDITORIAL_ADDED", changes.added), ("EDITORIAL_REMOVED", changes.removed),
                ("EDITORIAL_MOVED", changes.moved), ("EDITORIAL_EDITED", changes.edited),
            ] {
                fields += ids.prefix(100).map { JournalField(name, $0) }
            }
            let warnings = load.warnings.isEmpty ? "" : " (\(load.warnings.count) warnings)"
            emit(
                JournalEntry(
                    "Plans reloaded: \(load.planSet.plans.count) plans from \(load.files.count) files in "
                        + "\(String(format: "%.2f", load.seconds)) s\(warnings); \(changes.summary)"
                        + Self.sample(changes),
                    priority: .info, messageID: .plansLoaded, fields: fields))
            for warning in load.warnings.prefix(20) { logger.warning("\(warning.description)") }
            if load.warnings.count > 20 {
                logger.warning("\(load.warnings.count - 20) more plan warnings: editorialctl check shows them all")
            }
            perform(step, now: now)
            arm()
        }
        snapshot = nil
        statusIndex = nil
        notifier.ready()
        updateStatus(now: now)
        return (load, outcome)
    }

    private static func sample(_ c: PlanChanges) -> String {
        let parts = [("added", c.added), ("removed", c.removed), ("moved", c.moved)].compactMap { name, ids in
            ids.isEmpty ? nil : "\(name) \(ids.prefix(3).joined(separator: ", "))\(ids.count > 3 ? ", …" : "")"
        }
        return parts.isEmpty ? "" : " — " + parts.joined(separator: "; ")
    }

    /// Logs a rejected plan set at error priority with the errors' positions.
    func reportRejected(_ load: PlanLoad, atStart: Bool) {
        let first = load.errors.first.map { ": \($0.description)" } ?? ""
        let more = load.errors.count > 1 ? " (and \(load.errors.count - 1) more)" : ""
        let keeping =
            atStart
            ? "running with no plans until they are fixed and reloaded"
            : "still running on the last good plans (\(current.planSet.plans.count) plans loaded at "
                + "\(localInstant(loadedAt)))"
        var fields = [
            JournalField("EDITORIAL_ERRORS", String(load.errors.count)),
            JournalField("EDITORIAL_PLANS_DIRECTORY", config.plansDirectory),
        ]
        fields += load.errors.prefix(100).map { JournalField("EDITORIAL_DIAGNOSTIC", $0.description) }
        if let location = load.errors.first?.location {
            fields.append(JournalField("CODE_FILE", location.file))
            fields.append(JournalField("CODE_LINE", String(location.line)))
        }
        emit(
            JournalEntry(
                "Plans rejected, \(load.errors.count) error\(load.errors.count == 1 ? "" : "s")\(first)\(more); \(keeping)",
                priority: .error, messageID: .plansRejected, fields: fields))
    }

    /// Stops cleanly: tells systemd, records where time got to, and exits 0.
    func stop(signal number: Int32) {
        notifier.stopping()
        let now = WallClock.seconds()
        let step = scheduler.advance(to: now)
        perform(step, now: now)
        // Journaled before the socket closes, so watchers see the stop too (the broadcast is queued first).
        emit(
            JournalEntry(
                "editoriald stopping on \(number == SIGTERM ? "SIGTERM" : "SIGINT") after "
                    + EventFormatter.seconds(now - startedAt),
                priority: .info, messageID: .stopping))
        control?.close()
        control = nil
        try? store.close()
        exit(0)
    }
}
