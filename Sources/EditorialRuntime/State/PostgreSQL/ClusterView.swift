import EditorialCore

/// The cluster as the database sees it at one moment: the scheduler lease and the nodes alive.
public struct ClusterView: Sendable, Equatable {
    /// The node holding an unexpired lease, if any.
    public var leader: String?
    /// The lease's fencing token (the last one, even when expired).
    public var incarnation: Int64?
    /// The plan hash the lease's holder last published (kept after it expired: the last leader's).
    public var leaderPlanHash: String?
    /// Seconds since the lease was last renewed, on the database's clock.
    public var leaseAge: Double?
    /// Seconds until it expires (negative: expired), on the database's clock.
    public var expiresIn: Double?
    /// The nodes seen within the lease length, with their plans.
    public var live: [LeaderElection.Sighting]

    /// A view.
    public init(
        leader: String? = nil, incarnation: Int64? = nil, leaderPlanHash: String? = nil, leaseAge: Double? = nil,
        expiresIn: Double? = nil, live: [LeaderElection.Sighting] = []
    ) {
        self.leader = leader
        self.incarnation = incarnation
        self.leaderPlanHash = leaderPlanHash
        self.leaseAge = leaseAge
        self.expiresIn = expiresIn
        self.live = live
    }

    /// The plans the cluster runs on (`LeaderElection.clusterPlans`).
    public var clusterPlans: String? {
        LeaderElection.clusterPlans(
            liveLeader: leader == nil ? nil : leaderPlanHash, lastLeader: leaderPlanHash, live: live)
    }
}
