import Testing

@testable import EditorialCore

struct PlanCheckerTests {
    func warnings(_ texts: String...) -> [Diagnostic] {
        let set = PlanSet(
            sources: texts.enumerated().map { PlanSource(path: "\(["a", "b", "c"][$0]).yaml", text: $1) })
        #expect(!set.hasErrors, "\(Fixtures.lines(set.diagnostics))")
        return PlanChecker(planSet: set).warnings()
    }

    static func communication(_ channels: String, _ rest: String = "") -> String {
        """
        plan: acme
        kind: communication
        timezone: Europe/Rome
        period: {from: 2027-01-01, until: 2027-06-30}
        channels:
        \(channels)
        \(rest)
        """
    }

    @Test func moreThanFourActiveSocialChannels() {
        let five = Self.communication(
            """
              - {id: fb, network: facebook}
              - {id: li, network: linkedin}
              - {id: ig, network: instagram}
              - {id: x, network: x}
              - {id: pin, network: pinterest}
              - {id: blog, network: blog}
            """)
        let w = warnings(five)
        #expect(w.map(\.code) == [.tooManyChannels])
        #expect(w.first?.location == SourceLocation(file: "a.yaml", line: 10, column: 5))  // the fifth
        #expect(w.first?.message.hasPrefix("5 active social channels at once") == true)
        let four = five.replacingOccurrences(
            of: "{id: pin, network: pinterest}", with: "{id: pin, network: pinterest, active: false}")
        #expect(warnings(four).isEmpty)
    }

