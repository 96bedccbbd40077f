import Testing

@testable import EditorialCore

/// The `every:` shorthand: each form and the RRULE it stands for, and errors with offsets.
struct ShorthandTests {
    @Test(arguments: [
        ("daily 09:30", "FREQ=DAILY;BYHOUR=9;BYMINUTE=30;BYSECOND=0"),
        ("every day at 7:05", "FREQ=DAILY;BYHOUR=7;BYMINUTE=5;BYSECOND=0"),
        ("weekdays 09:30", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9;BYMINUTE=30;BYSECOND=0"),
        ("Weekends 10:00", "FREQ=WEEKLY;BYDAY=SA,SU;BYHOUR=10;BYMINUTE=0;BYSECOND=0"),
        ("tuesday, friday 09:30", "FREQ=WEEKLY;BYDAY=TU,FR;BYHOUR=9;BYMINUTE=30;BYSECOND=0"),
        ("tue and FRI 09:30", "FREQ=WEEKLY;BYDAY=TU,FR;BYHOUR=9;BYMINUTE=30;BYSECOND=0"),
        ("every monday 09:00, 17:30", "FREQ=WEEKLY;BYDAY=MO;BYHOUR=9,17;BYMINUTE=0,30;BYSECOND=0;BYSETPOS=1,4"),
        (
            "monday, thursday 09:00, 17:30",
            "FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=9,17;BYMINUTE=0,30;BYSECOND=0;BYSETPOS=1,4,5,8"
        ),
        ("monday 09:00, 17:00", "FREQ=WEEKLY;BYDAY=MO;BYHOUR=9,17;BYMINUTE=0;BYSECOND=0"),
        ("first monday 10:00", "FREQ=MONTHLY;BYDAY=1MO;BYHOUR=10;BYMINUTE=0;BYSECOND=0"),
        ("2nd tuesday 09:00", "FREQ=MONTHLY;BYDAY=2TU;BYHOUR=9;BYMINUTE=0;BYSECOND=0"),
        ("last friday 17:00", "FREQ=MONTHLY;BYDAY=-1FR;BYHOUR=17;BYMINUTE=0;BYSECOND=0"),
        ("second-to-last friday 17:00", "FREQ=MONTHLY;BYDAY=-2FR;BYHOUR=17;BYMINUTE=0;BYSECOND=0"),
        ("second to last friday 17:00", "FREQ=MONTHLY;BYDAY=-2FR;BYHOUR=17;BYMINUTE=0;BYSECOND=0"),
        ("first and third monday 10:00", "FREQ=MONTHLY;BYDAY=1MO,3MO;BYHOUR=10;BYMINUTE=0;BYSECOND=0"),
        ("day 15 09:00", "FREQ=MONTHLY;BYMONTHDAY=15;BYHOUR=9;BYMINUTE=0;BYSECOND=0"),
        ("days 1, 15 09:00", "FREQ=MONTHLY;BYMONTHDAY=1,15;BYHOUR=9;BYMINUTE=0;BYSECOND=0"),
        ("last day 18:00", "FREQ=MONTHLY;BYMONTHDAY=-1;BYHOUR=18;BYMINUTE=0;BYSECOND=0"),
        ("every 2 weeks on monday 09:00", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;BYHOUR=9;BYMINUTE=0;BYSECOND=0"),
        (
            "every other month on first monday 10:00",
            "FREQ=MONTHLY;INTERVAL=2;BYDAY=1MO;BYHOUR=10;BYMINUTE=0;BYSECOND=0"
        ),
        ("every 3 days 08:15:30", "FREQ=DAILY;INTERVAL=3;BYHOUR=8;BYMINUTE=15;BYSECOND=30"),
        ("monthly on day 1 09:00", "FREQ=MONTHLY;BYMONTHDAY=1;BYHOUR=9;BYMINUTE=0;BYSECOND=0"),
    ])
    func mapsToRule(text: String, rrule: String) throws {
        let rule = try RecurrenceRule(shorthand: text)
        #expect(rule.description == rrule)
        #expect(rule == (try RecurrenceRule(parsing: rrule)))
    }

    @Test func severalTimesExpandToExactlyThoseTimes() throws {
        let rule = try RecurrenceRule(shorthand: "monday, thursday 09:00, 17:30")
        let set = RecurrenceSet(start: LocalDateTime(year: 2027, month: 3, day: 1), rules: [rule])
        let got = set.localOccurrences(through: LocalDateTime(year: 2027, month: 3, day: 7)).map(\.shortDescription)
        #expect(got == ["2027-03-01T09:00", "2027-03-01T17:30", "2027-03-04T09:00", "2027-03-04T17:30"])
    }

    @Test(arguments: [
        ("tusday 09:00", 0, "unknown weekday 'tusday' (did you mean 'tuesday'?)"),
        ("monday, frday 09:00", 8, "unknown weekday 'frday' (did you mean 'friday'?)"),
        ("dayli 09:00", 0, "unknown word 'dayli' (did you mean 'daily'?)"),
        ("daily", 5, "missing time of day"),
        ("daily 25:00", 6, "time '25:00' is out of range"),
        ("daily 09:00 sharp", 12, "unexpected 'sharp'"),
        ("every 2 fortnights monday 09:00", 8, "expected days, weeks or months"),
        ("every 2 weeks on first monday 09:00", 8, "'weeks' does not fit this schedule"),
        ("day 32 09:00", 4, "day of the month 32 is out of range"),
        ("first funday 09:00", 6, "unknown weekday 'funday' (did you mean 'sunday'?)"),
        ("day 15, 31 09:00, 17:30", 0, "several times of day"),
        ("first weekends 09:00", 6, "unexpected 'weekends' (expected a weekday)"),
        ("thurdsay 09:00", 0, "unknown weekday 'thurdsay' (did you mean 'thursday'?)"),
    ])
    func reportsErrors(text: String, offset: Int, message: String) {
        do {
            let rule = try RecurrenceRule(shorthand: text)
            Issue.record("expected an error, got \(rule)")
        } catch {
            #expect(error.offset == offset, "\(error)")
            #expect(error.message.hasPrefix(message), "\(error)")
        }
    }
}
