extension StatusReply {
    /// A daemon sharing its database with others: its role, the leader and the lease, its plans against the
    /// cluster's, and whether its answers are live.
    public struct Cluster: Codable, Hashable, Sendable {
        /// This node's name.
        public var node: String
        /// `leader` (it holds the lease and fires) or `follower`.
        public var role: String
        /// The node holding the lease, as last read (`null`: none, or not known).
        @ExplicitNull public var leader: String?
        /// The lease's fencing token, as last read.
        @ExplicitNull public var incarnation: Int64?
        /// Seconds since the lease was last renewed (on the database's clock, plus the time since it was read).
        @ExplicitNull public var leaseAgeSeconds: Double?
        /// The lease length configured (`state: lease:`).
        public var leaseSeconds: Int64
        /// The hash of this node's plans.
        public var planHash: String
        /// The hash of the plans the cluster runs on (`null`: not known yet).
        @ExplicitNull public var clusterPlanHash: String?
        /// Whether this node runs the cluster's plans (a node that does not never takes the lease).
        public var plansMatch: Bool
        /// `reachable` or `unreachable`.
        public var database: String
        /// While the database is out of reach: since when the answers come from the last snapshot.
        @ExplicitNull public var staleSince: Instant?

        /// The member names of the protocol.
        enum CodingKeys: String, CodingKey {
            case node, role, leader, incarnation
            case leaseAgeSeconds = "lease_age_seconds"
            case leaseSeconds = "lease_seconds"
            case planHash = "plan_hash"
            case clusterPlanHash = "cluster_plan_hash"
            case plansMatch = "plans_match"
            case database
            case staleSince = "stale_since"
        }

        /// Creates the member.
        public init(
            node: String, role: String, leader: String?, incarnation: Int64?, leaseAgeSeconds: Double?,
            leaseSeconds: Int64, planHash: String, clusterPlanHash: String?, plansMatch: Bool, database: String,
            staleSince: Instant?
        ) {
            self.node = node
            self.role = role
            self.leader = leader
            self.incarnation = incarnation
            self.leaseAgeSeconds = leaseAgeSeconds
            self.leaseSeconds = leaseSeconds
            self.planHash = planHash
            self.clusterPlanHash = clusterPlanHash
            self.plansMatch = plansMatch
            self.database = database
            self.staleSince = staleSince
        }
    }
}
