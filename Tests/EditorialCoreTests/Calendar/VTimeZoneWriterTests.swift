import Testing

@testable import EditorialCore

/// `VTimeZoneWriter`: one observance for the offset at the start, then one per change, with explicit onsets.
struct VTimeZoneWriterTests {
    /// The VTIMEZONE's logical lines without TZNAME, whose text depends on the process's locale (ICU).
    static func lines(_ id: String, from: Int64, to: Int64) -> [String] {
        var w = ICalendarWriter()
        VTimeZoneWriter.write(ZoneRules(identifier: id)!, from: from, to: to, into: &w)
        return ICalendarTestSupport.checkedLogicalLines(w.bytes).filter { !$0.hasPrefix("TZNAME:") }
    }

    static func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0) -> Int64 {
        LocalDateTime(year: year, month: month, day: day, hour: hour).secondsSinceEpochAsUTC
    }

    @Test func romeForOneYear() {
        #expect(
            Self.lines("Europe/Rome", from: Self.utc(2026, 1, 10, 12), to: Self.utc(2026, 12, 31)) == [
                "BEGIN:VTIMEZONE", "TZID:Europe/Rome", "X-LIC-LOCATION:Europe/Rome",
                "BEGIN:STANDARD", "DTSTART:20260110T000000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0100", "END:STANDARD",
                "BEGIN:DAYLIGHT", "DTSTART:20260329T020000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "END:DAYLIGHT",
                "BEGIN:STANDARD", "DTSTART:20261025T030000", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "END:STANDARD",
                "END:VTIMEZONE",
            ])
    }

    @Test func startsInDaylightTime() {
        // 2026-07-01T23:30Z is already 2 July in Rome: the first observance starts at that local midnight.
        #expect(
            Self.lines("Europe/Rome", from: Self.utc(2026, 7, 1, 23) + 1800, to: Self.utc(2026, 8, 1)) == [
                "BEGIN:VTIMEZONE", "TZID:Europe/Rome", "X-LIC-LOCATION:Europe/Rome",
                "BEGIN:DAYLIGHT", "DTSTART:20260702T000000", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0200", "END:DAYLIGHT",
                "END:VTIMEZONE",
            ])
    }

    @Test func kathmandu1986() {
        #expect(
            Self.lines("Asia/Kathmandu", from: Self.utc(1985, 6, 1), to: Self.utc(1986, 6, 1)) == [
                "BEGIN:VTIMEZONE", "TZID:Asia/Kathmandu", "X-LIC-LOCATION:Asia/Kathmandu",
                "BEGIN:STANDARD", "DTSTART:19850601T000000", "TZOFFSETFROM:+0530", "TZOFFSETTO:+0530", "END:STANDARD",
                "BEGIN:STANDARD", "DTSTART:19860101T000000", "TZOFFSETFROM:+0530", "TZOFFSETTO:+0545", "END:STANDARD",
                "END:VTIMEZONE",
            ])
    }

    @Test func stJohnsAndLordHowe() {
        let stJohns = Self.lines("America/St_Johns", from: Self.utc(2026, 1, 1), to: Self.utc(2026, 12, 31))
        #expect(stJohns.contains("DTSTART:20260308T020000"))
        #expect(
            stJohns.filter { $0.hasPrefix("TZOFFSET") } == [
                "TZOFFSETFROM:-0330", "TZOFFSETTO:-0330", "TZOFFSETFROM:-0330", "TZOFFSETTO:-0230",
                "TZOFFSETFROM:-0230",
                "TZOFFSETTO:-0330",
            ])
        let lordHowe = Self.lines("Australia/Lord_Howe", from: Self.utc(2026, 1, 1), to: Self.utc(2026, 12, 31))
        #expect(
            lordHowe.filter { $0.hasPrefix("TZOFFSET") || $0.hasPrefix("BEGIN:") } == [
                "BEGIN:VTIMEZONE", "BEGIN:DAYLIGHT", "TZOFFSETFROM:+1100", "TZOFFSETTO:+1100", "BEGIN:STANDARD",
                "TZOFFSETFROM:+1100", "TZOFFSETTO:+1030", "BEGIN:DAYLIGHT", "TZOFFSETFROM:+1030", "TZOFFSETTO:+1100",
            ])
    }

    @Test func zonesWithoutChangesGetOneStandardObservance() {
        for (id, offset) in [("UTC", "+0000"), ("Asia/Kolkata", "+0530")] {
            #expect(
                Self.lines(id, from: Self.utc(2026, 1, 1), to: Self.utc(2030, 1, 1)) == [
                    "BEGIN:VTIMEZONE", "TZID:\(id)", "X-LIC-LOCATION:\(id)",
                    "BEGIN:STANDARD", "DTSTART:20260101T000000", "TZOFFSETFROM:\(offset)", "TZOFFSETTO:\(offset)",
                    "END:STANDARD", "END:VTIMEZONE",
                ])
        }
    }

    @Test func namesOnlyRealAbbreviations() {
        var w = ICalendarWriter()
        VTimeZoneWriter.write(ZoneRules(identifier: "Asia/Kathmandu")!, from: 0, to: Self.utc(2000, 1, 1), into: &w)
        VTimeZoneWriter.write(ZoneRules(identifier: "America/New_York")!, from: 0, to: Self.utc(2000, 1, 1), into: &w)
        for name in w.string.split(separator: "\r\n").filter({ $0.hasPrefix("TZNAME:") }) {
            #expect(!name.hasPrefix("TZNAME:GMT+") && !name.hasPrefix("TZNAME:GMT-") && !name.hasPrefix("TZNAME:+"))
        }
    }

    @Test func manyYearsOfNewYork() {
        let lines = Self.lines("America/New_York", from: Self.utc(1970, 1, 1), to: Self.utc(2040, 1, 1))
        let daylight = lines.filter { $0 == "BEGIN:DAYLIGHT" }.count
        let standard = lines.filter { $0 == "BEGIN:STANDARD" }.count
        // 1974 and 1975 had early starts but still two changes a year.
        #expect(daylight == 70)
        #expect(standard == 71)
        #expect(lines.contains("DTSTART:20071104T020000"))
        #expect(lines.contains("DTSTART:20070311T020000"))
        #expect(!lines.contains { $0.hasPrefix("RRULE") })
    }
}
