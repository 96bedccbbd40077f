import Testing

@testable import EditorialCore

struct PlanSetTests {
    static let header = """
        kind: communication
        timezone: Europe/Rome
        period: {from: 2027-01-01, until: 2027-06-30}
        """

    @Test func resolvesReferencesAcrossPlans() {
        let set = Fixtures.planSet(
            "plan: one\n" + Self.header + "\ncontent: [{id: video, type: video, due: 2027-02-01T10:00}]",
            "plan: two\n" + Self.header
                + "\nchannels: [{id: yt, network: youtube}]\n"
                + "posts: [{id: p, channel: yt, at: 2027-02-02T10:00, needs: [video, one/video]}]")
        #expect(set.diagnostics.isEmpty, "\(Fixtures.lines(set.diagnostics))")
        #expect(set.plans[1].posts[0].needs.map(\.target) == ["one/video", "one/video"])
    }

    @Test func reportsUnknownAndAmbiguousReferences() {
        let set = Fixtures.planSet(
            "plan: one\n" + Self.header + "\ncontent: [{id: video, type: video, due: 2027-02-01T10:00}]",
            "plan: two\n" + Self.header + "\ncontent: [{id: video, type: video, due: 2027-02-01T10:00}]",
            "plan: three\n" + Self.header
                + "\ncontent: [{id: c, type: copy, due: 2027-02-01T10:00, needs: [video, vidoe, four/x]}]")
        #expect(
            Fixtures.lines(set.diagnostics) == [
                "c.yaml:5:62: error: item 'video' is ambiguous: write one of 'one/video', 'two/video'",
                "c.yaml:5:69: error: unknown item 'vidoe'; did you mean 'video'?",
                "c.yaml:5:76: error: unknown item 'four/x'",
            ])
    }

    /// The item index answers by qualified id from one index per plan: content, posts and slots, the first of a
    /// duplicate id, nothing for an unknown plan, a bare id or a channel.
    @Test func theItemIndexFindsItemsByQualifiedID() {
        let set = Fixtures.planSet(
            "plan: one\n" + Self.header
                + "\ncontent: [{id: video, type: video, due: 2027-02-01T10:00}]"
                + "\nchannels: [{id: blog, network: blog}]"
                + "\nposts: [{id: p, channel: blog, at: 2027-02-02T10:00}, {id: p, channel: blog, at: 2027-02-03T10:00}]",
            "plan: one-2\n" + Self.header + "\nposts: [{id: video, channel: one/blog, at: 2027-02-02T10:00}]")
        let items = set.items
        #expect(items["one/video"] == .content(plan: 0, index: 0))
        #expect(items["one/p"] == .post(plan: 0, index: 0))
        #expect(items["one-2/video"] == .post(plan: 1, index: 0))
        #expect(items[plan: 1, "video"] == .post(plan: 1, index: 0))
        #expect(items["two/video"] == nil && items["video"] == nil && items["one/blog"] == nil && items["one/"] == nil)
        #expect(items.count == 3 && items.slotCount == 0 && set.hasDuplicateItemIDs)
        #expect(items.all.map(\.id).sorted() == ["one-2/video", "one/p", "one/video"])
        #expect(
            items.duplicates.map { "\($0.id) \($0.location) \($0.first)" } == [
                "p post(plan: 0, index: 1) post(plan: 0, index: 0)"
            ])
    }

    /// What a plan's references resolved to is reused for its other references, never an error: every post on an
    /// unknown channel is reported at its own position, every post on a known one gets the target, in each plan.
    /// A set built from plans whose items are still those of the set in force takes their index from it (a reload
    /// indexes only what changed): it finds the same items; a plan changed since, moved in the set, or with an id
    /// declared twice is indexed anew, and its duplicate still reported.
    @Test func aReloadsSetReusesTheIndexOfUnchangedPlansAndIndexesTheRest() {
        let one = "plan: one\n" + Self.header + "\ncontent: [{id: video, type: video, due: 2027-02-01T10:00}]"
        let two =
            "plan: two\n" + Self.header + "\nchannels: [{id: yt, network: youtube}]\n"
            + "posts: [{id: p, channel: yt, at: 2027-02-02T10:00}, {id: q, channel: yt, at: 2027-02-03T10:00}]"
        let three =
            "plan: three\n" + Self.header + "\nchannels: [{id: yt, network: youtube}]\n"
            + "posts: [{id: d, channel: yt, at: 2027-02-02T10:00}, {id: d, channel: yt, at: 2027-02-03T10:00}]"
        let before = Fixtures.planSet(one, two, three)
        #expect(before.diagnostics.count == 1)
        // The same plans, the first one edited (a post added), and the order of the others swapped.
        let edited = Fixtures.planSet(
            one.replacingOccurrences(
                of: "content: [", with: "content: [{id: extra, type: copy, due: 2027-02-01T09:00}, "))
        var plans = [edited.plans[0], before.plans[2], before.plans[1]]
        plans[2].title = "renamed"
        let after = PlanSet(plans: plans, reusing: before)
        for id in ["one/extra", "one/video", "two/p", "two/q", "three/d"] {
            let expected = after.plans.firstIndex { id.hasPrefix($0.name + "/") }
            #expect(after.items[id]?.plan == expected, "\(id)")
        }
        #expect(after.items["two/q"] == .post(plan: 2, index: 1))
        #expect(after.items["one/extra"] == .content(plan: 0, index: 0))
        #expect(after.items["one/video"] == .content(plan: 0, index: 1))
        #expect(after.items["three/d"] == .post(plan: 1, index: 0))
        #expect(after.items.count == 5 && after.items.duplicates.count == 1)
        #expect(Fixtures.lines(after.diagnostics).contains { $0.contains("id 'd' is already used in plan 'three'") })
    }

    @Test func everyReferenceIsResolvedOrReportedWhereItIsWritten() {
        let posts =
            (1...3).map { "{id: p\($0), channel: blog, at: 2027-02-0\($0)T10:00, needs: [copy]}" }
            + (4...5).map { "{id: p\($0), channel: blgo, at: 2027-02-0\($0)T10:00}" }
        let set = Fixtures.planSet(
            "plan: one\n" + Self.header + "\nchannels: [{id: blog, network: blog}]"
                + "\ncontent: [{id: copy, type: copy, due: 2027-02-01T09:00}]"
                + "\nposts: [" + posts.joined(separator: ", ") + "]",
            "plan: two\n" + Self.header + "\nchannels: [{id: blog, network: blog}]"
                + "\nposts: [{id: q, channel: blog, at: 2027-02-01T10:00, needs: [copy]}]")
        #expect(set.plans[0].posts.map { $0.channel?.target } == ["one/blog", "one/blog", "one/blog", nil, nil])
        #expect(set.plans[0].posts.map { $0.needs.first?.target } == ["one/copy", "one/copy", "one/copy", nil, nil])
        // The posts without needs are kept compact: their channel name was resolved once for both.
        #expect(set.plans[0].posts.wholeCount == 3)
        #expect(set.plans[1].posts.map { $0.channel?.target } == ["two/blog"])
        #expect(set.plans[1].posts.map { $0.needs.first?.target } == ["one/copy"])
        #expect(
            set.diagnostics.map(\.message)
                == Array(
                    repeating: "unknown channel 'blgo'; did you mean 'blog'?", count: 2))
        #expect(Set(set.diagnostics.map(\.location.column)).count == 2)
    }

    @Test func reportsDuplicateIdsAndPlans() {
        let set = Fixtures.planSet(
            "plan: one\n" + Self.header
                + "\ncontent:\n  - {id: x, type: copy, due: 2027-02-01T10:00}\n  - {id: x, type: copy, due: 2027-02-01T10:00}",
            "plan: one\n" + Self.header)
        #expect(
            Fixtures.lines(set.diagnostics) == [
                "a.yaml:7:5: error: id 'x' is already used in plan 'one' at a.yaml:6:5",
                "b.yaml:1:1: error: plan 'one' is already defined at a.yaml:1:1",
            ])
    }

    @Test func reportsCyclesWithTheirPath() {
        let set = Fixtures.planSet(
            "plan: one\n" + Self.header
                + """

                content:
                  - {id: a, type: copy, due: 2027-02-01T10:00, needs: [b]}
                  - {id: b, type: copy, due: 2027-02-01T10:00, needs: [c]}
                  - {id: c, type: copy, due: 2027-02-01T10:00, needs: [a]}
                  - {id: d, type: copy, due: 2027-02-01T10:00, needs: [d]}
                """)
        #expect(
            Fixtures.lines(set.diagnostics) == [
                "a.yaml:8:56: error: dependency cycle: one/a → one/b → one/c → one/a; nothing in it can ever be done",
                "a.yaml:9:56: error: dependency cycle: one/d → one/d; nothing in it can ever be done",
            ])
        #expect(set.hasErrors)
    }

    @Test func aNeedMustNotNameASlot() {
        let set = Fixtures.planSet(
            """
            plan: ig
            kind: editorial
            channel: {id: instagram, network: instagram}
            timezone: Europe/Rome
            period: {from: 2027-01-01, until: 2027-02-28}
            slots: [{id: s, every: monday 09:00}]
            posts: [{id: p, at: 2027-01-05T10:00, needs: [s]}]
            """)
        #expect(set.diagnostics.map(\.code) == [.invalidValue])
        #expect(set.diagnostics.first?.message.contains("recurring slot") == true)
    }

    @Test func anEditorialPlanMayNameABareNetworkAsItsChannel() throws {
        let set = Fixtures.planSet(
            """
            plan: instagram-2027-01
            kind: editorial
            channel: instagram
            timezone: Europe/Rome
            period: {from: 2027-01-01, until: 2027-02-28}
            slots:
              - {id: tip, every: tuesday 09:30, prepare: {type: infographic, lead: P2D}}
            """)
        #expect(set.diagnostics.isEmpty, "\(Fixtures.lines(set.diagnostics))")
        #expect(set.plans[0].channel?.target == "instagram-2027-01/instagram")
        #expect(set.channel("instagram-2027-01/instagram")?.network == "instagram")
        // A declared channel of that name wins over the implicit one.
        let declared = Fixtures.planSet(
            "plan: acme\n" + Self.header + "\nchannels: [{id: instagram, network: instagram, handle: \"@acme\"}]",
            """
            plan: ig
            kind: editorial
            channel: instagram
            timezone: Europe/Rome
            period: {from: 2027-01-01, until: 2027-02-28}
            """)
        #expect(declared.diagnostics.isEmpty, "\(Fixtures.lines(declared.diagnostics))")
        #expect(declared.plans[1].channel?.target == "acme/instagram")
        // A name that is no network and no channel stays an error.
        let unknown = Fixtures.planSet(
            "plan: ig\nkind: editorial\nchannel: instagarm\ntimezone: UTC\nperiod: {from: 2027-01-01, until: 2027-01-31}\n"
        )
        #expect(Fixtures.lines(unknown.diagnostics) == ["a.yaml:3:10: error: unknown channel 'instagarm'"])
    }
}
