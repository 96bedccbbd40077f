import Foundation
import Testing

@testable import EditorialCore

/// Set semantics: DTSTART handling, RDATE/EXDATE, several rules, termination, week numbers, UNTIL forms.
struct RecurrenceSetTests {
    typealias S = RecurrenceTestSupport

    @Test func unmatchedStartIsNotAnOccurrenceAndDoesNotCount() throws {
        // 2027-01-01 is a Friday; the rule wants Mondays. libical and python-dateutil leave it out too.
        let got = try S.expand("FREQ=WEEKLY;BYDAY=MO;COUNT=2", start: "20270101T090000")
        #expect(got == ["2027-01-04T09:00", "2027-01-11T09:00"])
        let rule = try RecurrenceRule(parsing: "FREQ=WEEKLY;BYDAY=MO;COUNT=2")
        #expect(!RecurrenceSet(start: S.local("20270101T090000"), rules: [rule]).ruleProducesStart())
        #expect(RecurrenceSet(start: S.local("20270104T090000"), rules: [rule]).ruleProducesStart())
        let matching = try S.expand("FREQ=WEEKLY;BYDAY=MO;COUNT=2", start: "20270104T090000")
        #expect(matching == ["2027-01-04T09:00", "2027-01-11T09:00"])
    }

    @Test func anUnmatchedStartListedAsAnExtraDateIsAnOccurrenceOutsideCOUNT() throws {
        let set = RecurrenceSet(
            start: S.local("20270101T090000"), rules: [try RecurrenceRule(parsing: "FREQ=WEEKLY;BYDAY=MO;COUNT=2")],
            dates: [S.local("20270101T090000")])
        let got = set.localOccurrences(through: S.local("20271231T000000")).map(\.shortDescription)
        #expect(got == ["2027-01-01T09:00", "2027-01-04T09:00", "2027-01-11T09:00"])
    }

    @Test func weekNumbersWithoutByDayTakeTheStartsWeekday() throws {
        // RFC 5545 §3.3.10: what the rule does not say comes from DTSTART (a Monday here), as in libical.
        let got = try S.expand("FREQ=YEARLY;BYWEEKNO=20", start: "19970512T090000", limit: 3)
        #expect(got == S.at("09:00", ["1997-05-12", "1998-05-11", "1999-05-17"]))
        // A Sunday start in ISO week 52 of 2022: the next week 53 is 2026's, whose Sunday is 2027-01-03.
        let w53 = try S.expand("FREQ=YEARLY;BYWEEKNO=53;COUNT=1", start: "20230101T000000", through: "20991231T000000")
        #expect(w53 == ["2027-01-03T00:00"])
        // The days of a week that straddles New Year belong to the calendar year they fall in (as in libical since
        // its issues 1143 and 1223, and python-dateutil): 2027-01-03 is in 2027's period, then every 6 years.
        let fromW53 = try S.expand(
            "FREQ=YEARLY;BYWEEKNO=53;COUNT=2", start: "20270103T000000", through: "21991231T000000")
        #expect(fromW53 == ["2027-01-03T00:00", "2033-01-02T00:00"])
        let everySixth = try S.expand(
            "FREQ=YEARLY;BYWEEKNO=53;INTERVAL=6;BYDAY=TH;COUNT=1", start: "20270103T000000", through: "21991231T000000")
        #expect(everySixth == ["2093-12-31T00:00"])
        let lastWeeks = try S.expand("FREQ=YEARLY;BYWEEKNO=-1,-2;COUNT=3", start: "20131224T000000")
        #expect(lastWeeks == ["2013-12-24T00:00", "2014-12-16T00:00", "2014-12-23T00:00"])
    }

