import Testing

@testable import EditorialCore

/// `ICalendarTime`: DATE, DATE-TIME, UTC-OFFSET and DURATION values.
struct ICalendarTimeTests {
    @Test func writesDatesAndTimes() {
        let t = LocalDateTime(year: 2026, month: 3, day: 9, hour: 7, minute: 5, second: 3)
        #expect(ICalendarTime.local(t) == "20260309T070503")
        #expect(ICalendarTime.date(t) == "20260309")
        #expect(ICalendarTime.utc(0) == "19700101T000000Z")
        #expect(ICalendarTime.utc(1_774_747_800) == "20260329T013000Z")
        #expect(ICalendarTime.utc(-1) == "19691231T235959Z")
        #expect(
            ICalendarTime.local(LocalDateTime(year: 999, month: 12, day: 31, hour: 23, minute: 59, second: 59))
                == "09991231T235959")
        #expect(ICalendarTime.local(LocalDateTime(year: 9_999, month: 1, day: 1)) == "99990101T000000")
        // Outside RFC 5545's four digits: written in full rather than wrapped.
        #expect(ICalendarTime.date(LocalDateTime(year: 12_345, month: 6, day: 7)) == "123450607")
        #expect(ICalendarTime.local(LocalDateTime(year: -44, month: 3, day: 15, hour: 12)) == "-00440315T120000")
    }

    @Test func writesOffsets() {
        #expect(ICalendarTime.offset(0) == "+0000")
        #expect(ICalendarTime.offset(3600) == "+0100")
        #expect(ICalendarTime.offset(20_700) == "+0545")
        #expect(ICalendarTime.offset(-12_600) == "-0330")
        #expect(ICalendarTime.offset(37_800) == "+1030")
        #expect(ICalendarTime.offset(-36_000) == "-1000")
        #expect(ICalendarTime.offset(50_400) == "+1400")
        #expect(ICalendarTime.offset(5_025) == "+012345")
        #expect(ICalendarTime.offset(-(3600 + 23 * 60 + 45)) == "-012345")
        #expect(ICalendarTime.offset(5 * 3600 + 41 * 60 + 16) == "+054116")
    }

    @Test func writesDurations() {
        func d(_ days: Int = 0, _ seconds: Int = 0, negative: Bool = false) -> String {
            ICalendarTime.duration(NominalDuration(days: days, seconds: seconds), negative: negative)
        }
        #expect(d() == "PT0S")
        #expect(d(negative: true) == "PT0S")
        #expect(d(1) == "P1D")
        #expect(d(1, negative: true) == "-P1D")
        #expect(d(0, 3600, negative: true) == "-PT1H")
        #expect(d(1, 2 * 3600 + 30 * 60, negative: true) == "-P1DT2H30M")
        #expect(d(14) == "P2W")
        #expect(d(14, 60) == "P14DT1M")
        #expect(d(10) == "P10D")
        #expect(d(0, 90) == "PT1M30S")
        #expect(d(0, 45) == "PT45S")
        // RFC 5545's grammar has no gaps between time units: hours then seconds need the minutes.
        #expect(d(0, 3605) == "PT1H0M5S")
        #expect(d(2, 7200 + 5) == "P2DT2H0M5S")
        #expect(d(0, 90_000) == "PT25H")
        #expect(d(-7) == "-P1W")
        #expect(d(-1, -60, negative: true) == "P1DT1M")
        #expect(d(0, 30 * 60) == NominalDuration(seconds: 1800).description)
    }

    /// Every duration NominalDuration parses comes back as RFC 5545 text that parses to the same value.
    @Test func durationsParseBack() throws {
        for days in [0, 1, 6, 7, 13, 14, 30] {
            for seconds in [0, 1, 59, 60, 61, 3599, 3600, 3601, 3660, 86_399, 86_400, 100_000] {
                let duration = NominalDuration(days: days, seconds: seconds)
                let text = ICalendarTime.duration(duration)
                #expect(try NominalDuration(parsing: text) == duration, "\(text)")
                let negative = ICalendarTime.duration(duration, negative: true)
                #expect(duration == .zero ? negative == "PT0S" : negative == "-" + text)
            }
        }
    }
}
