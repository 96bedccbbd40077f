/// How local times that do not map to exactly one UTC instant are resolved.
public struct DSTPolicy: Sendable, Hashable {
    /// Handling of local times in a spring-forward gap.
    public var gap: DSTGapPolicy
    /// Handling of local times repeated by a fall-back transition.
    public var repeated: DSTRepeatPolicy

    /// Creates a policy.
    public init(gap: DSTGapPolicy, repeated: DSTRepeatPolicy) {
        self.gap = gap
        self.repeated = repeated
    }

    /// Shift gap times forward; take the first of repeated times (what most calendar software does).
    public static let `default` = DSTPolicy(gap: .shiftForward, repeated: .first)
}
