import EditorialCore
import Testing

/// Pace figures from hand-built histories: a plan of six social pages and a blog in UTC, posts on Mondays and
/// Thursdays of January 2027, and outcomes recorded by hand; "now" is Monday 2027-02-01 12:00 UTC.
@Suite struct PaceIndexTests {
    static let now = Fixtures.utc("2027-02-01T12:00:00Z")
    static let networks = ["linkedin", "instagram", "youtube", "x", "facebook", "tiktok", "blog"]

    /// Posts `N-DD` on each channel `N` at 09:00 on the given January days, and two production items.
    static func plans(days: [Int] = [11, 14, 18, 21, 25, 28]) -> PlanSet { Fixtures.planSet(yaml(days: days)) }

    /// The YAML of `plans(days:)`, ending in its list of posts (so a test can append one).
    static func yaml(days: [Int] = [11, 14, 18, 21, 25, 28]) -> String {
        var posts = ""
        for n in networks {
            for d in days {
                let day = d < 10 ? "0\(d)" : "\(d)"
                let needs = n == "youtube" && d == 25 ? ", needs: [video]" : ""
                posts += "  - {id: \(n)-\(day), channel: \(n), at: 2027-01-\(day)T09:00, owner: ana\(needs)}\n"
            }
        }
        return """
            plan: team
            kind: communication
            timezone: UTC
            period: {from: 2027-01-01, until: 2027-03-31}
            channels:
            \(networks.map { "  - {id: \($0), network: \($0), handle: team-\($0)}" }.joined(separator: "\n"))
            content:
              - {id: video, type: video, owner: paolo, due: 2027-01-22T17:00}
              - {id: copy, type: copy, owner: anna, due: 2027-01-26T12:00}
            posts:
            \(posts)
            """
    }

    static func index(_ set: PlanSet, _ records: [PaceRecord]) -> PaceIndex {
        #expect(!set.hasErrors, "\(set.diagnostics)")
        return PaceIndex(
            agenda: Agenda(planSet: set), records: records, horizonStart: Fixtures.utc("2026-01-01T00:00:00Z"),
            horizonEnd: now + 8 * 86_400)
    }

    /// A publish of `id` (due at `due`) `late` seconds after it.
    static func published(_ id: String, _ set: PlanSet, late: Int64, progress: Progress = .published) -> PaceRecord {
        let item = Agenda(planSet: set).item(id: "team/\(id)")!
        return PaceRecord(item, progress: progress, at: item.due! + late, in: set)
    }

    static func page(_ reply: PaceReply, _ network: String) -> PacePage {
        reply.pages.first { $0.network == network }!
    }

