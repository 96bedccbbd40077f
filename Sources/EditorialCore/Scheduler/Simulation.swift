/// A dry run of the daemon over `[from, to)`: the daemon's own `SchedulerDriver`, woken at each of its wake-ups on an
/// exact clock, stopped at `down.lowerBound` and started again at `down.upperBound` when a downtime is given (its
/// store then holds what the driver recorded). Every entry it sends — reminders, due, overdue, blocked, unblocked,
/// renewal, digests, the catch-up and its summary — comes out in order, with the instant it goes out and the
/// entry the journal gets (`EDITORIAL_LATENESS_USEC` as an exact clock gives it: 0 unless caught up).
public struct Simulation: Sendable {
    /// The longest window a dry run covers.
    public static let maxWindow: Int64 = 366 * 86_400
    /// The most entries one page holds (`simulate`'s `limit`).
    public static let maxPage = 10_000

    /// The start of the window: entries sent earlier are worked out but not handed out.
    public let from: Int64
    /// The end of the window (excluded).
    public let to: Int64
    /// The daemon is down in `[lowerBound, upperBound)`: it stops at the start and starts again at the end.
    public let down: Range<Int64>?
    private let driver: SchedulerDriver
    /// Where the driver stands (the daemon's clock); a fresh driver starts there.
    private let now: Int64
    /// Whether the driver has not started yet.
    private let fresh: Bool

    /// A dry run that carries on from a running daemon's driver (a copy: the daemon is not touched) at `now`, its
    /// clock; a window starting earlier starts at `now`.
    public init(continuing driver: SchedulerDriver, now: Int64, from: Int64, to: Int64, down: Range<Int64>? = nil) {
        self.driver = driver
        self.now = now
        self.from = max(from, now)
        self.to = to
        self.down = down
        fresh = false
    }

    /// A dry run from plan files alone: the daemon as if it had been running until just before `from` with nothing
    /// recorded (statuses come from the files' `status:` keys): it starts a second before `from`, so nothing earlier
    /// is caught up, digests due earlier that day count as sent, and a post blocked before `from` was announced then
    /// (not shown); from `from` on it sends what a running daemon sends. Everyone with a `digest:` time gets a digest
    /// (the routes, in the daemon's config, are not known here).
    public init(
        planSet: PlanSet, configuration: SchedulerConfiguration = SchedulerConfiguration(), from: Int64, to: Int64,
        down: Range<Int64>? = nil
    ) {
        let start = from - 1
        var fired: [String: Int64] = [:]
        for person in planSet.people.values {
            guard let time = person.digest,
                let missed = DigestPlanner.missed(
                    time, zone: SchedulerDriver.digestZone(person, in: planSet), now: start)
            else { continue }
            fired[DigestPlanner.key(person: person.id, day: missed.day)] = missed.at
        }
        let scheduler = Scheduler(
            agenda: Agenda(planSet: planSet), configuration: configuration,
            stored: StoredState(fired: fired, processedThrough: start))
        driver = SchedulerDriver(
            scheduler: scheduler, router: DeliveryRouter(routes: [], people: planSet.people), recipients: .everyone)
        now = start
        self.from = from
        self.to = to
        self.down = down
        fresh = true
    }

    /// What is wrong with a window (`nil` when nothing), naming the protocol's arguments in quotes (`"to"`): `to`
    /// after `from`, at most `maxWindow` long, a downtime inside it that ends before `to`, nothing before `earliest`
    /// (the daemon's clock, online).
    public static func problem(from: Int64, to: Int64, down: Range<Int64>?, earliest: Int64 = .min) -> String? {
        let start = max(from, earliest)
        if to <= start {
            return from < earliest ? "\"to\" is not after the daemon's clock" : "\"to\" must be after \"from\""
        }
        if to - start > maxWindow { return "the window is longer than 366 days" }
        guard let down else { return nil }
        if down.lowerBound < start {
            return from < earliest
                ? "\"down_from\" is before the daemon's clock" : "\"down_from\" must not be before \"from\""
        }
        if down.upperBound >= to { return "\"down_until\" must be before \"to\" (the catch-up is sent then)" }
        return nil
    }

