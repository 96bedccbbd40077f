import EditorialCore

/// The deliveries of one scheduler step, worked out one event at a time as the store inserts them, so that a burst
/// of 100,000 entries is never routed into memory all at once; counts what it produced. Used on the daemon's queue.
final class Deliveries: Sequence {
    /// The step's events.
    let events: [SchedulerEvent]
    /// The digests sent in the step.
    let digests: [DeliveryEvent]
    /// An event's deliveries; nil when nothing is routed.
    let make: ((SchedulerEvent) -> [OutboxEntry])?
    /// A digest's deliveries.
    let route: (DeliveryEvent) -> [OutboxEntry]
    /// How many deliveries iterating produced.
    private(set) var queued = 0

    /// The deliveries of `events` and `digests`.
    init(
        events: [SchedulerEvent], digests: [DeliveryEvent], make: ((SchedulerEvent) -> [OutboxEntry])?,
        route: @escaping (DeliveryEvent) -> [OutboxEntry] = { _ in [] }
    ) {
        self.events = events
        self.digests = digests
        self.make = make
        self.route = route
    }

    /// The deliveries of `events` (and `digests`) under `router`, each entry formatted again by `formatter` when its
    /// turn comes: keeping every entry of a burst for routing would cost more than re-formatting it.
    static func of(
        _ events: [SchedulerEvent], digests: [DeliveryEvent] = [], formatter: EventFormatter, router: DeliveryRouter,
        now: Int64
    ) -> Deliveries {
        guard !router.isEmpty, !events.isEmpty || !digests.isEmpty else {
            return Deliveries(events: [], digests: [], make: nil)
        }
        return Deliveries(
            events: events, digests: digests,
            make: { router.entries(for: formatter.deliveryEvent($0, entry: formatter.entry($0)), now: now) },
            route: { router.entries(for: $0, now: now) })
    }

    /// Walks the events, then the digests.
    func makeIterator() -> Iterator { Iterator(self) }

    /// The walk.
    struct Iterator: IteratorProtocol {
        private let owner: Deliveries
        private var event = 0
        private var digest = 0
        private var pending: [OutboxEntry] = []

        init(_ owner: Deliveries) { self.owner = owner }

        /// The next delivery.
        mutating func next() -> OutboxEntry? {
            guard let make = owner.make else { return nil }
            while pending.isEmpty {
                if event < owner.events.count {
                    pending = make(owner.events[event]).reversed()
                    event += 1
                } else if digest < owner.digests.count {
                    pending = owner.route(owner.digests[digest]).reversed()
                    digest += 1
                } else {
                    return nil
                }
            }
            owner.queued += 1
            return pending.removeLast()
        }
    }
}