    @Test func datesAndExceptionsMerge() throws {
        let set = RecurrenceSet(
            start: S.local("20270104T090000"), rules: [try RecurrenceRule(parsing: "FREQ=WEEKLY;COUNT=4")],
            dates: [S.local("20270111T090000"), S.local("20270106T120000"), S.local("20261231T080000")],
            exceptions: [S.local("20270118T090000"), S.local("20270104T100000")])
        let got = set.localOccurrences(through: S.local("20271231T000000")).map(\.shortDescription)
        #expect(
            got == ["2026-12-31T08:00", "2027-01-04T09:00", "2027-01-06T12:00", "2027-01-11T09:00", "2027-01-25T09:00"])
    }

    @Test func severalRulesMergeWithoutDuplicates() throws {
        let set = RecurrenceSet(
            start: S.local("20270101T090000"),
            rules: [
                try RecurrenceRule(parsing: "FREQ=DAILY;INTERVAL=2"),
                try RecurrenceRule(parsing: "FREQ=DAILY;INTERVAL=3"),
            ])
        let got = set.localOccurrences(through: S.local("20270110T235959")).map { $0.day }
        #expect(Array(got) == [1, 3, 4, 5, 7, 9, 10])
    }

    @Test func neverMatchingRulesTerminate() throws {
        for text in [
            "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=4",
            "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=31",
        ] {
            let set = RecurrenceSet(start: S.local("20270101T090000"), rules: [try RecurrenceRule(parsing: text)])
            #expect(Array(set.localOccurrences(through: S.local("99991231T235959"))).isEmpty, "\(text)")
        }
    }

    @Test func leapDayYearlyRuleKeepsGoingAcrossCenturies() throws {
        let got = try S.expand(
            "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", start: "20960301T000000", limit: 3, through: "99991231T000000")
        #expect(got == ["2104-02-29T00:00", "2108-02-29T00:00", "2112-02-29T00:00"])
    }

    @Test func untilDateIncludesTheWholeDay() throws {
        let got = try S.expand("FREQ=HOURLY;INTERVAL=6;UNTIL=20270102", start: "20270101T030000")
        #expect(
            got == [
                "2027-01-01T03:00", "2027-01-01T09:00", "2027-01-01T15:00", "2027-01-01T21:00",
                "2027-01-02T03:00", "2027-01-02T09:00", "2027-01-02T15:00", "2027-01-02T21:00",
            ])
    }

    @Test func untilInUTCIsComparedInTheZone() throws {
        // 09:00 in Tokyo is 00:00Z; UNTIL 2027-01-03T00:00:00Z keeps the 3rd, not the 4th.
        let tokyo = try #require(ZoneRules(identifier: "Asia/Tokyo"))
        let set = RecurrenceSet(
            start: S.local("20270101T090000"), rules: [try RecurrenceRule(parsing: "FREQ=DAILY;UNTIL=20270103T000000Z")]
        )
        let got = set.occurrences(in: tokyo, policy: .default, through: S.local("20271231T000000")).map(\.local.day)
        #expect(Array(got) == [1, 2, 3])
    }

    @Test func isoWeekNumbersAcrossYearEnds() throws {
        // ISO week 1 of 2027 starts Monday 2027-01-04; 2026 has 53 weeks (week 53: 2026-12-28 … 2027-01-03).
        // Week 1 of 2030 and of 2031 begin in the December before.
        let w1 = try S.expand("FREQ=YEARLY;BYWEEKNO=1;BYDAY=MO", start: "20260101T090000", limit: 5)
        #expect(w1 == S.at("09:00", ["2027-01-04", "2028-01-03", "2029-01-01", "2029-12-31", "2030-12-30"]))
        let w53 = try S.expand("FREQ=YEARLY;BYWEEKNO=53;BYDAY=MO,SU", start: "20260101T090000", limit: 2)
        #expect(w53 == ["2026-12-28T09:00", "2027-01-03T09:00"])
        let lastWeek = try S.expand("FREQ=YEARLY;BYWEEKNO=-1;BYDAY=TH", start: "20260101T090000", limit: 2)
        #expect(lastWeek == ["2026-12-31T09:00", "2027-12-30T09:00"])
    }

    @Test func monthlyFromThe31stSkipsShortMonths() throws {
        let got = try S.expand("FREQ=MONTHLY;COUNT=4", start: "20270131T100000")
        #expect(got == ["2027-01-31T10:00", "2027-03-31T10:00", "2027-05-31T10:00", "2027-07-31T10:00"])
    }
}

/// `RecurrenceRule.spellingOutDefaults(from:)` changes no occurrence.
struct SpelledOutDefaultsTests {
    @Test func writesTheDisputedDefaultsAndKeepsTheOccurrences() throws {
        let start = RecurrenceTestSupport.local("20270105T093000")  // a Tuesday in January
        let weeks = try RecurrenceRule(parsing: "FREQ=YEARLY;BYWEEKNO=20,-1").spellingOutDefaults(from: start)
        #expect(weeks.description == "FREQ=YEARLY;BYWEEKNO=20,-1;BYDAY=TU")
        let days = try RecurrenceRule(parsing: "FREQ=YEARLY;BYMONTHDAY=15,-1").spellingOutDefaults(from: start)
        #expect(days.description == "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=15,-1")
        let ordinals = try RecurrenceRule(parsing: "FREQ=YEARLY;BYMONTHDAY=1,2,3,4,5,6,7;BYDAY=1MO")
        #expect(ordinals.spellingOutDefaults(from: start) == ordinals)
    }

    @Test func randomRulesGiveTheSameOccurrences() throws {
        let seed =
            ProcessInfo.processInfo.environment["SPELLED_OUT_SEED"].flatMap(UInt64.init)
            ?? UInt64.random(in: 1...1 << 48)
        var g = DateutilDifferentialTests.Generator(state: seed)
        for _ in 0..<2000 {
            let c = LibicalDifferentialTests.randomRule(&g)
            let rule = try RecurrenceRule(parsing: c.text)
            let spelled = rule.spellingOutDefaults(from: c.start)
            func expand(_ r: RecurrenceRule) -> [LocalDateTime] {
                Array(RecurrenceSet(start: c.start, rules: [r]).localOccurrences(through: c.through).prefix(c.limit))
            }
            #expect(expand(rule) == expand(spelled), "seed \(seed) (SPELLED_OUT_SEED): \(c.line) → \(spelled)")
        }
    }
}
