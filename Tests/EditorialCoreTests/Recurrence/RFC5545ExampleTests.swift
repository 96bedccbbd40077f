import Testing

@testable import EditorialCore

/// The examples of RFC 5545 §3.8.5.3 with the published occurrence lists typed in.
///
/// All start in America/New_York at 09:00 local; those whose UNTIL is in UTC are expanded in that zone.
/// Open-ended series are checked on a prefix.
struct RFC5545ExampleTests {
    typealias S = RecurrenceTestSupport

    func zoned(_ rrule: String, start: String, limit: Int = 1000) throws -> [ZonedOccurrence] {
        let zone = try #require(ZoneRules(identifier: "America/New_York"))
        let set = RecurrenceSet(start: S.local(start), rules: [try RecurrenceRule(parsing: rrule)])
        return Array(set.occurrences(in: zone, policy: .default, through: S.local("21001231T235959")).prefix(limit))
    }

    @Test func dailyForTenOccurrences() throws {
        let got = try S.expand("FREQ=DAILY;COUNT=10", start: "19970902T090000")
        #expect(got == S.at("09:00", S.days("1997-09", Array(2...11))))
    }

    @Test func dailyUntilDecember24InUTC() throws {
        let got = try zoned("FREQ=DAILY;UNTIL=19971224T000000Z", start: "19970902T090000")
        #expect(got.count == 113)
        #expect(got.first?.local.shortDescription == "1997-09-02T09:00")
        #expect(got.last?.local.shortDescription == "1997-12-23T09:00")
        // 09:00 EDT is 13:00Z until the fall-back on 1997-10-26, then 09:00 EST is 14:00Z.
        #expect(got.first?.resolution.utc == S.local("19970902T130000").secondsSinceEpochAsUTC)
        #expect(got.last?.resolution.utc == S.local("19971223T140000").secondsSinceEpochAsUTC)
        let oct25 = got.first { $0.local.shortDescription == "1997-10-25T09:00" }
        let oct26 = got.first { $0.local.shortDescription == "1997-10-26T09:00" }
        #expect(oct25?.resolution.offset == -4 * 3600)
        #expect(oct26?.resolution.offset == -5 * 3600)
    }

    @Test func everyOtherDay() throws {
        let got = try S.expand("FREQ=DAILY;INTERVAL=2", start: "19970902T090000", limit: 8)
        #expect(got == S.at("09:00", S.days("1997-09", [2, 4, 6, 8, 10, 12, 14, 16])))
    }

    @Test func everyTenDaysFiveOccurrences() throws {
        let got = try S.expand("FREQ=DAILY;INTERVAL=10;COUNT=5", start: "19970902T090000")
        #expect(got == S.at("09:00", S.days("1997-09", [2, 12, 22]) + S.days("1997-10", [2, 12])))
    }

    @Test(arguments: [
        "FREQ=YEARLY;UNTIL=20000131T140000Z;BYMONTH=1;BYDAY=SU,MO,TU,WE,TH,FR,SA",
        "FREQ=DAILY;UNTIL=20000131T140000Z;BYMONTH=1",
    ])
    func everyDayInJanuaryForThreeYears(rrule: String) throws {
        let got = try zoned(rrule, start: "19980101T090000").map(\.local.shortDescription)
        let expected = ["1998-01", "1999-01", "2000-01"].flatMap { S.at("09:00", S.days($0, Array(1...31))) }
        #expect(got == expected)
    }

    @Test func weeklyForTenOccurrences() throws {
        let got = try S.expand("FREQ=WEEKLY;COUNT=10", start: "19970902T090000")
        let expected = S.days("1997-09", [2, 9, 16, 23, 30]) + S.days("1997-10", [7, 14, 21, 28]) + ["1997-11-04"]
        #expect(got == S.at("09:00", expected))
    }

    @Test func weeklyUntilDecember24() throws {
        let got = try zoned("FREQ=WEEKLY;UNTIL=19971224T000000Z", start: "19970902T090000").map(
            \.local.shortDescription)
        let expected =
            S.days("1997-09", [2, 9, 16, 23, 30]) + S.days("1997-10", [7, 14, 21, 28])
            + S.days("1997-11", [4, 11, 18, 25]) + S.days("1997-12", [2, 9, 16, 23])
        #expect(got == S.at("09:00", expected))
    }

    @Test func everyOtherWeek() throws {
        let got = try S.expand("FREQ=WEEKLY;INTERVAL=2;WKST=SU", start: "19970902T090000", limit: 13)
        let expected =
            S.days("1997-09", [2, 16, 30]) + S.days("1997-10", [14, 28]) + S.days("1997-11", [11, 25])
            + S.days("1997-12", [9, 23]) + S.days("1998-01", [6, 20]) + S.days("1998-02", [3, 17])
        #expect(got == S.at("09:00", expected))
    }

