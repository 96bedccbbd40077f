import EditorialCore

/// The plans in force: reads the plans directory (only files whose content changed are parsed again), keeps the
/// last good set when the files on disk have errors, and remembers the rejected load until a good one comes.
/// Used on the daemon's queue.
final class PlanKeeper: @unchecked Sendable {
    // Mutable state is touched only on the daemon's queue.
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

    /// A keeper of the plans in `directory`, with nothing loaded at `now`.
    init(directory: String, defaultReminders: [NominalDuration], now: Int64) {
        self.directory = directory
        self.defaultReminders = defaultReminders
        loadedAt = now
    }

    /// Reads the directory (without the strategy checks, which run after READY).
    func read() -> PlanLoad {
        PlanLoader.load(directory: directory, defaultReminders: defaultReminders, checks: false, cache: cache)
    }

    /// Puts a good load in force at `now`.
    func accept(_ load: PlanLoad, at now: Int64) {
        precondition(load.accepted, "only a load without errors is put in force")
        current = load
        loadedAt = now
        rejected = nil
        warningCount = load.warnings.count
    }

    /// Notes a load with errors; the plans in force stay.
    func reject(_ load: PlanLoad) { rejected = load }
}
