/// Whom one event's delivery on a route is for.
public enum RouteAudience: String, Hashable, Sendable, CaseIterable {
    /// One delivery per event (a team channel, a ticketing hook): the default.
    case everyone
    /// One delivery per owner the event concerns who lists the route in their `routes:` (their own e-mail,
    /// their own chat); owners unknown to `people:` get nothing.
    case owners
}
