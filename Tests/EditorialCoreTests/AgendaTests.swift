import Testing

@testable import EditorialCore

struct AgendaTests {
    static let instagram = """
        plan: instagram-2027-01
        kind: editorial
        channel: {id: instagram, network: instagram}
        timezone: Europe/Rome
        period: {from: 2027-01-01, until: 2027-02-28}
        renew-notice: P14D
        reminders: [P1D, PT1H, PT0S]
        slots:
          - id: tip-tuesday
            every: tuesday, friday 09:30
            title: Tip of the week
            prepare: {type: infographic, lead: P2D, owner: lucia}
            except: [2027-01-01]
        """

    /// A preparation is due even when daylight saving skips its occurrence; the window finds it although the
    /// skipped occurrence is only known by its local time, 10½ hours off UTC in Lord Howe
    /// (CALENDAR_INTEROP_SEED=1281800836905105216 found it).
    @Test func aSkippedOccurrencesPreparationIsInTheWindowThatHoldsItsDueTime() {
        let agenda = Agenda(
            planSet: Fixtures.planSet(
                """
                plan: lh
                kind: editorial
                channel: {id: ig, network: instagram}
                timezone: Australia/Lord_Howe
                period: {from: 2026-09-01, until: 2026-10-31}
                dst: {gap: skip}
                slots:
                  - id: s0
                    rrule: "FREQ=WEEKLY;BYDAY=SU"
                    time: "02:15"
                    title: Case study
                    prepare: {type: copy, lead: P1D}
                """))
        // 2026-10-04 02:15 does not exist in Lord Howe (02:00 → 02:30); its preparation is due on the 3rd at
        // 02:15 (+10:30), 2026-10-02T15:45Z.
        let items = agenda.items(from: Fixtures.utc("2026-10-02T12:00:00Z"), to: Fixtures.utc("2026-10-02T16:00:00Z"))
        #expect(items.map(\.id) == ["lh/s0@2026-10-04T02:15/prepare"])
        #expect(items.first?.due == Fixtures.utc("2026-10-02T15:45:00Z"))
    }

