import EditorialCore

/// The daemon's crash-safe memory, as the daemon uses it: fired reminders, item states, announced blocks,
/// acknowledgements, the audit log, journaled plan warnings, calendar sequences, the delivery outbox and the last
/// moment processed. Every write is one transaction that is durable when the call returns, so the daemon may
/// acknowledge a change as soon as the call succeeds. SQLite (`SQLiteStateStore`) is the embedded default; a second backend (PostgreSQL) implements the
/// same calls. Called synchronously from the daemon's queue, and (the outbox, the calendar sequences) from the
/// delivery worker's and the calendar publisher's queues, so an implementation is safe from several threads;
/// errors are `StateStoreError`s naming the store.
public protocol StateStore: AnyObject, Sendable {
    /// Where the state lives, for messages (a file path, a connection description).
    var location: String { get }

    // MARK: At start

    /// Fired keys scheduled at or after `since`, each with the instant it was scheduled for (a moved item's key
    /// is recorded again with its new instant).
    func firedSchedule(since: Int64) throws -> [String: Int64]
    /// Every item with a recorded state.
    func itemStates() throws -> [String: ItemState]
    /// Blocked posts already announced: item → the item that blocks it.
    func announcedBlocked() throws -> [String: String]
    /// The instant the scheduler had processed up to when it last committed, if ever.
    func lastProcessed() throws -> Int64?
    /// Every acknowledged key with when it was acknowledged.
    func acknowledgements() throws -> [String: Int64]

    // MARK: Writes

    /// Records one scheduler step in one transaction: fired keys, announcements, the last processed instant.
    func commit(_ batch: StoreBatch, at now: Int64) throws
    /// `commit(_:at:)` with the step's deliveries as well, taken from `deliveries` one at a time inside the same
    /// transaction (a burst of 100,000 is never all in memory).
    func commit<S: Sequence<OutboxEntry>>(_ batch: StoreBatch, at now: Int64, deliveries: S) throws
    /// Sets the state of `item` and appends its audit row in one transaction (an open state removes the row), with
    /// its pace history: `outcome` is recorded when given, and an open state forgets the item's outcome.
    func setState(_ state: ItemState, for item: String, audit: AuditRecord, outcome: PaceRecord?) throws
    /// Records an acknowledgement with its audit row in one transaction; false (nothing written) when the key
    /// was acknowledged already.
    func acknowledge(key: String, audit: AuditRecord) throws -> Bool
    /// Appends an audit row that changes no state (a reload, a refusal); returns its id.
    @discardableResult func appendAudit(_ record: AuditRecord) throws -> Int64
    /// Forgets fired records scheduled before `scheduledBefore`; returns how many.
    @discardableResult func pruneFired(scheduledBefore: Int64) throws -> Int

    // MARK: Reads for show

    /// The fired records of one item, oldest first.
    func fired(item: String) throws -> [FiredRecord]
    /// The newest `limit` audit rows, newest first; only those about `item` when given.
    func audit(item: String?, limit: Int) throws -> [AuditRecord]

    // MARK: Plan warnings

    /// The keys of the plan warnings journaled already.
    func journaledWarnings() throws -> Set<String>
    /// Replaces the journaled warnings by `keys` (the warnings of the plans in force).
    func setJournaledWarnings(_ keys: Set<String>) throws

    // MARK: Calendar sequences

    /// Every exported UID's last content fingerprint and SEQUENCE.
    func calendarSequences() throws -> [String: CalendarSequences.Record]
    /// Records changed fingerprints and sequences, in one transaction.
    func saveCalendarSequences(_ records: [String: CalendarSequences.Record]) throws

    // MARK: Outbox (also called from the delivery worker's queue)

    /// Up to `limit` open deliveries whose next attempt is at or before `now`, soonest first, leaving out `busy`
    /// (the ones being sent).
    func dueDeliveries(now: Int64, limit: Int, excluding busy: Set<Int64>) throws -> [OutboxEntry]
    /// The earliest next attempt of an open delivery, if any.
    func nextDeliveryAttempt() throws -> Int64?
    /// Records attempts' results (state, attempts, next attempt, last result, delivered) in one transaction.
    func recordAttempts(_ entries: [OutboxEntry]) throws
    /// Deliveries newest first, in `state` when given, with ids below `before` when given (paging).
    func outbox(state: OutboxState?, before: Int64?, limit: Int) throws -> [OutboxEntry]
    /// One delivery.
    func delivery(id: Int64) throws -> OutboxEntry?
    /// The deliveries of one item, oldest first.
    func deliveries(item: String) throws -> [OutboxEntry]
    /// How many deliveries are in each state.
    func outboxCounts() throws -> [OutboxState: Int]
    /// Puts a delivery back in the queue for an attempt at `now`, its retry bound counted from `now`, with its
    /// audit row, in one transaction; the entry after, or nil when there is no such id or it is delivered.
    func retryDelivery(id: Int64, now: Int64, audit: AuditRecord) throws -> OutboxEntry?
    /// Forgets delivered and dead deliveries last tried before `before`; returns how many.
    @discardableResult func pruneDeliveries(before: Int64) throws -> Int

    // MARK: Pace history

    /// Every recorded outcome (published, done, skipped) with a due time at or after `since`, or none known.
    func outcomes(since: Int64) throws -> [PaceRecord]
    /// Rewrites recorded outcomes (the backfilled ones, once the plans have placed them), in one transaction.
    func saveOutcomes(_ records: [PaceRecord]) throws
    /// Forgets outcomes due before `before`; returns how many.
    @discardableResult func pruneOutcomes(dueBefore before: Int64) throws -> Int

    /// Closes the store; using it afterwards throws.
    func close() throws
}

extension StateStore {
    /// `setState(_:for:audit:outcome:)` without an outcome (a snooze; an open state still forgets the outcome).
    public func setState(_ state: ItemState, for item: String, audit: AuditRecord) throws {
        try setState(state, for: item, audit: audit, outcome: nil)
    }
}
