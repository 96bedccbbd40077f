import Dispatch
import EditorialCore
import Logging
import Synchronization

/// The plans in force: reads the plans directory (only files whose content changed are parsed again), keeps the
/// last good set when the files on disk have errors, and remembers the rejected load until a good one comes.
/// `read()` runs one at a time, at start and then on the daemon's reader queue; the rest on the daemon's queue.
final class PlanKeeper: @unchecked Sendable {
    // `cache` and `lastRead` belong to whoever runs `read()` (one at a time); the rest to the daemon's queue.
    /// The plans directory.
    let directory: String
    /// Lead times for plans that name none.
    let defaultReminders: [NominalDuration]
    /// Parsed plan files by content.
    let cache = ParseCache()
    /// The plans in force (empty until a good load).
    private(set) var current: PlanLoad = .empty
    /// When they were loaded.
    private(set) var loadedAt: Int64
    /// The last rejected load, while the plans on disk are broken.
    private(set) var rejected: PlanLoad?
    /// Warnings known for the plans in force (the reader's; the strategy checks' once they ran).
    var warningCount = 0

    /// The compiled-plan cache on disk, if there is a state directory.
    private let compiled: CompiledPlanCache?
    /// Writes the compiled-plan cache, off the daemon's queue.
    private let writer = DispatchQueue(label: "editoriald.plan-cache", qos: .utility)
    /// Set when the daemon stops: a cache being encoded is dropped (the next start parses those files).
    private let stopping = Atomic<Bool>(false)
    /// A reload's cache write, waiting `reloadWriteDelay` (a later reload's replaces it: its entries hold all).
    private let deferred = Mutex<(@Sendable () -> Void)?>(nil)
    /// How long a reload's cache write waits (set before the reload; tests lengthen it): encoding every file again took both cores while the reload was
    /// being put in force, and a burst of reloads (a `git pull`) needs one write, not one each. A stop or a crash
    /// meanwhile costs the next start a parse of the files changed since the last write, nothing else.
    var reloadWriteDelay: DispatchTimeInterval = .seconds(5)
    /// Reads done so far.
    private var reads = 0
    private let logger: Logger
    /// Files of the last read that came from the cache, and files it read.
    private(set) var lastRead = (cached: 0, files: 0)

    /// A keeper of the plans in `directory`, with nothing loaded at `now`. With `stateDirectory`, the
    /// compiled-plan cache there is read (a cache that cannot be trusted is discarded with a notice).
    init(
        directory: String, defaultReminders: [NominalDuration], now: Int64, stateDirectory: String? = nil,
        logger: Logger = Logger(label: "editoriald")
    ) {
        self.directory = directory
        self.defaultReminders = defaultReminders
        self.logger = logger
        loadedAt = now
        compiled = stateDirectory.map { CompiledPlanCache(stateDirectory: $0) }
        guard let compiled else { return }
        switch compiled.read() {
        case .missing: break
        case .loaded(let entries): cache.seed(entries)
        case .discarded(let why):
            logger.notice("compiled-plan cache \(compiled.path) discarded: \(why); it is rebuilt from the plan files")
        }
    }

    /// Reads the directory (without the strategy checks, which run after READY), then writes the compiled-plan
    /// cache in the background when files were parsed or removed. `previous` is the plan set in force (on a
    /// reload): plans of unchanged files keep its index of their items.
    func read(reusing previous: PlanSet? = nil) -> PlanLoad {
        let before = cache.statistics
        let load = PlanLoader.load(
            directory: directory, defaultReminders: defaultReminders, checks: false, cache: cache,
            reusing: previous)
        let after = cache.statistics
        lastRead = (after.hits - before.hits, after.hits + after.misses - before.hits - before.misses)
        reads += 1
        if let compiled, let entries = cache.exportIfChanged() {
            let write: @Sendable () -> Void = { [self] in
                do {
                    try compiled.write(entries, abandoned: { self.stopping.load(ordering: .relaxed) })
                } catch {
                    logger.warning("cannot write the compiled-plan cache: \(error); the next start parses every file")
                }
            }
            if reads == 1 {
                writer.async(execute: write)
            } else {
                deferred.withLock { $0 = write }
                writer.asyncAfter(deadline: .now() + reloadWriteDelay) { [self] in takeDeferred()?() }
            }
        }
        return load
    }

    /// The waiting cache write, if any, no longer waiting.
    private func takeDeferred() -> (@Sendable () -> Void)? {
        deferred.withLock { pending in
            defer { pending = nil }
            return pending
        }
    }

    /// Waits until the compiled-plan cache written so far is on disk (a write waiting after a reload is done now);
    /// with `abandoning`, one still waiting or being encoded is dropped instead, so that a stop is not held up by
    /// it (a rename already begun completes).
    func waitForCompiledCache(abandoning: Bool = false) {
        if abandoning {
            stopping.store(true, ordering: .relaxed)
            _ = takeDeferred()
            writer.sync {}
        } else {
            writer.sync { takeDeferred()?() }
        }
    }

    /// Puts a good load in force at `now`.
    func accept(_ load: PlanLoad, at now: Int64) {
        precondition(load.accepted, "only a load without errors is put in force")
        current = load
        loadedAt = now
        rejected = nil
        warningCount = load.warnings.count
    }

    /// The hash of the plans in force (`ParseCache.fingerprint`), which daemons sharing a database compare.
    var fingerprint: String {
        cache.fingerprint(of: current.files, root: directory, defaults: defaultReminders)
    }

    /// Notes a load with errors; the plans in force stay.
    func reject(_ load: PlanLoad) { rejected = load }
}
