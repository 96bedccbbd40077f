import Foundation
import Testing

@testable import EditorialCore

/// `Retry-After` values: RFC 9110's examples and forms, garbage, and random dates written by python (`formatdate`,
/// `strftime`, `asctime`) and read back by `email.utils.parsedate_to_datetime` (replay with `RETRY_AFTER_SEED`).
struct DeliveryRetryAfterTests {
    // Sun, 06 Nov 1994 08:49:37 GMT.
    static let example: Int64 = 784_111_777

    @Test func delaySeconds() {
        #expect(RetryAfter.seconds("120", now: 0) == 120)
        #expect(RetryAfter.seconds(" 120\t", now: 0) == 120)
        #expect(RetryAfter.seconds("0", now: 5) == 0)
        #expect(RetryAfter.seconds("-5", now: 5) == 0)
        #expect(RetryAfter.seconds("99999999999999999999999", now: 0) == RetryAfter.longest)
    }

    @Test func rfc9110Dates() {
        let now = Self.example - 100
        #expect(RetryAfter.seconds("Sun, 06 Nov 1994 08:49:37 GMT", now: now) == 100)
        #expect(RetryAfter.seconds("Sunday, 06-Nov-94 08:49:37 GMT", now: now) == 100)
        #expect(RetryAfter.seconds("Sun Nov  6 08:49:37 1994", now: now) == 100)
        // RFC 9110 §10.2.3's example, read a minute before.
        let end1999 = Int64(LocalDateTime.days(year: 1999, month: 12, day: 31)) * 86_400 + 86_399
        #expect(RetryAfter.seconds("Fri, 31 Dec 1999 23:59:59 GMT", now: end1999 - 60) == 60)
        #expect(RetryAfter.seconds("fri, 31 dec 1999 23:59:59 gmt", now: end1999 - 60) == 60)
        #expect(RetryAfter.seconds("Sun Nov 16 08:49:37 1994", now: now) == Int64(100 + 10 * 86_400))
    }

    @Test func pastDatesGiveZero() {
        #expect(RetryAfter.seconds("Sun, 06 Nov 1994 08:49:37 GMT", now: Self.example + 1) == 0)
        #expect(RetryAfter.seconds("Sun, 06 Nov 1994 08:49:37 GMT", now: 2_000_000_000) == 0)
    }

    // RFC 9110 §5.6.7: a two-digit year more than 50 years ahead is the latest past year with those digits.
    @Test func rfc850TwoDigitYears() {
        let in2027 = Int64(LocalDateTime.days(year: 2027, month: 1, day: 1)) * 86_400
        let friday2077 = Int64(LocalDateTime.days(year: 2077, month: 1, day: 1)) * 86_400
        #expect(RetryAfter.seconds("Friday, 01-Jan-77 00:00:00 GMT", now: in2027) == friday2077 - in2027)
        #expect(RetryAfter.seconds("Sunday, 06-Nov-94 08:49:37 GMT", now: in2027) == 0)
        #expect(RetryAfter.seconds("Friday, 01-Jan-27 00:00:10 GMT", now: in2027) == 10)
    }

    @Test func garbageIsNil() {
        for text in [
            "", "  ", "abc", "12a", "1.5", "+5", "0x10", "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 06 Nov 1994 08:49:37",
            "Sun, 6 Nov 1994 08:49:37 GMT", "Sun, 32 Nov 1994 08:49:37 GMT", "Wed, 29 Feb 1995 08:49:37 GMT",
            "Sun, 06 Nov 1994 24:00:00 GMT", "Sun, 06 Nov 1994 08:60:00 GMT", "Sun, 06 Foo 1994 08:49:37 GMT",
            "Xyz, 06 Nov 1994 08:49:37 GMT", "Sun 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-1994 08:49:37 GMT",
            "Sun, 06-Nov-94 08:49:37 GMT", "Sun Nov 6 08:49:37 1994", "Sun Nov  6 08:49 1994",
            "Sun Nov  6 8:49:37 1994",
            "Sun, 06 Nov 1994 08:49:37 GMT extra", "120 seconds",
        ] {
            #expect(RetryAfter.seconds(text, now: 0) == nil, "\(text)")
        }
    }

    @Test func matchesPythonOnRandomDates() throws {
        let seed =
            ProcessInfo.processInfo.environment["RETRY_AFTER_SEED"].flatMap(UInt64.init)
            ?? UInt64.random(in: 1...1 << 48)
        print("DeliveryRetryAfterTests seed \(seed)")
        var random = SplitMix64(state: seed)
        let instants = (0..<60).map { _ in Int64.random(in: 0...2_900_000_000, using: &random) }
        let script = """
            import sys, time, email.utils
            for line in sys.stdin:
                t = int(line)
                g = time.gmtime(t)
                forms = [email.utils.formatdate(t, usegmt=True), time.strftime("%A, %d-%b-%y %H:%M:%S GMT", g),
                         time.asctime(g)]
                parsed = [int(email.utils.parsedate_to_datetime(f).timestamp()) for f in (forms[0], forms[2])]
                print("|".join(forms + [str(p) for p in parsed]))
            """
        let input = instants.map { "\($0)\n" }.joined()
        let result = try #require(
            ReferenceProcesses.run(URL(fileURLWithPath: "/usr/bin/python3"), ["-c", script], input: input),
            "cannot start /usr/bin/python3")
        try #require(result.status == 0, "python failed (seed \(seed)): \(result.error)")
        let lines = result.output.split(separator: "\n").map { $0.split(separator: "|").map(String.init) }
        try #require(lines.count == instants.count, "seed \(seed)")
        for (t, line) in zip(instants, lines) {
            let ahead = Int64.random(in: 0...10_000_000, using: &random)
            let now = t - ahead
            let context = "seed \(seed), \(line)"
            #expect(Int64(line[3]) == t && Int64(line[4]) == t, "python disagrees with itself: \(context)")
            for form in line[0..<3] {
                #expect(RetryAfter.seconds(form, now: now) == ahead, "\(form): \(context)")
                #expect(RetryAfter.seconds(form, now: t + 1) == 0, "\(form): \(context)")
            }
        }
    }
}