    @Test func presenceRulesOfTheThreeKindsOfNetwork() {
        let w = warnings(
            Self.communication(
                """
                  - {id: fb, network: facebook, presence: personal-profile}
                  - {id: tt, network: tiktok}
                  - {id: tt2, network: tiktok, presence: personal-profile}
                  - {id: yt, network: youtube, presence: personal-profile}
                  - {id: friendster, network: friendster}
                """))
        #expect(
            w.map { "\($0.location.line):\($0.location.column) \($0.code.rawValue)" } == [
                "6:43 personal-profile-for-company",
                "7:5 no-company-profiles",
                "10:31 unknown-network",
            ])
    }

    @Test func videoNetworkWithoutVideoProduction() {
        let base = Self.communication(
            "  - {id: yt, network: youtube}",
            """
            content: [{id: script, type: copy, due: 2027-02-01T10:00}]
            posts: [{id: ep1, channel: yt, at: 2027-02-03T18:00, needs: [script]}]
            """)
        let w = warnings(base)
        #expect(w.map(\.code) == [.noVideoProduction])
        #expect(w.first?.location.line == 6)
        let withVideo = base.replacingOccurrences(of: "type: copy", with: "type: video")
        #expect(warnings(withVideo).isEmpty)
    }

    @Test func slotsWithNothingProducedAndVideoSlots() {
        let editorial = """
            plan: yt-2027-01
            kind: editorial
            channel: {id: yt, network: youtube}
            timezone: Europe/Rome
            period: {from: 2027-01-01, until: 2027-01-31}
            slots:
              - {id: weekly, every: thursday 18:00}
            """
        let w = warnings(editorial)
        #expect(w.map(\.code).sorted { $0.rawValue < $1.rawValue } == [.noVideoProduction, .nothingProduced])
        let prepared = editorial.replacingOccurrences(
            of: "every: thursday 18:00}", with: "every: thursday 18:00, prepare: {type: video, lead: P3D}}")
        #expect(warnings(prepared).isEmpty)
    }

    @Test func postsOutsideThePeriod() {
        let w = warnings(
            Self.communication(
                "  - {id: blog, network: blog}",
                "posts: [{id: early, channel: blog, at: 2026-12-31T23:00}, {id: ok, channel: blog, at: 2027-06-30T23:59}]"
            ))
        #expect(w.map(\.code) == [.outsidePeriod])
        #expect(w.first?.location.column == 40)
    }

    @Test func everyOccurrenceTouchedByDaylightSaving() {
        let w = warnings(
            """
            plan: night
            kind: editorial
            channel: {id: blog, network: blog}
            timezone: Europe/Rome
            period: {from: 2027-03-01, until: 2027-11-30}
            slots:
              - {id: late-show, every: daily 02:30, prepare: {type: copy, lead: PT12H}}
            """)
        let dst = w.filter { $0.code == .daylightSaving }
        #expect(dst.count == 2)
        #expect(
            dst[0].message.contains(
                "night/late-show@2027-03-28T02:30 at 2027-03-28T02:30 falls in the daylight-saving gap"))
        #expect(dst[0].message.contains("2027-03-28T03:30:00+02:00"))
        #expect(dst[1].message.contains("@2027-10-31T02:30"))
        #expect(dst[1].message.contains("happens twice"))
        #expect(dst.allSatisfy { $0.location == SourceLocation(file: "a.yaml", line: 7, column: 28) })
    }

    @Test func aSlotThatNeverOccursInItsPeriod() {
        let w = warnings(
            """
            plan: feb
            kind: editorial
            channel: {id: blog, network: blog}
            timezone: Europe/Rome
            period: {from: 2027-02-01, until: 2027-02-28}
            slots:
              - {id: thirtieth, rrule: "FREQ=MONTHLY;BYMONTHDAY=30;BYHOUR=9", prepare: {type: copy, lead: P1D}}
            """)
        #expect(
            Fixtures.lines(w) == [
                "a.yaml:7:28: warning: slot 'thirtieth' ('FREQ=MONTHLY;BYMONTHDAY=30;BYHOUR=9') has no occurrence in "
                    + "2027-02-01 … 2027-02-28"
            ])
    }

    @Test func channelsAreCountedOncePerPageAndOnlyWhenPlansOverlap() {
        func plan(_ name: String, _ from: String, _ until: String, _ channels: [String]) -> String {
            """
            plan: \(name)
            kind: communication
            timezone: UTC
            period: {from: \(from), until: \(until)}
            channels:
            \(channels.map { "  - {id: \($0), network: \($0)}" }.joined(separator: "\n"))
            """
        }
        // Two semesters re-declaring the same four pages: four pages, no warning.
        let four = ["facebook", "linkedin", "instagram", "youtube"]
        #expect(
            warnings(plan("h1", "2027-01-01", "2027-06-30", four), plan("h2", "2027-07-01", "2027-12-31", four)).isEmpty
        )
        // A fifth page in the second semester only is fine in the first, too many in the second.
        let w = warnings(
            plan("h1", "2027-01-01", "2027-06-30", four),
            plan("h2", "2027-07-01", "2027-12-31", four + ["pinterest"]))
        #expect(w.map(\.code) == [.tooManyChannels])
        #expect(w.first?.location.file == "b.yaml")
        // Overlapping plans add up.
        let overlap = warnings(
            plan("a", "2027-01-01", "2027-06-30", ["facebook", "linkedin", "instagram"]),
            plan("b", "2027-06-01", "2027-12-31", ["x", "tiktok"]))
        #expect(overlap.filter { $0.code == .tooManyChannels }.count == 1)
    }

    @Test func videoProductionCountsForThePageWhicheverPlanDeclaresIt() {
        let h1 = Self.communication(
            "  - {id: yt, network: youtube, handle: acme}",
            "content: [{id: v, type: video, due: 2027-02-01T10:00, channels: [yt]}]")
        let editorial = """
            plan: yt-2027-02
            kind: editorial
            channel: {id: yt, network: youtube, handle: acme}
            timezone: Europe/Rome
            period: {from: 2027-02-01, until: 2027-02-28}
            posts: [{id: ep, at: 2027-02-03T18:00}]
            """
        #expect(warnings(h1, editorial).isEmpty)
        let otherPage = editorial.replacingOccurrences(of: "handle: acme}", with: "handle: acme-shorts}")
        let w = warnings(h1, otherPage)
        #expect(w.map(\.code) == [.noVideoProduction], "\(Fixtures.lines(w))")
    }

    @Test func exceptionsThatRemoveNothingAreReported() {
        let w = warnings(
            """
            plan: ig
            kind: editorial
            channel: {id: ig, network: instagram}
            timezone: Europe/Rome
            period: {from: 2027-01-01, until: 2027-01-31}
            slots:
              - id: tip
                every: tuesday 09:30
                prepare: {type: copy, lead: P1D}
                except: [2027-01-05, 2027-01-06, 2027-01-12T09:30, 2027-01-19T10:30]
            """)
        #expect(
            w.map(\.message) == [
                "except 2027-01-06 matches no occurrence of slot 'ig/tip' ('tuesday 09:30')",
                "except 2027-01-19T10:30 matches no occurrence of slot 'ig/tip' ('tuesday 09:30')",
            ])
    }

    @Test func aOneOffPostInTheGapIsReportedAtItsTime() {
        let w = warnings(
            Self.communication(
                "  - {id: blog, network: blog}",
                "posts: [{id: night, channel: blog, at: 2027-03-28T02:15}]"))
        #expect(w.map(\.code) == [.daylightSaving])
        #expect(w.first?.location == SourceLocation(file: "a.yaml", line: 7, column: 40))
        #expect(w.first?.message.contains("acme/night at 2027-03-28T02:15 falls in the daylight-saving gap") == true)
    }

    /// Every kind of one-off item daylight saving touches, each at its own position with the resolution spelled
    /// out: a content item due in the autumn's repeated hour, a post there with `dst: repeated: last`, a post the
    /// spring gap skips, and a post in the gap moved forward.
    @Test func oneOffItemsInRepeatedHoursAndGapsAreEachReported() {
        let text = """
            plan: acme
            kind: communication
            timezone: Europe/Rome
            period: {from: 2027-01-01, until: 2027-12-31}
            dst: {gap: skip, repeated: last}
            channels:
              - {id: blog, network: blog}
            content:
              - {id: vid, type: video, due: 2027-10-31T02:30}
            posts:
              - {id: late, channel: blog, at: 2027-10-31T02:45}
              - {id: night, channel: blog, at: 2027-03-28T02:15}
              - {id: fine, channel: blog, at: 2027-03-28T04:15}
            """
        let w = warnings(text).filter { $0.code == .daylightSaving }
        #expect(
            w.map(\.message) == [
                "acme/vid at 2027-10-31T02:30 happens twice in Europe/Rome (daylight saving ends); "
                    + "2027-10-31T01:30:00Z is used, not 2027-10-31T00:30:00Z (dst: repeated: first|last chooses)",
                "acme/late at 2027-10-31T02:45 happens twice in Europe/Rome (daylight saving ends); "
                    + "2027-10-31T01:45:00Z is used, not 2027-10-31T00:45:00Z (dst: repeated: first|last chooses)",
                "acme/night at 2027-03-28T02:15 falls in the daylight-saving gap of Europe/Rome and is skipped "
                    + "(dst: gap: skip)",
            ])
        #expect(w.map(\.location.line) == [9, 11, 12])
        #expect(w[1].location.column == 35 && w[2].location.column == 36)
    }
}
