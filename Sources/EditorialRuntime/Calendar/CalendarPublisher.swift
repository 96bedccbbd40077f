import Dispatch
import EditorialCore
import Foundation
import Logging
import Synchronization

/// Renders iCalendar exports and keeps the live feeds, on its own queue: the daemon's queue only hands over a
/// snapshot (the agenda and the recorded states, both copy-on-write values), so a large export never delays a
/// reminder. Owns the SEQUENCE table (loaded from the state store, saved back as it changes).
final class CalendarPublisher: @unchecked Sendable {
    /// What an export is made from.
    struct Snapshot: Sendable {
        /// The agenda in force.
        var agenda: Agenda
        /// The recorded states.
        var states: [String: ItemState]
    }

    /// How often subscribers are asked to fetch the feeds again (RFC 7986 REFRESH-INTERVAL).
    static let refresh = NominalDuration(seconds: 900)

    // `sequences` and `written` are touched only on `queue`.
    private let queue = DispatchQueue(label: "editoriald.calendar")
    private let store: any StateStore
    private let clock: any Clock
    private let logger: Logger
    /// The calendar directory, or nil when there are no feeds.
    let directory: String?
    private var sequences: CalendarSequences
    /// Each feed's content key (fingerprints and sequences) when last written.
    private var written: [String: UInt64] = [:]
    private var cleaned = false
    /// The latest snapshot waiting to be written; writes coalesce to the newest.
    private let pending = Mutex<Snapshot?>(nil)

    /// A publisher; reads the stored sequences.
    init(directory: String?, store: any StateStore, clock: any Clock, logger: Logger) throws {
        self.directory = directory
        self.store = store
        self.clock = clock
        self.logger = logger
        sequences = CalendarSequences(records: try store.calendarSequences())
    }

    /// Renders an export and passes it to `reply` (on the publisher's queue).
    func export(
        _ snapshot: Snapshot, filter: CalendarFilter, alarms: Bool,
        reply: @escaping @Sendable (Result<ExportReply, ControlFailure>) -> Void
    ) {
        queue.async { [self] in
            let export = CalendarExport(
                agenda: snapshot.agenda, states: snapshot.states, filter: filter, alarms: alarms)
            let entries = export.entries()
            let numbers = sequences.assign(entries)
            save()
            let bytes = CalendarDocument.render(
                entries, sequences: numbers, stamp: clock.seconds(), name: "editoriald")
            var events = 0
            var todos = 0
            for entry in entries {
                for c in entry.components { if c.name == "VEVENT" { events += 1 } else { todos += 1 } }
            }
            reply(.success(ExportReply(calendar: String(decoding: bytes, as: UTF8.self), events: events, todos: todos)))
        }
    }

    /// Schedules the feeds to be rewritten from `snapshot` (nothing without a calendar directory). Called after
    /// start, every reload and every state change; several calls while a write runs make one more write.
    func refresh(_ snapshot: Snapshot) {
        guard directory != nil else { return }
        let first = pending.withLock { waiting in
            defer { waiting = snapshot }
            return waiting == nil
        }
        if first { queue.async { [self] in writeFeeds() } }
    }

    /// Waits until every write scheduled so far is done (not from the publisher's queue); for tests.
    func wait() { queue.sync {} }

    private func save() {
        let changes = sequences.takeChanges()
        do {
            try store.saveCalendarSequences(changes)
        } catch {
            logger.error("cannot save calendar sequences: \(error)")
        }
    }

    private func writeFeeds() {
        guard let directory,
            let snapshot = pending.withLock({ waiting in
                defer { waiting = nil }; return waiting
            })
        else { return }
        let started = DispatchTime.now().uptimeNanoseconds
        let entries = CalendarExport(agenda: snapshot.agenda, states: snapshot.states).entries()
        let numbers = sequences.assign(entries)
        save()
        let stamp = clock.seconds()
        var files = 0
        var failures: [String] = []
        let feeds = CalendarFeeds.feeds(entries)
        for feed in feeds {
            var key: UInt64 = 0xcbf2_9ce4_8422_2325
            for i in feed.entries {
                key = (key ^ entries[i].fingerprint) &* 0x100_0000_01b3
                key = (key ^ UInt64(numbers[i])) &* 0x100_0000_01b3
            }
            let path = directory + "/" + feed.path
            if written[feed.path] == key, FileManager.default.fileExists(atPath: path) { continue }
            let bytes = CalendarDocument.render(
                feed.entries.map { entries[$0] }, sequences: feed.entries.map { numbers[$0] }, stamp: stamp,
                name: feed.name, refresh: Self.refresh)
            do throws(AtomicFile.Failure) {
                try AtomicFile.write(bytes, to: path)
                written[feed.path] = key
                files += 1
            } catch {
                written[feed.path] = nil
                failures.append(error.description)
            }
        }
        removeStale(keeping: Set(feeds.map(\.path)), in: directory, failures: &failures)
        let ms = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
        if failures.isEmpty {
            logger.debug(
                "calendar feeds: \(files) of \(feeds.count) files rewritten in \(String(format: "%.1f", ms)) ms")
        } else {
            // The next reload or state change writes them again.
            logger.error("calendar feeds in \(directory) not all written: \(failures.joined(separator: "; "))")
        }
    }

    /// Removes feeds that no longer exist (a channel or owner gone): ours are `*.ics` under `channels/` and
    /// `owners/`; the first time, also those left by an earlier run.
    private func removeStale(keeping current: Set<String>, in directory: String, failures: inout [String]) {
        var candidates = Set(written.keys)
        if !cleaned {
            cleaned = true
            for sub in ["channels", "owners"] {
                let root = directory + "/" + sub
                guard let walker = FileManager.default.enumerator(atPath: root) else { continue }
                while let relative = walker.nextObject() as? String {
                    if relative.hasSuffix(".ics") { candidates.insert(sub + "/" + relative) }
                }
            }
        }
        for path in candidates where !current.contains(path) {
            written[path] = nil
            do throws(AtomicFile.Failure) {
                try AtomicFile.remove(directory + "/" + path)
            } catch {
                failures.append(error.description)
            }
        }
    }
}