    @Test func expandsSlotsIntoOccurrencesWithStableIDs() {
        let agenda = Agenda(planSet: Fixtures.planSet(Self.instagram))
        let items = agenda.items(from: Fixtures.utc("2027-01-01T00:00:00Z"), to: Fixtures.utc("2027-01-09T00:00:00Z"))
        #expect(
            items.map(\.id) == [
                "instagram-2027-01/tip-tuesday@2027-01-05T09:30/prepare",
                "instagram-2027-01/tip-tuesday@2027-01-05T09:30",
                "instagram-2027-01/tip-tuesday@2027-01-08T09:30/prepare",
                "instagram-2027-01/tip-tuesday@2027-01-08T09:30",
            ])
        // 09:30 in Rome in January is 08:30 UTC.
        #expect(items[1].due == Fixtures.utc("2027-01-05T08:30:00Z"))
        #expect(items[1].offset == 3600)
        #expect(items[1].needs == ["instagram-2027-01/tip-tuesday@2027-01-05T09:30/prepare"])
        #expect(items[0].due == Fixtures.utc("2027-01-03T08:30:00Z"))
        #expect(items[0].owner == "lucia")
        #expect(items[0].type == "infographic")
    }

    @Test func idsSurviveAReloadWithTheSameSlot() {
        let window = (Fixtures.utc("2027-01-01T00:00:00Z"), Fixtures.utc("2027-02-01T00:00:00Z"))
        let before = Agenda(planSet: Fixtures.planSet(Self.instagram)).items(from: window.0, to: window.1).map(\.id)
        let edited = Self.instagram.replacingOccurrences(of: "Tip of the week", with: "Weekly tip")
            .replacingOccurrences(
                of: "period: {from: 2027-01-01, until: 2027-02-28}",
                with: "period: {from: 2027-01-01, until: 2027-03-31}")
        let after = Agenda(planSet: Fixtures.planSet(edited)).items(from: window.0, to: window.1).map(\.id)
        #expect(before == after)
        // Eight Tuesdays and Fridays in January (the 1st is excepted), their eight preparations, and the
        // preparation of Tuesday 2 February, due on 31 January.
        #expect(before.count == 17)
    }

    /// `visitItems` hands over the items of `items(from:to:)` in its order (posts tied with occurrences and
    /// preparations, ids on either side), for whole and narrow windows, and stops when told to.
    @Test func visitedItemsAreTheWindowsItemsInOrderAndStopWhenTold() {
        let posts = """

            posts:
              - {id: a, at: 2027-01-05T09:30}
              - {id: z, at: 2027-01-05T09:30}
              - {id: b, at: 2027-01-05T09:31}
              - {id: c, at: 2027-01-03T09:30}
            """
        let agenda = Agenda(planSet: Fixtures.planSet(Self.instagram + posts))
        let from = Fixtures.utc("2027-01-01T00:00:00Z")
        let to = Fixtures.utc("2027-01-09T00:00:00Z")
        let all = agenda.items(from: from, to: to)
        #expect(
            all.map(\.id) == [
                "instagram-2027-01/c", "instagram-2027-01/tip-tuesday@2027-01-05T09:30/prepare",
                "instagram-2027-01/a", "instagram-2027-01/tip-tuesday@2027-01-05T09:30", "instagram-2027-01/z",
                "instagram-2027-01/b", "instagram-2027-01/tip-tuesday@2027-01-08T09:30/prepare",
                "instagram-2027-01/tip-tuesday@2027-01-08T09:30",
            ])
        let slots = agenda.slotItems(from: from - 86_400, to: to + 86_400)
        let tuesday = Fixtures.utc("2027-01-05T08:30:00Z")
        for (a, b) in [(from, to), (tuesday, tuesday + 1), (tuesday, tuesday + 61), (tuesday + 1, to), (to, to + 1)] {
            var seen: [AgendaItem] = []
            agenda.visitItems(from: a, to: b, slotItems: slots) { item in
                seen.append(item)
                return true
            }
            #expect(seen == agenda.items(from: a, to: b), "\(a)..<\(b)")
        }
        var first: [String] = []
        agenda.visitItems(from: from, to: to, slotItems: slots) { item in
            first.append(item.id)
            return first.count < 3
        }
        #expect(first == all.prefix(3).map(\.id))
    }

    @Test func looksUpOccurrencesByID() throws {
        let agenda = Agenda(planSet: Fixtures.planSet(Self.instagram))
        let occurrence = try #require(agenda.item(id: "instagram-2027-01/tip-tuesday@2027-01-08T09:30"))
        #expect(occurrence.kind == .occurrence)
        let prep = try #require(agenda.item(id: "instagram-2027-01/tip-tuesday@2027-01-08T09:30/prepare"))
        #expect(prep.kind == .preparation)
        #expect(agenda.item(id: "instagram-2027-01/tip-tuesday@2027-01-07T09:30") == nil)  // a Thursday
        #expect(agenda.item(id: "instagram-2027-01/tip-tuesday@2027-01-01T09:30") == nil)  // excepted
        #expect(agenda.item(id: "nope/x") == nil)
    }

    @Test func remindersUseCalendarDaysAcrossDaylightSaving() throws {
        let set = Fixtures.planSet(
            """
            plan: acme
            kind: communication
            timezone: Europe/Rome
            period: {from: 2027-01-01, until: 2027-06-30}
            channels: [{id: blog, network: website}]
            posts: [{id: p, channel: blog, at: 2027-03-29T09:30, reminders: [P1D, PT1H, PT0S]}]
            """)
        let item = try #require(Agenda(planSet: set).fixedItems["acme/p"])
        // Monday 09:30 CEST = 07:30Z. One day before is Sunday 28 March 09:30 CEST (DST began at 02:00 that
        // morning) = 07:30Z on the 28th; an hour before is 06:30Z.
        #expect(
            item.reminders.map { "\($0.key) \(TimeText.utc($0.at))" } == [
                "acme/p!P1D 2027-03-28T07:30:00Z",
                "acme/p!PT1H 2027-03-29T06:30:00Z",
                "acme/p!PT0S 2027-03-29T07:30:00Z",
            ])
    }

    @Test func aPlanEndingWithNothingAfterItIsARenewalItem() throws {
        let set = Fixtures.planSet(Self.instagram)
        let agenda = Agenda(planSet: set)
        let renewal = try #require(agenda.fixedItems["instagram-2027-01/renewal"])
        #expect(renewal.kind == .renewal)
        #expect(renewal.due == Fixtures.utc("2027-02-28T23:00:00Z"))  // 1 March 00:00 in Rome
        #expect(renewal.leads == [NominalDuration(days: 14), .zero])
        let evaluator = StatusEvaluator(agenda: agenda, now: Fixtures.utc("2027-02-20T12:00:00Z"))
        #expect(evaluator.evaluate(renewal).status == .due)
        #expect(
            StatusEvaluator(agenda: agenda, now: Fixtures.utc("2027-02-01T12:00:00Z")).evaluate(renewal).status
                == .planned)

        let next = """
            plan: instagram-2027-03
            kind: editorial
            channel: instagram-2027-01/instagram
            timezone: Europe/Rome
            period: {from: 2027-03-01, until: 2027-04-30}
            """
        let followed = Agenda(planSet: Fixtures.planSet(Self.instagram, next))
        #expect(followed.fixedItems["instagram-2027-01/renewal"] == nil)
        #expect(followed.fixedItems["instagram-2027-03/renewal"] != nil)

        // The same page declared again by another plan still counts as the same channel.
        let redeclared = next.replacingOccurrences(
            of: "channel: instagram-2027-01/instagram", with: "channel: {id: instagram, network: instagram}")
        let stillFollowed = Agenda(planSet: Fixtures.planSet(Self.instagram, redeclared))
        #expect(stillFollowed.fixedItems["instagram-2027-01/renewal"] == nil)
    }

    /// The agenda of a 2027 plan in Europe/Rome with the `dst` line given and these post lines.
    private static func romeAgenda(_ dst: String, _ posts: [String]) -> Agenda {
        Agenda(
            planSet: Fixtures.planSet(
                """
                plan: acme
                kind: communication
                timezone: Europe/Rome
                period: {from: 2027-01-01, until: 2027-12-31}
                \(dst)
                channels: [{id: blog, network: website}]
                posts:
                """ + "\n" + posts.joined(separator: "\n")))
    }

    @Test func dstGapAndRepeatedHourFollowThePlanPolicy() throws {
        func posts(_ dst: String) -> Agenda {
            Self.romeAgenda(
                dst,
                [
                    "  - {id: gap, channel: blog, at: 2027-03-28T02:30}",
                    "  - {id: twice, channel: blog, at: 2027-10-31T02:30}",
                ])
        }
        let shifted = posts("")
        #expect(shifted.fixedItems["acme/gap"]?.due == Fixtures.utc("2027-03-28T01:30:00Z"))  // 03:30 CEST
        #expect(shifted.fixedItems["acme/gap"]?.dst == .gapShifted(by: 3600))
        #expect(shifted.fixedItems["acme/twice"]?.due == Fixtures.utc("2027-10-31T00:30:00Z"))  // first, CEST
        let skipping = posts("dst: {gap: skip, repeated: last}")
        #expect(skipping.fixedItems["acme/gap"]?.due == nil)
        #expect(skipping.fixedItems["acme/twice"]?.due == Fixtures.utc("2027-10-31T01:30:00Z"))  // last, CET
        let all = skipping.items(from: Fixtures.utc("2027-01-01T00:00:00Z"), to: Fixtures.utc("2028-01-01T00:00:00Z"))
        #expect(all.map(\.id) == ["acme/twice"])
    }

    /// Asked for the items that need others, the agenda gives exactly those (posts, content and slot occurrences
    /// alike), in the same order as a filter of all items, without building the rest.
    @Test func itemsNeedingOthersAreThoseOfAllItemsThatNeedOthers() {
        let agenda = Agenda(
            planSet: Fixtures.planSet(
                """
                plan: acme
                kind: communication
                timezone: UTC
                period: {from: 2027-01-01, until: 2027-03-31}
                channels: [{id: blog, network: website}]
                content:
                  - {id: video, type: video, due: 2027-01-10T09:00}
                  - {id: copy, type: copy, due: 2027-01-11T09:00, needs: [video]}
                posts:
                  - {id: a, channel: blog, at: 2027-01-12T09:00, needs: [copy]}
                  - {id: b, channel: blog, at: 2027-01-12T09:00}
                  - {id: c, channel: blog, at: 2027-01-13T10:00, needs: [video, copy]}
                  - {id: d, channel: blog, at: 2027-01-14T10:00}
                """,
                """
                plan: weekly
                kind: editorial
                channel: {id: insta, network: instagram}
                timezone: UTC
                period: {from: 2027-01-01, until: 2027-01-31}
                slots:
                  - {id: tip, every: "tuesday 09:30", title: Tip, needs: [acme/video]}
                  - {id: plain, every: "friday 09:30", title: Plain}
                """))
        let (from, to) = (Fixtures.utc("2027-01-01T00:00:00Z"), Fixtures.utc("2027-02-01T00:00:00Z"))
        let all = agenda.items(from: from, to: to).filter { !$0.needs.isEmpty }.map(\.id)
        #expect(all.contains("acme/a") && all.contains("acme/copy") && all.contains { $0.hasPrefix("weekly/tip@") })
        #expect(agenda.items(from: from, to: to, needingOthers: true).map(\.id) == all)
        #expect(
            agenda.items(from: from, to: from + 86_400, fixedUntil: to, needingOthers: true).map(\.id)
                == agenda.items(from: from, to: from + 86_400, fixedUntil: to).filter { !$0.needs.isEmpty }.map(\.id))
    }

    /// The time line resolves most posts through the spans of one offset it has met: every due time on it is the
    /// one the zone gives the post (gap and repeated hour included, whatever came before), for each policy.
    @Test func theTimeLinesDueTimesAreTheZonesAcrossItsTransitions() throws {
        let seed = UInt64.random(in: 0...UInt64.max)
        print("AgendaTests.theTimeLinesDueTimesAreTheZonesAcrossItsTransitions seed \(seed)")
        var rng = SplitMix64(state: seed)
        let special = [
            "2027-03-28T02:30", "2027-03-28T02:00", "2027-03-28T03:00", "2027-10-31T02:30",
            "2027-10-31T02:00", "2027-10-31T03:00", "2027-10-31T01:59", "2027-03-28T01:59",
        ]
        var times = special
        for _ in 0..<300 {
            let t = LocalDateTime(secondsSinceEpochAsUTC: Int64.random(in: 1_798_761_600...1_830_297_599, using: &rng))
            times.append(t.shortDescription)
        }
        times.shuffle(using: &rng)
        let posts = times.enumerated().map { "  - {id: p\($0.offset), channel: blog, at: \($0.element)}" }
        for dst in ["", "dst: {gap: skip, repeated: last}"] {
            let agenda = Self.romeAgenda(dst, posts)
            let range = agenda.fixedRange(from: Int64.min / 2, to: Int64.max / 2)
            // Skipping drops the posts in the gap (02:00 and 02:30 among them), and no other.
            let resolvable = times.indices.count { agenda.fixedItems["acme/p\($0)"]?.due != nil }
            #expect(dst.isEmpty ? resolvable == times.count : resolvable <= times.count - 2, "seed \(seed)")
            #expect(range.count == resolvable, "seed \(seed)")
            for position in range {
                let item = agenda.fixedItem(at: position)
                #expect(agenda.fixedDue(at: position) == item.due, "\(item.id) at \(item.local), seed \(seed)")
            }
        }
    }

    /// One-off items are built from their plans when asked for: the time line is in (due, qualified id) order
    /// across plans, also where one plan's name is a prefix of another's ("acme/x" sorts after "acme-2/x": '/' is
    /// after '-'), and every look-up gives the same item as the time line.
    @Test func oneOffItemsAreInDueAndQualifiedIDOrderAcrossPlans() throws {
        func plan(_ name: String, _ posts: String) -> String {
            """
            plan: \(name)
            kind: communication
            timezone: UTC
            period: {from: 2027-01-01, until: 2027-06-30}
            channels: [{id: blog, network: website}]
            content: [{id: copy, type: copy, due: 2027-03-01T09:00}]
            posts: [\(posts)]
            """
        }
        let set = Fixtures.planSet(
            plan("acme", "{id: b, channel: blog, at: 2027-03-01T09:00}, {id: a, channel: blog, at: 2027-03-01T09:00}"),
            plan("acme-2", "{id: z, channel: blog, at: 2027-03-01T09:00, needs: [acme/copy]}"),
            plan("ab", "{id: y, channel: blog, at: 2027-02-01T09:00}"))
        #expect(!set.hasErrors)
        let agenda = Agenda(planSet: set)
        let window = agenda.fixedItems(from: .min, to: .max)
        let ids = window.map(\.id)
        #expect(
            ids == [
                "ab/y", "ab/copy", "acme-2/copy", "acme-2/z", "acme/a", "acme/b", "acme/copy",
            ])
        #expect(ids == ids.sorted { (agenda.fixedItems[$0]!.due!, $0) < (agenda.fixedItems[$1]!.due!, $1) })
        #expect(agenda.fixedItems.count == 7 && Set(agenda.fixedItems.ids) == Set(ids))
        for item in window { #expect(agenda.fixedItems[item.id] == item) }
        #expect(window.indices.map { window.due(at: $0) } == window.map(\.due!))
        #expect(agenda.fixedDependents == ["acme/copy": ["acme-2/z"]])
        let post = try #require(agenda.fixedItems["acme-2/z"])
        #expect(post.kind == .post && post.channel == "acme-2/blog" && post.needs == ["acme/copy"])
        #expect(agenda.fixedItems["acme/nothing"] == nil && !agenda.fixedItems.contains("acme/nothing"))
        #expect(agenda.lastFixedDue == Fixtures.utc("2027-03-01T09:00:00Z"))
        #expect(
            agenda.fixedItems(from: Fixtures.utc("2027-02-01T09:00:01Z"), to: Fixtures.utc("2027-03-01T09:00:00Z"))
                .isEmpty)
    }

    /// In a set with errors, an id declared twice names the first declaration (the plan set's index), once, and an
    /// item called `renewal` yields to the plan's renewal.
    @Test func aDuplicateIDNamesItsFirstDeclarationOnce() throws {
        let set = Fixtures.planSet(
            """
            plan: acme
            kind: communication
            timezone: UTC
            period: {from: 2027-01-01, until: 2027-06-30}
            channels: [{id: blog, network: website}]
            posts:
              - {id: p, channel: blog, at: 2027-03-01T09:00, title: First}
              - {id: p, channel: blog, at: 2027-02-01T09:00, title: Second}
            """,
            """
            plan: ig
            kind: editorial
            channel: {id: instagram, network: instagram}
            timezone: UTC
            period: {from: 2027-01-01, until: 2027-02-28}
            posts: [{id: renewal, at: 2027-01-10T09:00}]
            """)
        #expect(set.hasErrors && set.hasDuplicateItemIDs)
        let agenda = Agenda(planSet: set)
        #expect(agenda.fixedItems["acme/p"]?.title == "First")
        #expect(agenda.fixedItems["ig/renewal"]?.kind == .renewal)
        let ids = agenda.fixedItems(from: .min, to: .max).map(\.id)
        #expect(ids == ["ig/renewal", "acme/p"])  // the renewal is due at 00:00 on 1 March, the post at 09:00
        #expect(agenda.fixedItems.count == 2 && agenda.fixedItems.ids == ["acme/p", "ig/renewal"])
    }
}