    /// The team's zone identifier (`UTC` without plans).
    public var zone: String { driver.planSet.teamZone?.identifier ?? "UTC" }

    /// The formatter of the plans.
    public var formatter: EventFormatter { driver.formatter }

    /// Runs the dry run, handing each entry sent in `[from, to)` to `body` (its instant and output, in order) until
    /// `body` returns false or the window ends.
    public func run(_ body: (_ at: Int64, _ output: DriverOutput) -> Bool) {
        // The steps below hand `body` on to the driver's non-escaping callbacks.
        withoutActuallyEscaping(body) { body in
            var driver = driver
            var going = true
            var clock = now
            func step(_ at: Int64, _ work: (inout SchedulerDriver, (DriverOutput) -> Void) -> Void) {
                work(&driver) { output in
                    if going && at >= from { going = body(at, output) }
                }
                clock = at
            }
            if fresh {
                // A start is followed by the timer's first expiry at the same instant (the daemon's first pruning).
                step(now) { d, emit in _ = d.start(now: now, emit: emit) }
                step(now) { d, emit in _ = d.expire(at: now, emit: emit) }
            }
            var restarted = down == nil
            while going {
                let wake = driver.nextWake.map { max($0, clock) }
                if !restarted, let down, wake ?? .max > down.lowerBound {
                    step(down.lowerBound) { d, emit in _ = d.finish(now: down.lowerBound, emit: emit) }
                    driver = driver.restarted(at: down.upperBound)
                    step(down.upperBound) { d, emit in _ = d.start(now: down.upperBound, emit: emit) }
                    step(down.upperBound) { d, emit in _ = d.expire(at: down.upperBound, emit: emit) }
                    restarted = true
                    continue
                }
                guard let wake, wake < to else { break }
                step(wake) { d, emit in _ = d.expire(at: wake, emit: emit) }
                // Each wake-up moves the next one on; a driver that did not would loop here for ever.
                guard (driver.nextWake ?? .max) > wake else { break }
            }
        }
    }

    /// The journal entry of `output` sent at `at`, as the daemon on an exact clock journals it.
    public func entry(_ output: DriverOutput, at: Int64) -> JournalEntry {
        Self.entry(output, at: at, formatter: driver.formatter)
    }

    /// The journal entry of `output` sent at `at` under `formatter` (the dry run's `formatter`), as the daemon on an
    /// exact clock journals it.
    public static func entry(_ output: DriverOutput, at: Int64, formatter: EventFormatter) -> JournalEntry {
        var entry = output.entry(formatter)
        if case .event(let event) = output {
            entry.fields.append(EventFormatter.lateness(event, nanoseconds: at * 1_000_000_000))
        }
        return entry
    }

    /// Up to `limit` entries after `cursor` (from the start without one), and the cursor of the next page when more
    /// follow. Only the page's entries are formatted.
    public func page(limit: Int, after cursor: SimulationCursor? = nil) -> SimulationPage {
        let formatter = driver.formatter
        var entries: [SimulatedEntry] = []
        var position = SimulationCursor(at: .min, count: 0)
        var last = cursor
        var more = false
        run { at, output in
            position = SimulationCursor(at: at, count: position.at == at ? position.count + 1 : 1)
            if let cursor, cursor.covers(at, index: position.count) { return true }
            guard entries.count < limit else {
                more = true
                return false
            }
            entries.append(SimulatedEntry(Self.entry(output, at: at, formatter: formatter), at: at))
            last = position
            return true
        }
        return SimulationPage(
            from: Instant(from), to: Instant(to), downFrom: down.map { Instant($0.lowerBound) },
            downUntil: down.map { Instant($0.upperBound) }, zone: zone, entries: entries,
            next: more ? last?.description : nil)
    }
}
