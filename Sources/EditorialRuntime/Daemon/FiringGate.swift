import EditorialCore

/// What a daemon sharing its database asks before it sends anything (`ClusterMember`): whether it leads, and a
/// claim on each stage. Without a gate (one daemon on its own state) everything due is sent.
protocol FiringGate: AnyObject, Sendable {
    /// Whether this node holds the scheduler lease now, by its own monotonic clock (which runs no faster than the
    /// database's: it counts from before each renewal was sent): checked right before entries go out.
    var mayFire: Bool { get }
    /// Claims `records` before they are sent: the keys this node may send, or nil when it may send none (the lease
    /// is lost, the database out of reach). With `again`, the records are stages a former leader claimed and never
    /// recorded sent: they are taken over, not refused as recorded already.
    func claim(_ records: [FiredRecord], again: Bool) -> Set<String>?
    /// The loop could not claim or record a step: it stops firing, and the lease is given up to whoever can.
    func stepDown(_ reason: String)
}
