/// Who may take the scheduler lease of a cluster of daemons sharing one database, by the plans they run: the
/// cluster runs on one plan set, and a node with other plans never leads (it would fire what the others do not
/// know, or miss what they do). Pure: the database says who is alive and what each runs.
public enum LeaderElection {
    /// A node the database saw within the lease length, with the hash of the plans it runs.
    public struct Sighting: Hashable, Sendable {
        /// The node's name (`state: {node: …}`, else the host name).
        public var node: String
        /// Its plan set's hash (`PlanFingerprint`).
        public var planHash: String

        /// A sighting.
        public init(node: String, planHash: String) {
            self.node = node
            self.planHash = planHash
        }
    }

    /// The plan hash the cluster runs on: a live leader's; else the one most live nodes run, a tie going to the
    /// last leader's, then to the smallest hash (so that every node computes the same answer); nil without
    /// nodes. During a deployment the old and the new plans are both live: whichever most nodes run wins.
    public static func clusterPlans(liveLeader: String?, lastLeader: String?, live: [Sighting]) -> String? {
        if let liveLeader { return liveLeader }
        var counts: [String: Int] = [:]
        for sighting in live { counts[sighting.planHash, default: 0] += 1 }
        guard let most = counts.values.max() else { return lastLeader }
        let candidates = counts.filter { $0.value == most }.keys
        if let lastLeader, candidates.contains(lastLeader) { return lastLeader }
        return candidates.min()
    }

    /// Whether a node running `planHash` may take a lease that no live leader holds: only when its plans are
    /// the cluster's (`clusterPlans`). `live` includes the node itself.
    public static func mayLead(planHash: String, lastLeader: String?, live: [Sighting]) -> Bool {
        (clusterPlans(liveLeader: nil, lastLeader: lastLeader, live: live) ?? planHash) == planHash
    }
}
