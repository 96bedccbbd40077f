/// Which instant to use for a local time that happens twice during a fall-back transition.
public enum DSTRepeatPolicy: String, Sendable, Hashable {
    /// The earlier UTC instant (still on the offset in force before the transition).
    case first
    /// The later UTC instant (on the offset in force after the transition).
    case last
}
