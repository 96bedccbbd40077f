/// The scheduler lease as a node holds it: the holder and its fencing token. Every renewal and every claim names
/// both, so a former leader (paused, partitioned) whose lease another node took can neither renew nor claim.
public struct LeaseGrant: Hashable, Sendable {
    /// The node holding the lease.
    public var holder: String
    /// The fencing token: one more at every acquisition of the lease, by any node.
    public var incarnation: Int64

    /// A grant.
    public init(holder: String, incarnation: Int64) {
        self.holder = holder
        self.incarnation = incarnation
    }
}