    @Test func theWindowIsWholeWeeksFromMondayInTheTeamZone() {
        let weeks = PaceWeeks(count: 4, now: Self.now, zone: ZoneRules(identifier: "UTC")!)
        #expect(
            weeks.starts.map { TimeText.utc($0) } == [
                "2027-01-11T00:00:00Z", "2027-01-18T00:00:00Z", "2027-01-25T00:00:00Z", "2027-02-01T00:00:00Z",
            ])
        let rome = PaceWeeks(count: 1, now: Self.now, zone: ZoneRules(identifier: "Europe/Rome")!)
        #expect(TimeText.utc(rome.from) == "2027-01-31T23:00:00Z")
        #expect(weeks.index(of: Fixtures.utc("2027-01-17T23:59:59Z")) == 0)
        #expect(weeks.index(of: Self.now) == nil)
    }

    @Test func onTimeLateSkippedAndOpenWithTheirLateness() {
        let set = Self.plans()
        let records = [
            Self.published("linkedin-11", set, late: 3600),  // at the tolerance: on time
            Self.published("linkedin-14", set, late: 3601),  // one second past it: late
            Self.published("linkedin-18", set, late: -86_400),  // early: on time
            Self.published("linkedin-21", set, late: 7200),
            Self.published("linkedin-25", set, late: 86_400),
            Self.published("linkedin-28", set, late: 0, progress: .skipped),
        ]
        let reply = Self.index(set, records).report(PaceQuery(weeks: 4, now: Self.now))
        let p = Self.page(reply, "linkedin")
        #expect(p.planned == 6)
        #expect(p.onTime == 2)
        #expect(p.late == 3)
        #expect(p.skipped == 1)
        #expect(p.open == 0)
        // Nearest rank over [3601, 7200, 86400]: the median is the 2nd, the 90th percentile the 3rd.
        #expect(p.lateMedian == 7200)
        #expect(p.lateP90 == 86_400)
        #expect(p.weeks.map(\.planned) == [2, 2, 2, 0])
        #expect(p.weeks.map(\.onTime) == [1, 1, 0, 0])
        // Nothing recorded on Instagram: every post more than the tolerance past due is open.
        let instagram = Self.page(reply, "instagram")
        #expect(instagram.open == 6)
        #expect(instagram.lateMedian == nil)
        #expect(instagram.verdict == .stalled)
    }

    @Test func anOpenPostWithinTheToleranceIsNotCountedYet() {
        let set = Self.plans(days: [11])
        let at = Fixtures.utc("2027-01-11T09:30:00Z")
        let index = Self.index(set, [])
        // Nothing counted yet: a page with nothing due is not listed.
        #expect(index.report(PaceQuery(weeks: 1, now: at)).pages.isEmpty)
        #expect(Self.page(index.report(PaceQuery(weeks: 1, now: at + 3600)), "x").open == 1)
    }

    @Test func aRecordKeepsTheDueTimeItHadWhenAReloadMovesThePost() {
        let set = Self.plans()
        // Published 2 h late on 2027-01-11; then the plans move the post to 2027-01-28 (another week).
        let record = Self.published("x-11", set, late: 7200)
        let movedSet = Fixtures.planSet(
            Self.yaml(days: [14, 18, 21, 25, 28]) + "  - {id: x-11, channel: x, at: 2027-01-28T15:00, owner: ana}\n")
        let before = Self.page(Self.index(set, [record]).report(PaceQuery(weeks: 4, now: Self.now)), "x")
        let after = Self.page(Self.index(movedSet, [record]).report(PaceQuery(weeks: 4, now: Self.now)), "x")
        #expect(before.planned == 6)
        #expect(after.planned == 6)
        #expect(after.late == 1)
        #expect(after.weeks.map(\.late) == [1, 0, 0, 0])
        // The moved post is not also counted open in its new week.
        #expect(after.weeks[2].open == 2)
        #expect(after.open == before.open)
    }

    @Test func recordingAndReopeningMoveAnItemBetweenOpenAndItsOutcome() {
        let set = Self.plans()
        var index = Self.index(set, [])
        let item = Agenda(planSet: set).item(id: "team/facebook-21")!
        #expect(Self.page(index.report(PaceQuery(weeks: 4, now: Self.now)), "facebook").open == 6)
        index.record(PaceRecord(item, progress: .published, at: item.due! + 60, in: set), planItem: item)
        var p = Self.page(index.report(PaceQuery(weeks: 4, now: Self.now)), "facebook")
        #expect((p.open, p.onTime, p.planned) == (5, 1, 6))
        index.unrecord(item: item.id, planItem: item)
        p = Self.page(index.report(PaceQuery(weeks: 4, now: Self.now)), "facebook")
        #expect((p.open, p.onTime, p.planned) == (6, 0, 6))
    }

    @Test func aStatusInThePlanFileCountsOnTime() {
        let set = Fixtures.planSet(
            Self.yaml(days: [11])
                + "  - {id: extra, channel: blog, at: 2027-01-12T09:00, status: published}\n")
        let blog = Self.page(Self.index(set, []).report(PaceQuery(weeks: 4, now: Self.now)), "blog")
        #expect((blog.planned, blog.onTime, blog.open) == (2, 1, 1))
        #expect(!blog.social)
    }

    @Test func productionItemsCountForTheirOwnersAndBehindThePagesThatNeedThem() {
        let set = Self.plans()
        let video = Agenda(planSet: set).item(id: "team/video")!
        let late = PaceRecord(video, progress: .done, at: video.due! + 2 * 86_400, in: set)
        let reply = Self.index(set, [late]).report(PaceQuery(weeks: 4, now: Self.now))
        let paolo = reply.owners.first { $0.owner == "paolo" }!
        #expect((paolo.planned, paolo.late, paolo.onTime) == (1, 1, 0))
        let anna = reply.owners.first { $0.owner == "anna" }!
        #expect((anna.planned, anna.open) == (1, 1))
        #expect(Self.page(reply, "youtube").lateProduction == 1)
        #expect(Self.page(reply, "linkedin").lateProduction == 0)
        let only = Self.index(set, [late]).report(PaceQuery(weeks: 4, owner: "paolo", now: Self.now))
        #expect(only.pages.isEmpty)
        #expect(only.owners.map(\.owner) == ["paolo"])
    }

    // MARK: Verdicts at their edges

    static func weeks(_ figures: [(planned: Int, out: Int, onTime: Int)]) -> [PaceWeek] {
        figures.enumerated().map { i, f in
            PaceWeek(
                start: Instant(Int64(i) * 604_800), planned: f.planned, onTime: f.onTime, late: f.out - f.onTime,
                open: f.planned - f.out)
        }
    }

    @Test func verdictThresholds() {
        let t = PaceThresholds.standard
        // 8 of 10 on time: exactly the share keeps pace; 7 of 10 slips.
        #expect(PaceIndex.verdict(Self.weeks([(5, 5, 4), (5, 5, 4)]), thresholds: t) == .keepingPace)
        #expect(PaceIndex.verdict(Self.weeks([(5, 5, 4), (5, 5, 3)]), thresholds: t) == .slipping)
        // Posts due in the last two weeks and none out: stalled, however good the weeks before.
        #expect(
            PaceIndex.verdict(Self.weeks([(9, 9, 9), (9, 9, 9), (1, 0, 0), (1, 0, 0)]), thresholds: t) == .stalled)
        // One late post in those two weeks is not stalled (it is slipping or not by the share).
        #expect(
            PaceIndex.verdict(Self.weeks([(9, 9, 9), (9, 9, 9), (1, 1, 0), (1, 0, 0)]), thresholds: t)
                == .keepingPace)
        // Nothing due in the last two weeks is not stalled either.
        #expect(
            PaceIndex.verdict(Self.weeks([(2, 0, 0), (2, 2, 2), (0, 0, 0), (0, 0, 0)]), thresholds: t) == .slipping)
        #expect(PaceIndex.verdict(Self.weeks([(0, 0, 0)]), thresholds: t) == nil)
        let strict = PaceThresholds(onTimeShare: 0.9, stalledWeeks: 1, socialPageLimit: 4)
        #expect(PaceIndex.verdict(Self.weeks([(5, 5, 4), (5, 5, 4)]), thresholds: strict) == .slipping)
    }

    // MARK: The skimming hint

    /// Records every post of `networks` on time except `late` posts of each listed network.
    static func history(_ set: PlanSet, pages: [String], lateCount: [String: Int]) -> [PaceRecord] {
        var out: [PaceRecord] = []
        for n in pages {
            for (i, d) in [11, 14, 18, 21, 25, 28].enumerated() {
                let late = i < (lateCount[n] ?? 0) ? Int64(86_400) : 0
                out.append(Self.published("\(n)-\(d)", set, late: late))
            }
        }
        return out
    }

    @Test func theHintNamesTheLowestOnTimePageWhenMoreThanFourSocialPagesRun() {
        let set = Self.plans()
        let social = ["linkedin", "instagram", "youtube", "x", "facebook", "tiktok"]
        let records = Self.history(set, pages: social + ["blog"], lateCount: ["x": 3, "tiktok": 4])
        let reply = Self.index(set, records).report(PaceQuery(weeks: 4, now: Self.now))
        let hint = try! #require(reply.hint)
        #expect(hint.drop == "tiktok/team-tiktok")
        #expect(hint.activeSocialPages == 6)
        #expect(hint.message.contains("2 of 6 posts on time (33%, the lowest)"))
        #expect(hint.message.contains("three or four"))
        #expect(hint.message.contains("Also behind: TikTok team-tiktok") == false)
        #expect(hint.message.contains("X (Twitter) team-x"))
        // A filter on one page keeps the hint, which is about the whole set.
        let one = Self.index(set, records).report(PaceQuery(weeks: 4, channel: "team/linkedin", now: Self.now))
        #expect(one.pages.map(\.network) == ["linkedin"])
        #expect(one.hint?.drop == "tiktok/team-tiktok")
    }

    @Test func noHintWithFourSocialPagesOrWhenAllKeepPace() {
        let set = Self.plans()
        // All six social pages keep pace: no hint.
        let all = Self.history(
            set, pages: ["linkedin", "instagram", "youtube", "x", "facebook", "tiktok"], lateCount: [:])
        #expect(Self.index(set, all).report(PaceQuery(weeks: 4, now: Self.now)).hint == nil)
        // Only four social pages have posts due in a plan of four: one slipping, still no hint.
        let four = Fixtures.planSet(
            """
            plan: four
            kind: communication
            timezone: UTC
            period: {from: 2027-01-01, until: 2027-03-31}
            channels:
              - {id: a, network: linkedin}
              - {id: b, network: instagram}
              - {id: c, network: x}
              - {id: d, network: facebook}
            posts:
              - {id: a1, channel: a, at: 2027-01-20T09:00}
              - {id: b1, channel: b, at: 2027-01-20T09:00}
              - {id: c1, channel: c, at: 2027-01-20T09:00}
              - {id: d1, channel: d, at: 2027-01-20T09:00}
            """)
        let reply = Self.index(four, []).report(PaceQuery(weeks: 4, now: Self.now))
        #expect(reply.pages.count == 4)
        #expect(reply.pages.allSatisfy { $0.verdict == .slipping })
        #expect(reply.hint == nil)
    }

    @Test func tiesGoToTheMostLateProductionBehindThePage() {
        let set = Self.plans()
        let social = ["linkedin", "instagram", "youtube", "x", "facebook", "tiktok"]
        // YouTube and X both have 3 of 6 late; the late video is behind YouTube's post of the 25th.
        var records = Self.history(set, pages: social, lateCount: ["youtube": 3, "x": 3])
        let video = Agenda(planSet: set).item(id: "team/video")!
        records.append(PaceRecord(video, progress: .done, at: video.due! + 86_400, in: set))
        let hint = Self.index(set, records).report(PaceQuery(weeks: 4, now: Self.now)).hint
        #expect(hint?.drop == "youtube/team-youtube")
        #expect(hint?.lateProduction == 1)
    }

    @Test func theTrendChartHasOneCharacterPerWeek() {
        let weeks = Self.weeks([(4, 4, 4), (4, 4, 2), (4, 4, 0), (0, 0, 0)])
        #expect(PaceChart.sparkline(weeks, unicode: true) == "█▅▁·")
        #expect(PaceChart.sparkline(weeks, unicode: false) == "#-_ ")
        #expect(PaceChart.localeIsUTF8(["LANG": "en_US.UTF-8"]))
        #expect(PaceChart.localeIsUTF8(["LC_ALL": "C", "LANG": "en_US.UTF-8"]) == false)
        #expect(PaceChart.localeIsUTF8(["LC_CTYPE": "de_DE.utf8"]))
        #expect(PaceChart.localeIsUTF8([:]) == false)
    }

    @Test func theWeeklyReportTimeIsALocalWeekdayAndTime() {
        let rome = ZoneRules(identifier: "Europe/Rome")!
        let time = PaceReportTime(parsing: "Mon 09:00")!
        #expect(time.description == "monday 09:00")
        #expect(PaceReportTime(parsing: "someday 09:00") == nil)
        #expect(PaceReportTime(parsing: "monday 9:00") == nil)
        let next = time.next(after: Fixtures.utc("2027-02-01T08:00:00Z"), zone: rome)
        #expect(TimeText.utc(next) == "2027-02-08T08:00:00Z")
        #expect(
            TimeText.utc(time.next(after: Fixtures.utc("2027-02-01T07:59:59Z"), zone: rome)) == "2027-02-01T08:00:00Z")
        #expect(
            TimeText.utc(time.latest(atOrBefore: Fixtures.utc("2027-02-07T12:00:00Z"), zone: rome))
                == "2027-02-01T08:00:00Z")
        // Across the spring-forward night the local time holds (07:00 UTC in summer).
        #expect(
            TimeText.utc(time.next(after: Fixtures.utc("2027-03-27T00:00:00Z"), zone: rome)) == "2027-03-29T07:00:00Z")
    }
}

/// The pace reply's hand-built JSON says what its `Codable` encoding says, with every optional present and absent.
struct PaceReplyJSONTests {
    @Test func theHandBuiltFormEqualsTheCodableOne() throws {
        let set = PaceIndexTests.plans()
        let records = PaceIndexTests.history(
            set, pages: ["linkedin", "instagram", "youtube", "x", "facebook", "tiktok"], lateCount: ["x": 3])
        let index = PaceIndexTests.index(set, records)
        let full = index.report(PaceQuery(weeks: 4, now: PaceIndexTests.now))
        #expect(full.hint != nil)
        #expect(full.pages.contains { $0.lateMedian == nil } && full.pages.contains { $0.lateMedian != nil })
        let empty = index.report(PaceQuery(weeks: 1, now: PaceIndexTests.now - 86_400 * 60))
        #expect(empty.hint == nil)
        for reply in [full, empty] {
            let built = try JSONValueEncoder().encode(reply)
            let coded = try JSONValueEncoder(usesHandBuiltForms: false).encode(reply)
            #expect(built == coded, "\(built.compact) != \(coded.compact)")
        }
    }
}