    @Test(arguments: [
        "FREQ=WEEKLY;UNTIL=19971007T000000Z;WKST=SU;BYDAY=TU,TH", "FREQ=WEEKLY;COUNT=10;WKST=SU;BYDAY=TU,TH",
    ])
    func weeklyOnTuesdayAndThursdayForFiveWeeks(rrule: String) throws {
        let got = try zoned(rrule, start: "19970902T090000").map(\.local.shortDescription)
        let expected = S.days("1997-09", [2, 4, 9, 11, 16, 18, 23, 25, 30]) + ["1997-10-02"]
        #expect(got == S.at("09:00", expected))
    }

    @Test func everyOtherWeekOnMondayWednesdayFriday() throws {
        let got = try zoned(
            "FREQ=WEEKLY;INTERVAL=2;UNTIL=19971224T000000Z;WKST=SU;BYDAY=MO,WE,FR", start: "19970901T090000"
        ).map(\.local.shortDescription)
        let expected =
            S.days("1997-09", [1, 3, 5, 15, 17, 19, 29]) + S.days("1997-10", [1, 3, 13, 15, 17, 27, 29, 31])
            + S.days("1997-11", [10, 12, 14, 24, 26, 28]) + S.days("1997-12", [8, 10, 12, 22])
        #expect(got == S.at("09:00", expected))
    }

    @Test func everyOtherWeekOnTuesdayThursdayEightOccurrences() throws {
        let got = try S.expand("FREQ=WEEKLY;INTERVAL=2;COUNT=8;WKST=SU;BYDAY=TU,TH", start: "19970902T090000")
        #expect(got == S.at("09:00", S.days("1997-09", [2, 4, 16, 18, 30]) + S.days("1997-10", [2, 14, 16])))
    }

    @Test func monthlyOnFirstFridayTenOccurrences() throws {
        let got = try S.expand("FREQ=MONTHLY;COUNT=10;BYDAY=1FR", start: "19970905T090000")
        let expected = [
            "1997-09-05", "1997-10-03", "1997-11-07", "1997-12-05", "1998-01-02", "1998-02-06", "1998-03-06",
            "1998-04-03", "1998-05-01", "1998-06-05",
        ]
        #expect(got == S.at("09:00", expected))
    }

