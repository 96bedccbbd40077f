/// One delivery route from the daemon config: which events it takes (kinds, channels, plans, owners, a minimum
/// priority) and the one target it sends them to. An empty filter matches everything.
public struct Route: Hashable, Sendable {
    /// The route's name (people list it in `routes:`; outbox rows and idempotency keys carry it).
    public var name: String
    /// Event kinds (`DeliveryEvent.kinds`); empty: all.
    public var events: Set<String>
    /// Channels by network (`linkedin`) or id (`acme-2027/linkedin`, `linkedin-main`); empty: any, or none.
    public var channels: Set<String>
    /// Plan names; empty: any.
    public var plans: Set<String>
    /// Owner ids: the event must concern one of them; empty: any.
    public var owners: Set<String>
    /// The least severe journal priority taken (syslog number: 4 warning takes overdue and blocked only).
    public var minimumPriority: Int
    /// Whom each delivery is for.
    public var audience: RouteAudience
    /// Where it goes.
    public var target: RouteTarget

    /// A route.
    public init(
        name: String, events: Set<String> = [], channels: Set<String> = [], plans: Set<String> = [],
        owners: Set<String> = [], minimumPriority: Int = 7, audience: RouteAudience = .everyone, target: RouteTarget
    ) {
        self.name = name
        self.events = events
        self.channels = channels
        self.plans = plans
        self.owners = owners
        self.minimumPriority = minimumPriority
        self.audience = audience
        self.target = target
    }

    /// Whether the route takes `event` (its audience aside). A digest has no channel or plan, so a route that
    /// filters on either never takes one.
    public func matches(_ event: DeliveryEvent) -> Bool {
        guard events.isEmpty || events.contains(event.kind), event.priority <= minimumPriority else { return false }
        if !plans.isEmpty {
            guard let plan = event.plan, plans.contains(plan) else { return false }
        }
        if !channels.isEmpty {
            let names = [event.channel, event.channelID, event.channelID.map(Self.unqualified)].compactMap { $0 }
            guard names.contains(where: channels.contains) else { return false }
        }
        if !owners.isEmpty {
            guard event.owners.contains(where: owners.contains) else { return false }
        }
        return true
    }

    private static func unqualified(_ id: String) -> String {
        id.split(separator: "/").last.map(String.init) ?? id
    }
}
