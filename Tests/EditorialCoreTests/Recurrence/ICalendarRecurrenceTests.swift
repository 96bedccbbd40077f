import Testing

@testable import EditorialCore

struct ICalendarRecurrenceTests {
    let rome = ZoneRules(identifier: "Europe/Rome")!
    let newYork = ZoneRules(identifier: "America/New_York")!
    let fallback = LocalDateTime(year: 2027, month: 1, day: 1)

    func locals(_ r: ICalendarRecurrence, through: String = "2027-12-31T23:59") -> [String] {
        guard case .success(.local(let last, _)) = TimeText.parse(through) else { return [] }
        return r.set.localOccurrences(through: last).filter { !r.exceptDays.contains($0.daysSinceEpoch) }.map(
            \.shortDescription)
    }

    @Test func theRFCFridayThe13thExample() throws {
        // RFC 5545 §3.8.5.3: every Friday the 13th, excluding DTSTART.
        let r = try ICalendarRecurrence(
            parsing: """
                DTSTART;TZID=America/New_York:19970902T090000
                EXDATE;TZID=America/New_York:19970902T090000
                RRULE:FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13
                """, zone: newYork, defaultStart: fallback)
        #expect(
            locals(r, through: "2000-12-31T00:00") == [
                "1998-02-13T09:00", "1998-03-13T09:00", "1998-11-13T09:00", "1999-08-13T09:00", "2000-10-13T09:00",
            ])
        #expect(r.hasStart)
    }

    @Test func aDTSTARTTheRuleDoesNotMatchIsNoOccurrence() throws {
        // RFC 5545 leaves this set undefined; libical and python-dateutil leave the start out and count only
        // the rule's occurrences toward COUNT.
        let r = try ICalendarRecurrence(
            parsing: "DTSTART:20270101T093000\nRRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=3", zone: rome, defaultStart: fallback)
        #expect(locals(r) == ["2027-01-05T09:30", "2027-01-12T09:30", "2027-01-19T09:30"])
        #expect(r.unmatchedStart == LocalDateTime(year: 2027, month: 1, day: 1, hour: 9, minute: 30))
        let matching = try ICalendarRecurrence(
            parsing: "DTSTART:20270105T093000\nRRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=3", zone: rome, defaultStart: fallback)
        #expect(matching.unmatchedStart == nil)
        let listed = try ICalendarRecurrence(
            parsing: "DTSTART:20270101T093000\nRDATE:20270101T093000\nRRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=1", zone: rome,
            defaultStart: fallback)
        #expect(locals(listed) == ["2027-01-01T09:30", "2027-01-05T09:30"])
        #expect(listed.unmatchedStart == nil)
        // Excluded anyway: both readings agree, unless COUNT would have counted it.
        let excluded = try ICalendarRecurrence(
            parsing: "DTSTART:20270101T093000\nEXDATE:20270101T093000\nRRULE:FREQ=WEEKLY;BYDAY=TU", zone: rome,
            defaultStart: fallback)
        #expect(excluded.unmatchedStart == nil)
        let counted = try ICalendarRecurrence(
            parsing: "DTSTART:20270101T093000\nEXDATE;VALUE=DATE:20270101\nRRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=2",
            zone: rome, defaultStart: fallback)
        #expect(counted.unmatchedStart != nil)
    }

    @Test func otherZonesAndUTCAreReadInThePlansZone() throws {
        let r = try ICalendarRecurrence(
            parsing: """
                DTSTART;TZID=Europe/Rome:20270105T093000
                RRULE:FREQ=DAILY;COUNT=2
                RDATE:20270110T120000Z
                RDATE;VALUE=DATE-TIME:20270111T120000Z,20270712T120000Z
                EXDATE;TZID=America/New_York:20270106T033000
                RDATE;TZID=America/New_York:20270106T043000
                """, zone: rome, defaultStart: fallback)
        // 12:00Z is 13:00 in Rome in winter, 14:00 in summer; 03:30 in New York (-05:00) is 09:30 in Rome.
        #expect(
            locals(r) == [
                "2027-01-05T09:30", "2027-01-06T10:30", "2027-01-10T13:00", "2027-01-11T13:00", "2027-07-12T14:00",
            ])
    }

    @Test func dateOnlyExdatesRemoveTheDayAndFoldedLinesAreJoined() throws {
        let r = try ICalendarRecurrence(
            parsing: "RRULE:FREQ=DAILY;BYHOUR=9,18;\n COUNT=6\nEXDATE;VALUE=DATE:20270102", zone: rome,
            defaultStart: fallback)
        #expect(locals(r) == ["2027-01-01T09:00", "2027-01-01T18:00", "2027-01-03T09:00", "2027-01-03T18:00"])
        #expect(!r.hasStart)
        #expect(r.unmatchedStart == nil)
    }

    @Test(arguments: [
        ("RRULE:FREQ=DAILY\nDTSTART:2027", 25, "'2027' is not YYYYMMDD"),
        ("DTSTART:20270101T090000\nRRULE:FREQ=DAILY;BYDAY=XX", 47, "BYDAY needs weekdays"),
        ("RRULE:FREQ=DAILY\nSUMMARY:hello", 17, "unknown property 'SUMMARY'"),
        ("DTSTART:20270101T090000", 0, "no RRULE or RDATE line"),
        ("RDATE;TZID=Mars/Base:20270101T090000\nRRULE:FREQ=DAILY", 21, "unknown time zone 'Mars/Base'"),
        ("DTSTART:20270230T090000\nRRULE:FREQ=DAILY", 8, "'20270230T090000' is not a real date"),
        ("EXRULE:FREQ=DAILY\nRRULE:FREQ=DAILY", 0, "EXRULE was removed"),
        ("RRULE:FREQ=DAILY\nDTSTART;TZID=America/New_York:20270101T090000", 17, "DTSTART is in America/New_York"),
        ("DTSTART:20270101T090000Z\nRRULE:FREQ=DAILY", 8, "DTSTART is in UTC"),
    ])
    func errorsCarryOffsets(text: String, offset: Int, message: String) {
        do {
            _ = try ICalendarRecurrence(parsing: text, zone: rome, defaultStart: fallback)
            Issue.record("expected an error for \(text)")
        } catch {
            #expect(error.offset == offset, "\(error)")
            #expect(error.message.hasPrefix(message), "\(error)")
        }
    }
}
