import EditorialCore
import Testing

/// Which node may lead by its plans: a live leader's plans rule; without one, the plans most live nodes run, a tie
/// going to the last leader's, then to the smallest hash.
struct LeaderElectionTests {
    func live(_ pairs: (String, String)...) -> [LeaderElection.Sighting] {
        pairs.map { LeaderElection.Sighting(node: $0.0, planHash: $0.1) }
    }

    @Test func aLiveLeadersPlansRule() {
        let nodes = live(("a", "new"), ("b", "new"), ("c", "old"))
        #expect(LeaderElection.clusterPlans(liveLeader: "old", lastLeader: "old", live: nodes) == "old")
    }

    @Test func withoutALeaderTheMostCommonPlansRule() {
        let nodes = live(("a", "new"), ("b", "new"), ("c", "old"))
        #expect(LeaderElection.clusterPlans(liveLeader: nil, lastLeader: "old", live: nodes) == "new")
        #expect(LeaderElection.mayLead(planHash: "new", lastLeader: "old", live: nodes))
        #expect(!LeaderElection.mayLead(planHash: "old", lastLeader: "old", live: nodes))
    }

    @Test func aTieGoesToTheLastLeaderThenToTheSmallestHash() {
        let tie = live(("a", "x"), ("b", "y"))
        #expect(LeaderElection.clusterPlans(liveLeader: nil, lastLeader: "y", live: tie) == "y")
        #expect(LeaderElection.clusterPlans(liveLeader: nil, lastLeader: "z", live: tie) == "x")
        #expect(LeaderElection.clusterPlans(liveLeader: nil, lastLeader: nil, live: tie) == "x")
    }

    @Test func aNodeAloneOrUnseenMayLead() {
        #expect(LeaderElection.clusterPlans(liveLeader: nil, lastLeader: nil, live: []) == nil)
        #expect(LeaderElection.mayLead(planHash: "p", lastLeader: nil, live: []))
        #expect(LeaderElection.mayLead(planHash: "p", lastLeader: "q", live: live(("a", "p"))))
    }
}