    @Test func monthlyOnFirstFridayUntilDecember24() throws {
        let got = try zoned("FREQ=MONTHLY;UNTIL=19971224T000000Z;BYDAY=1FR", start: "19970905T090000")
        #expect(
            got.map(\.local.shortDescription)
                == S.at("09:00", ["1997-09-05", "1997-10-03", "1997-11-07", "1997-12-05"]))
    }

    @Test func everyOtherMonthFirstAndLastSunday() throws {
        let got = try S.expand("FREQ=MONTHLY;INTERVAL=2;COUNT=10;BYDAY=1SU,-1SU", start: "19970907T090000")
        let expected =
            S.days("1997-09", [7, 28]) + S.days("1997-11", [2, 30]) + S.days("1998-01", [4, 25])
            + S.days("1998-03", [1, 29]) + S.days("1998-05", [3, 31])
        #expect(got == S.at("09:00", expected))
    }

    @Test func monthlySecondToLastMondaySixMonths() throws {
        let got = try S.expand("FREQ=MONTHLY;COUNT=6;BYDAY=-2MO", start: "19970922T090000")
        let expected = ["1997-09-22", "1997-10-20", "1997-11-17", "1997-12-22", "1998-01-19", "1998-02-16"]
        #expect(got == S.at("09:00", expected))
    }

    @Test func monthlyThirdToLastDay() throws {
        let got = try S.expand("FREQ=MONTHLY;BYMONTHDAY=-3", start: "19970928T090000", limit: 6)
        let expected = ["1997-09-28", "1997-10-29", "1997-11-28", "1997-12-29", "1998-01-29", "1998-02-26"]
        #expect(got == S.at("09:00", expected))
    }

    @Test func monthlyOnSecondAndFifteenth() throws {
        let got = try S.expand("FREQ=MONTHLY;COUNT=10;BYMONTHDAY=2,15", start: "19970902T090000")
        let expected = ["1997-09", "1997-10", "1997-11", "1997-12", "1998-01"].flatMap { S.days($0, [2, 15]) }
        #expect(got == S.at("09:00", expected))
    }

    @Test func monthlyOnFirstAndLastDay() throws {
        let got = try S.expand("FREQ=MONTHLY;COUNT=10;BYMONTHDAY=1,-1", start: "19970930T090000")
        let expected =
            ["1997-09-30"] + S.days("1997-10", [1, 31]) + S.days("1997-11", [1, 30]) + S.days("1997-12", [1, 31])
            + S.days("1998-01", [1, 31]) + ["1998-02-01"]
        #expect(got == S.at("09:00", expected))
    }

    @Test func every18MonthsTenthToFifteenth() throws {
        let got = try S.expand(
            "FREQ=MONTHLY;INTERVAL=18;COUNT=10;BYMONTHDAY=10,11,12,13,14,15", start: "19970910T090000")
        #expect(got == S.at("09:00", S.days("1997-09", Array(10...15)) + S.days("1999-03", [10, 11, 12, 13])))
    }

    @Test func everyTuesdayEveryOtherMonth() throws {
        let got = try S.expand("FREQ=MONTHLY;INTERVAL=2;BYDAY=TU", start: "19970902T090000", limit: 18)
        let expected =
            S.days("1997-09", [2, 9, 16, 23, 30]) + S.days("1997-11", [4, 11, 18, 25])
            + S.days("1998-01", [6, 13, 20, 27]) + S.days("1998-03", [3, 10, 17, 24, 31])
        #expect(got == S.at("09:00", expected))
    }

    @Test func yearlyInJuneAndJuly() throws {
        let got = try S.expand("FREQ=YEARLY;COUNT=10;BYMONTH=6,7", start: "19970610T090000")
        let expected = (1997...2001).flatMap { ["\($0)-06-10", "\($0)-07-10"] }
        #expect(got == S.at("09:00", expected))
    }

    @Test func everyOtherYearJanuaryFebruaryMarch() throws {
        let got = try S.expand("FREQ=YEARLY;INTERVAL=2;COUNT=10;BYMONTH=1,2,3", start: "19970310T090000")
        let expected = ["1997-03-10"] + [1999, 2001, 2003].flatMap { ["\($0)-01-10", "\($0)-02-10", "\($0)-03-10"] }
        #expect(got == S.at("09:00", expected))
    }

    @Test func everyThirdYearOnDays1_100_200() throws {
        let got = try S.expand("FREQ=YEARLY;INTERVAL=3;COUNT=10;BYYEARDAY=1,100,200", start: "19970101T090000")
        let expected = [
            "1997-01-01", "1997-04-10", "1997-07-19", "2000-01-01", "2000-04-09", "2000-07-18", "2003-01-01",
            "2003-04-10", "2003-07-19", "2006-01-01",
        ]
        #expect(got == S.at("09:00", expected))
    }

    @Test func every20thMonday() throws {
        let got = try S.expand("FREQ=YEARLY;BYDAY=20MO", start: "19970519T090000", limit: 3)
        #expect(got == S.at("09:00", ["1997-05-19", "1998-05-18", "1999-05-17"]))
    }

    @Test func mondayOfWeek20() throws {
        let got = try S.expand("FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO", start: "19970512T090000", limit: 3)
        #expect(got == S.at("09:00", ["1997-05-12", "1998-05-11", "1999-05-17"]))
    }

    @Test func everyThursdayInMarch() throws {
        let got = try S.expand("FREQ=YEARLY;BYMONTH=3;BYDAY=TH", start: "19970313T090000", limit: 11)
        let expected =
            S.days("1997-03", [13, 20, 27]) + S.days("1998-03", [5, 12, 19, 26]) + S.days("1999-03", [4, 11, 18, 25])
        #expect(got == S.at("09:00", expected))
    }

    @Test func everyThursdayInJuneJulyAugust() throws {
        let got = try S.expand("FREQ=YEARLY;BYDAY=TH;BYMONTH=6,7,8", start: "19970605T090000", limit: 39)
        let expected =
            S.days("1997-06", [5, 12, 19, 26]) + S.days("1997-07", [3, 10, 17, 24, 31])
            + S.days("1997-08", [7, 14, 21, 28]) + S.days("1998-06", [4, 11, 18, 25])
            + S.days("1998-07", [2, 9, 16, 23, 30]) + S.days("1998-08", [6, 13, 20, 27])
            + S.days("1999-06", [3, 10, 17, 24]) + S.days("1999-07", [1, 8, 15, 22, 29])
            + S.days("1999-08", [5, 12, 19, 26])
        #expect(got == S.at("09:00", expected))
    }

    @Test func everyFridayThe13th() throws {
        // The RFC also lists DTSTART as an EXDATE: it must not appear either way.
        let expected = S.at("09:00", ["1998-02-13", "1998-03-13", "1998-11-13", "1999-08-13", "2000-10-13"])
        for exceptions in [[], ["19970902T090000"]] {
            let got = try S.expand(
                "FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13", start: "19970902T090000", limit: 5, exceptions: exceptions)
            #expect(got == expected)
        }
    }

    @Test func firstSaturdayAfterFirstSunday() throws {
        let got = try S.expand(
            "FREQ=MONTHLY;BYDAY=SA;BYMONTHDAY=7,8,9,10,11,12,13", start: "19970913T090000", limit: 10)
        let expected = [
            "1997-09-13", "1997-10-11", "1997-11-08", "1997-12-13", "1998-01-10", "1998-02-07", "1998-03-07",
            "1998-04-11", "1998-05-09", "1998-06-13",
        ]
        #expect(got == S.at("09:00", expected))
    }

    @Test func usPresidentialElectionDay() throws {
        let got = try S.expand(
            "FREQ=YEARLY;INTERVAL=4;BYMONTH=11;BYDAY=TU;BYMONTHDAY=2,3,4,5,6,7,8", start: "19961105T090000", limit: 3)
        #expect(got == S.at("09:00", ["1996-11-05", "2000-11-07", "2004-11-02"]))
    }

    @Test func thirdInstanceOfTuesdayWednesdayThursday() throws {
        let got = try S.expand("FREQ=MONTHLY;COUNT=3;BYDAY=TU,WE,TH;BYSETPOS=3", start: "19970904T090000")
        #expect(got == S.at("09:00", ["1997-09-04", "1997-10-07", "1997-11-06"]))
    }

    @Test func secondToLastWeekdayOfTheMonth() throws {
        let got = try S.expand("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2", start: "19970929T090000", limit: 7)
        let expected = [
            "1997-09-29", "1997-10-30", "1997-11-27", "1997-12-30", "1998-01-29", "1998-02-26", "1998-03-30",
        ]
        #expect(got == S.at("09:00", expected))
    }

    @Test func everyThreeHours() throws {
        // The RFC prints UNTIL=19970902T170000Z with the list 09:00, 12:00, 15:00 EDT; 17:00Z is 13:00 EDT, a
        // known inconsistency. The listed series is what "until 17:00 local" (or 21:00Z) gives.
        let local = try S.expand("FREQ=HOURLY;INTERVAL=3;UNTIL=19970902T170000", start: "19970902T090000")
        #expect(local == ["1997-09-02T09:00", "1997-09-02T12:00", "1997-09-02T15:00"])
        let utc = try zoned("FREQ=HOURLY;INTERVAL=3;UNTIL=19970902T210000Z", start: "19970902T090000")
        #expect(utc.map(\.local.shortDescription) == local)
        let literal = try zoned("FREQ=HOURLY;INTERVAL=3;UNTIL=19970902T170000Z", start: "19970902T090000")
        #expect(literal.map(\.local.shortDescription) == ["1997-09-02T09:00", "1997-09-02T12:00"])
    }

    @Test func everyFifteenMinutesSixOccurrences() throws {
        let got = try S.expand("FREQ=MINUTELY;INTERVAL=15;COUNT=6", start: "19970902T090000")
        #expect(got == ["09:00", "09:15", "09:30", "09:45", "10:00", "10:15"].map { "1997-09-02T\($0)" })
    }

    @Test func everyHourAndAHalfFourOccurrences() throws {
        let got = try S.expand("FREQ=MINUTELY;INTERVAL=90;COUNT=4", start: "19970902T090000")
        #expect(got == ["09:00", "10:30", "12:00", "13:30"].map { "1997-09-02T\($0)" })
    }

    @Test(arguments: [
        "FREQ=DAILY;BYHOUR=9,10,11,12,13,14,15,16;BYMINUTE=0,20,40",
        "FREQ=MINUTELY;INTERVAL=20;BYHOUR=9,10,11,12,13,14,15,16",
    ])
    func everyTwentyMinutesNineToFourForty(rrule: String) throws {
        let got = try S.expand(rrule, start: "19970902T090000", limit: 48)
        let times: [String] = [
            "09:00", "09:20", "09:40", "10:00", "10:20", "10:40", "11:00", "11:20", "11:40", "12:00", "12:20", "12:40",
            "13:00", "13:20", "13:40", "14:00", "14:20", "14:40", "15:00", "15:20", "15:40", "16:00", "16:20", "16:40",
        ]
        let expected = times.map { "1997-09-02T\($0)" } + times.map { "1997-09-03T\($0)" }
        #expect(got == expected)
    }

    @Test func weekStartChangesTheSeries() throws {
        let monday = try S.expand("FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO", start: "19970805T090000")
        #expect(monday == S.at("09:00", S.days("1997-08", [5, 10, 19, 24])))
        let sunday = try S.expand("FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU", start: "19970805T090000")
        #expect(sunday == S.at("09:00", S.days("1997-08", [5, 17, 19, 31])))
    }

    @Test func invalidDatesAreSkipped() throws {
        let got = try S.expand("FREQ=MONTHLY;BYMONTHDAY=15,30;COUNT=5", start: "20070115T090000")
        #expect(got == S.at("09:00", ["2007-01-15", "2007-01-30", "2007-02-15", "2007-03-15", "2007-03-30"]))
    }
}
