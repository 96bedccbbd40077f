/// Decides what an event queues: for each route that matches, one outbox entry for the route's whole audience,
/// or one per owner who wants the route. Digests go only to the routes their person lists.
public struct DeliveryRouter: Sendable {
    /// The routes, in config order.
    public var routes: [Route]
    /// The people the plans declare.
    public var people: [String: Person]

    /// A router.
    public init(routes: [Route], people: [String: Person]) {
        self.routes = routes
        self.people = people
    }

    /// Whether any route exists (nothing to queue otherwise).
    public var isEmpty: Bool { routes.isEmpty }

    /// Whether one of the routes `person` lists takes digests (else their digest is not worked out at all).
    public func wantsDigests(_ person: Person) -> Bool {
        guard person.digest != nil else { return false }
        return routes.contains { r in
            person.routes.contains(r.name) && (r.events.isEmpty || r.events.contains("digest")) && r.channels.isEmpty
                && r.plans.isEmpty && r.minimumPriority >= 5
        }
    }

    /// The entries `event` queues at `now`, in route order.
    public func entries(for event: DeliveryEvent, now: Int64) -> [OutboxEntry] {
        var entries: [OutboxEntry] = []
        for route in routes where route.matches(event) {
            if event.kind == "digest" || route.audience == .owners {
                var seen: Set<String> = []
                for owner in event.owners where seen.insert(owner).inserted {
                    guard let person = people[owner], person.routes.contains(route.name) else { continue }
                    entries.append(entry(event, route, recipient: DeliveryRecipient(person), now: now))
                }
            } else {
                entries.append(entry(event, route, recipient: nil, now: now))
            }
        }
        return entries
    }

    private func entry(_ event: DeliveryEvent, _ route: Route, recipient: DeliveryRecipient?, now: Int64)
        -> OutboxEntry
    {
        let who = recipient?.id ?? ""
        return OutboxEntry(
            key: OutboxEntry.idempotencyKey(reminderKey: event.key, at: event.at, route: route.name, recipient: who),
            route: route.name, target: route.target.kind, recipient: who, item: event.item, event: event.kind,
            reminderKey: event.key, eventAt: event.at, queued: now, nextAttempt: now,
            payload: OutboxPayload(event: event, recipient: recipient).json)
    }
}
