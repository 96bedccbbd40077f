import Testing

@testable import EditorialCore

/// What a reload changed: plans whose arrays are shared with the plans in force (unchanged files) are passed
/// over whole, and everything else is compared item by item.
struct PlanChangesTests {
    static func communication(_ name: String, _ posts: String) -> String {
        """
        plan: \(name)
        kind: communication
        timezone: Europe/Rome
        period: {from: 2027-01-01, until: 2027-06-30}
        channels: [{id: blog, network: blog}]
        posts:
        \(posts)
        """
    }

    static let base = PlanSet(
        sources: [
            PlanSource(
                path: "a.yaml",
                text: communication(
                    "a",
                    "  - {id: p1, channel: blog, at: 2027-01-05T09:00}\n  - {id: p2, channel: blog, at: 2027-01-06T09:00}"
                )
            ),
            PlanSource(
                path: "b.yaml", text: communication("b", "  - {id: q1, channel: blog, at: 2027-01-07T09:00, title: Q}")),
        ])

    /// The changes after `edit`, whether plan `a`'s posts are still the same storage, and the plans passed over.
    static func changes(_ edit: (inout [Plan]) -> Void) -> (PlanChanges, shared: Bool, passedOver: Set<String>) {
        var plans = base.plans
        edit(&plans)
        let set = PlanSet(plans: plans)
        let passedOver = PlanChanges.unchangedPlans(base, set)
        #expect(!set.hasErrors, "\(set.diagnostics)")
        let shared = set.plans[0].posts.sharesStorage(with: base.plans[0].posts)
        let replacement = PlanReplacement(
            planSet: set, replacing: Agenda(planSet: base), now: Fixtures.utc("2027-01-01T00:00:00Z"))
        return (replacement.changes, shared, passedOver)
    }

    @Test func anUnchangedPlanIsPassedOverAndTheOthersAreCompared() {
        let (c, shared, passedOver) = Self.changes { plans in
            plans[1].posts[0].at = LocalDateTime(year: 2027, month: 1, day: 8, hour: 9, minute: 0)
            var added = plans[1].posts[0]
            added.id = "q2"
            added.title = "New"
            plans[1].posts.append(added)
        }
        #expect(shared, "the untouched plan's posts must be the same storage for this test to mean anything")
        #expect(Self.base.plans[0].content.isEmpty, "a plan without content items (empty arrays) is passed over too")
        #expect(passedOver == ["a"])
        #expect(c.moved == ["b/q1"] && c.added == ["b/q2"] && c.removed.isEmpty && c.edited.isEmpty)
    }

    @Test func sharedPostsWithOtherLeadTimesOrAnotherZoneAreComparedAndFound() {
        let (leads, shared, passedOver) = Self.changes { plans in plans[0].reminders = [.zero] }
        #expect(shared)
        #expect(leads.edited == ["a/p1", "a/p2"] && leads.moved.isEmpty)
        #expect(passedOver == ["b"])
        let (zone, _, _) = Self.changes { plans in plans[0].zone = ZoneRules(identifier: "America/New_York")! }
        #expect(zone.moved == ["a/p1", "a/p2"])
    }

    @Test func aRemovedPlanAndARemovedPostAreRemoved() {
        let (c, _, _) = Self.changes { plans in
            plans[1].posts = []
            plans.remove(at: 0)
        }
        #expect(c.removed == ["a/p1", "a/p2", "b/q1"] && c.added.isEmpty)
    }

    @Test func plansParsedAgainFromTheSameTextAreComparedItemByItemAndNothingChanged() {
        let again = PlanSet(sources: [
            PlanSource(
                path: "a.yaml",
                text: Self.communication(
                    "a",
                    "  - {id: p1, channel: blog, at: 2027-01-05T09:00}\n  - {id: p2, channel: blog, at: 2027-01-06T09:00}"
                )),
            PlanSource(
                path: "b.yaml",
                text: Self.communication("b", "  - {id: q1, channel: blog, at: 2027-01-07T09:00, title: Other}")),
        ])
        let changes = PlanChanges.between(
            Agenda(planSet: Self.base), Agenda(planSet: again), from: 0, to: PlanChanges.horizon)
        #expect(changes.edited == ["b/q1"] && changes.added.isEmpty && changes.removed.isEmpty && changes.moved.isEmpty)
    }
}
