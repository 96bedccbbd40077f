import Dispatch
import EditorialCore
import Foundation
import Logging

/// Sends the outbox: on a queue of its own, never the scheduler's, it takes open deliveries that are due from the
/// store (a bounded window at a time, so a receiver that is down for hours costs disk, not memory), sends up to
/// `concurrency` at once on a concurrent queue, and records their results in batched transactions: delivered,
/// retrying at the next attempt (exponential backoff with jitter, or the receiver's `Retry-After`), or dead (a
/// permanent failure, or the retry bound passed: a warning entry in the journal). A crash between sending and
/// recording repeats that delivery once, with the same idempotency key.
public final class DeliveryWorker: @unchecked Sendable {
    // Mutable properties are touched only on `queue`.
    let queue = DispatchQueue(label: "editoriald.delivery")
    private let sending = DispatchQueue(label: "editoriald.delivery.send", attributes: .concurrent)
    private let store: any StateStore
    private let clock: any Clock
    private let logger: Logger
    private let sender: DeliverySender
    private let policy: RetryPolicy
    private let concurrency: Int
    /// Journals an entry (dead deliveries); safe from any queue.
    private let journal: @Sendable (JournalEntry) -> Void
    private var timer: (any DeadlineTimer)?
    /// Deliveries being sent, or sent and not yet recorded: never fetched again meanwhile.
    private var busy: Set<Int64> = []
    /// Due rows read from the store and not yet sent.
    private var ready: ArraySlice<OutboxEntry> = []
    private var inFlight = 0
    /// Results waiting for the next batched write.
    private var finished: [OutboxEntry] = []
    private var flushScheduled = false
    private var stopped = false
    private var random = SystemRandomNumberGenerator()
    /// Waiters for `waitUntilIdle`.
    private var idleWaiters: [DispatchSemaphore] = []

    /// A worker over `store`'s outbox, sending with `sender`.
    public init(
        store: any StateStore, clock: any Clock, sender: DeliverySender, policy: RetryPolicy, concurrency: Int,
        logger: Logger, journal: @escaping @Sendable (JournalEntry) -> Void
    ) {
        self.store = store
        self.clock = clock
        self.sender = sender
        self.policy = policy
        self.concurrency = max(1, concurrency)
        self.logger = logger
        self.journal = journal
    }

    /// Starts: the timer, then a first look at the outbox (what a previous run left).
    public func start() {
        queue.async { [self] in
            timer = clock.makeTimer(
                queue: queue, fired: { [unowned self] in self.pump() }, clockChanged: { [unowned self] in self.pump() })
            pump()
        }
    }

    /// New deliveries were queued: look now. One hop onto the worker's queue, so that whatever is enqueued there
    /// after this call (`waitUntilIdle`) runs after the look; a look is one indexed query, and wakes come once per
    /// commit, not per delivery.
    public func wake() {
        queue.async { [self] in pump() }
    }

    /// Works out and stores the deliveries of a step's entries, here rather than on the scheduler's queue, then
    /// removes the sent-log file set aside for them (a crash before that has them worked out again at the next
    /// start, under the same keys).
    func route(
        _ events: [SchedulerEvent], formatter: EventFormatter, router: DeliveryRouter, at now: Int64,
        setAside: String, sentLog: SentLog
    ) {
        queue.async { [self] in
            do {
                // In transactions of a few hundred: the scheduler's next commit waits for the store's one writer,
                // at most for one of these. A crash between them is safe: the set-aside lines stay, and the next
                // start queues what is missing (a key already queued is left as it is).
                var start = 0
                while start < events.count {
                    let chunk = Array(events[start..<min(events.count, start + Self.routingChunk)])
                    start += chunk.count
                    let deliveries = Deliveries.of(chunk, formatter: formatter, router: router, now: now)
                    try store.commit(StoreBatch(), at: now, deliveries: deliveries)
                }
                sentLog.remove(setAside)
            } catch {
                logger.error(
                    "cannot queue the deliveries of \(events.count) entries in \(store.location): \(error); they are queued at the next start"
                )
            }
            pump()
        }
    }

    /// Stops taking new deliveries, waits (at most `timeout` seconds) for those in flight and records them.
    public func stop(timeout: Double = 5) {
        let done = DispatchSemaphore(value: 0)
        queue.async { [self] in
            stopped = true
            timer?.cancel()
            timer = nil
            if inFlight == 0 {
                flush()
                done.signal()
            } else {
                idleWaiters.append(done)
            }
        }
        _ = done.wait(timeout: .now() + timeout)
    }

