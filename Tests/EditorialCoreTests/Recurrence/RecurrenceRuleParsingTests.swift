import Testing

@testable import EditorialCore

/// RRULE text: parsing, validation errors with offsets, and canonical description round trips.
struct RecurrenceRuleParsingTests {
    func error(_ text: String) -> RecurrenceError? {
        do {
            _ = try RecurrenceRule(parsing: text)
            return nil
        } catch {
            return error
        }
    }

    @Test func parsesAllParts() throws {
        let rule = try RecurrenceRule(
            parsing: "rrule:freq=yearly;interval=2;count=5;bymonth=1,3;byweekno=-1,20;byyearday=-366,100;"
                + "bymonthday=-31,15;byhour=0,23;byminute=59;bysecond=0;bysetpos=-1;wkst=su")
        #expect(rule.frequency == .yearly)
        #expect(rule.interval == 2)
        #expect(rule.count == 5)
        #expect(rule.byMonth == [1, 3])
        #expect(rule.byWeekNo == [-1, 20])
        #expect(rule.byYearDay == [-366, 100])
        #expect(rule.byMonthDay == [-31, 15])
        #expect(rule.byHour == [0, 23])
        #expect(rule.byMinute == [59])
        #expect(rule.bySecond == [0])
        #expect(rule.bySetPos == [-1])
        #expect(rule.weekStart == .sunday)
    }

    @Test func parsesWeekdaysAndUntilForms() throws {
        let r = try RecurrenceRule(parsing: "FREQ=MONTHLY;BYDAY=2TU,-1FR,+3MO,SU;UNTIL=20271231T235959Z")
        #expect(
            r.byDay == [
                .init(.tuesday, ordinal: 2), .init(.friday, ordinal: -1), .init(.monday, ordinal: 3), .init(.sunday),
            ])
        #expect(
            r.until
                == .utc(
                    LocalDateTime(year: 2027, month: 12, day: 31, hour: 23, minute: 59, second: 59)
                        .secondsSinceEpochAsUTC))
        #expect(
            try RecurrenceRule(parsing: "FREQ=DAILY;UNTIL=20270301").until
                == .date(LocalDateTime(year: 2027, month: 3, day: 1)))
        #expect(
            try RecurrenceRule(parsing: "FREQ=DAILY;UNTIL=20270301T101500").until
                == .local(LocalDateTime(year: 2027, month: 3, day: 1, hour: 10, minute: 15)))
    }

    @Test(arguments: [
        "FREQ=WEEKLY;BYDAY=TU,FR;BYHOUR=9;BYMINUTE=30",
        "FREQ=MONTHLY;INTERVAL=3;COUNT=10;BYDAY=-1FR,2MO;BYSETPOS=1",
        "FREQ=YEARLY;UNTIL=20300101T000000Z;BYMONTH=2;BYMONTHDAY=29",
        "FREQ=YEARLY;UNTIL=20300101;BYWEEKNO=1,-1;BYDAY=MO;WKST=SU",
        "FREQ=DAILY;UNTIL=20300101T120000;BYHOUR=1,2;BYMINUTE=0;BYSECOND=0,30",
        "FREQ=SECONDLY;INTERVAL=15",
    ])
    func descriptionRoundTrips(text: String) throws {
        let rule = try RecurrenceRule(parsing: text)
        #expect(rule.description == text)
        #expect(try RecurrenceRule(parsing: rule.description) == rule)
    }

    @Test func descriptionIsCanonical() throws {
        let rule = try RecurrenceRule(parsing: "RRULE:byminute=30;INTERVAL=1;wkst=MO;byhour=9;byday=tu,fr;freq=weekly")
        #expect(rule.description == "FREQ=WEEKLY;BYDAY=TU,FR;BYHOUR=9;BYMINUTE=30")
    }

    @Test(arguments: [
        ("FREQ=DAILY;BYHOUR=24", 18, "BYHOUR value 24 is out of range"),
        ("FREQ=DAILY;BYHOUR=1,x", 20, "BYHOUR needs integers, got 'x'"),
        ("FREQ=FORTNIGHTLY", 5, "unknown frequency 'FORTNIGHTLY'"),
        ("FREQ=DAILY;FOO=1", 11, "unknown rule part 'FOO'"),
        ("FREQ=DAILY;COUNT=3;COUNT=4", 19, "duplicate rule part COUNT"),
        ("FREQ=DAILY;COUNT=3;UNTIL=20270101", 19, "COUNT and UNTIL cannot both be given"),
        ("FREQ=WEEKLY;BYDAY=2TU", 12, "BYDAY ordinals (like 2TU) need FREQ=MONTHLY or FREQ=YEARLY"),
        ("FREQ=MONTHLY;BYWEEKNO=3", 13, "BYWEEKNO needs FREQ=YEARLY"),
        ("FREQ=MONTHLY;BYYEARDAY=3", 13, "BYYEARDAY cannot be used with FREQ=MONTHLY"),
        ("FREQ=WEEKLY;BYMONTHDAY=3", 12, "BYMONTHDAY cannot be used with FREQ=WEEKLY"),
        ("FREQ=MONTHLY;BYMONTHDAY=0", 24, "BYMONTHDAY value 0 is out of range"),
        ("FREQ=MONTHLY;BYDAY=1XX", 19, "BYDAY needs weekdays like MO or 2TU or -1FR, got '1XX'"),
        ("FREQ=MONTHLY;BYDAY=0MO", 19, "BYDAY ordinal 0 is out of range"),
        ("FREQ=DAILY;UNTIL=20270230", 17, "UNTIL date 2027-02-30 does not exist"),
        ("FREQ=DAILY;UNTIL=2027", 17, "UNTIL needs YYYYMMDD"),
        ("FREQ=DAILY;INTERVAL=0", 20, "INTERVAL value 0 is out of range"),
        ("FREQ=DAILY;BYSETPOS=1", 11, "BYSETPOS needs another BYxxx rule part"),
        ("BYHOUR=1", 0, "missing FREQ"),
        ("FREQ=DAILY;;BYHOUR=1", 11, "empty rule part"),
        ("FREQ=DAILY;BYHOUR", 11, "expected NAME=VALUE"),
        ("RRULE:FREQ=DAILY;WKST=XY", 22, "unknown weekday 'XY'"),
    ])
    func reportsErrorsWithOffsets(text: String, offset: Int, message: String) throws {
        let e = try #require(error(text))
        #expect(e.offset == offset, "\(e)")
        #expect(e.message.hasPrefix(message), "\(e)")
    }

    @Test func validateChecksMemberwiseRules() {
        #expect(throws: RecurrenceError.self) { try RecurrenceRule(frequency: .daily, interval: 0).validate() }
        #expect(throws: RecurrenceError.self) { try RecurrenceRule(frequency: .daily, byMonth: [13]).validate() }
        #expect(throws: Never.self) { try RecurrenceRule(frequency: .weekly, byDay: [.init(.monday)]).validate() }
    }
}