    /// Waits (not from the queue, at most `timeout` seconds) until nothing is in flight or waiting to be recorded;
    /// false on timeout. For tests and benchmarks.
    public func waitUntilIdle(timeout: Double) -> Bool {
        let done = DispatchSemaphore(value: 0)
        queue.async { [self] in
            if inFlight == 0 && finished.isEmpty && busy.isEmpty { done.signal() } else { idleWaiters.append(done) }
        }
        return done.wait(timeout: .now() + timeout) == .success
    }

    private func pump() {
        dispatchPrecondition(condition: .onQueue(queue))
        guard !stopped else {
            // Stopping: record what came back, and let `stop` go once nothing is in flight.
            flush()
            signalIdleIfIdle()
            return
        }
        let now = clock.seconds()
        while inFlight < concurrency {
            if ready.isEmpty {
                // A window of due rows at a time: one query per window, not one per send, and a bounded memory
                // however many wait on disk.
                do {
                    ready = try store.dueDeliveries(now: now, limit: Self.window, excluding: busy)[...]
                } catch {
                    logger.error("cannot read the outbox in \(store.location): \(error)")
                }
            }
            guard let entry = ready.popFirst() else { break }
            send(entry)
        }
        arm(now: now)
        signalIdleIfIdle()
    }

    /// How many due rows are read from the store at a time.
    static let window = 256

    /// How many entries' deliveries are stored per transaction.
    static let routingChunk = 500

    private func arm(now: Int64) {
        // While the window is full, each finished send pumps again; otherwise wake at the earliest next attempt.
        guard inFlight < concurrency, ready.isEmpty else { return }
        let next = try? store.nextDeliveryAttempt()
        if let next, next > now {
            timer?.arm(at: next)
        } else if let next, next <= now, busy.isEmpty {
            // Due now but not fetched (a row just queued): look again soon.
            timer?.arm(at: now + 1)
        } else if next == nil {
            timer?.arm(at: nil)
        }
    }

    private func send(_ entry: OutboxEntry) {
        busy.insert(entry.id)
        inFlight += 1
        let attemptAt = clock.seconds()
        sending.async { [self] in
            let outcome = sender.attempt(entry, attempt: entry.attempts + 1, now: attemptAt)
            queue.async { [self] in
                inFlight -= 1
                finish(entry, outcome, at: attemptAt)
                pump()
            }
        }
    }

    private func finish(_ entry: OutboxEntry, _ outcome: DeliveryOutcome, at now: Int64) {
        var e = entry
        e.attempts += 1
        e.lastAttempt = now
        switch outcome {
        case .delivered(let how):
            e.state = .delivered
            e.delivered = clock.seconds()
            e.lastResult = "delivered: \(how)"
            logger.debug("delivery \(e.id) (\(e.event) \(e.reminderKey)) to route \(e.route) delivered: \(how)")
        case .retry(let why, let after):
            e.lastResult = why
            if let next = policy.nextAttempt(
                queuedAt: e.queued, attempts: e.attempts, now: now, retryAfter: after, random: &random)
            {
                e.state = .retrying
                e.nextAttempt = next
                logger.info(
                    "delivery \(e.id) to route \(e.route) failed (\(why)); attempt \(e.attempts + 1) at \(TimeText.utc(next))"
                )
            } else {
                die(&e, because: "\(why); gave up after \(e.attempts) attempts")
            }
        case .failed(let why):
            e.lastResult = why
            die(&e, because: why)
        }
        finished.append(e)
        if finished.count >= 256 {
            flush()
        } else if !flushScheduled {
            flushScheduled = true
            // Results are batched into one transaction: a crash before it repeats those deliveries once, with
            // their keys; a commit per result would cost an fsync each.
            queue.asyncAfter(deadline: .now() + 0.05) { [self] in
                flushScheduled = false
                flush()
                pump()
            }
        }
    }

    private func die(_ e: inout OutboxEntry, because why: String) {
        e.state = .dead
        journal(DeliveryEntries.dead(e, reason: why))
    }

    private func flush() {
        dispatchPrecondition(condition: .onQueue(queue))
        guard !finished.isEmpty else { return }
        let batch = finished
        finished = []
        do {
            try store.recordAttempts(batch)
        } catch {
            logger.error(
                "cannot record \(batch.count) delivery results in \(store.location): \(error); they may be sent again")
        }
        // Waiters are told at the end of the pump that follows, once the timer is armed for the next attempt.
        for e in batch { busy.remove(e.id) }
    }

    private func signalIdleIfIdle() {
        guard inFlight == 0 && finished.isEmpty && busy.isEmpty, !idleWaiters.isEmpty else { return }
        for waiter in idleWaiters { waiter.signal() }
        idleWaiters = []
    }
}
