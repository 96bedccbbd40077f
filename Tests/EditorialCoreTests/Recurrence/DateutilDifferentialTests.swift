import Foundation
import Testing

@testable import EditorialCore

/// Compares local expansion with python-dateutil's `rrulestr` on a few hundred random rules.
///
/// The seed is random per run and printed in every failure; set `RRULE_DIFF_SEED` to replay one.
/// python3 with python-dateutil must be installed (`pip install python-dateutil`): without it the test
/// fails rather than skips. The generator avoids six documented dateutil deviations from RFC 5545:
/// plain and numbered BYDAY entries in one rule (dateutil intersects them instead of uniting them),
/// YEARLY BYMONTHDAY without BYMONTH (dateutil takes every month, RFC 5545 DTSTART's),
/// BYWEEKNO values ±52/±53 (dateutil misnumbers some weeks that straddle a year end), BYWEEKNO without
/// BYDAY (dateutil takes every day of the weeks, RFC 5545 DTSTART's weekday) and date-only UNTIL
/// (dateutil reads it as midnight, editoriald as the whole day); and BYSETPOS with WEEKLY (dateutil applies
/// it to a first week cut short at DTSTART, RFC 5545 to the whole week). `LibicalDifferentialTests` covers
/// them all, with libical as a second reference.
struct DateutilDifferentialTests {
    struct Generator {
        var source: SplitMix64
        init(state: UInt64) { source = SplitMix64(state: state) }
        mutating func next() -> UInt64 { source.next() }
        mutating func int(_ range: ClosedRange<Int>) -> Int {
            range.lowerBound + Int(next() % UInt64(range.count))
        }
        mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }
        mutating func some(_ range: ClosedRange<Int>, max n: Int, nonZeroSigned: Bool = false) -> [Int] {
            var values: [Int] = []
            for _ in 0..<int(1...n) {
                var v = int(range)
                if nonZeroSigned, chance(30) { v = -v }
                if !values.contains(v) { values.append(v) }
            }
            return values
        }
    }

    struct Case {
        var start: LocalDateTime
        var rule: RecurrenceRule
        var through: LocalDateTime
        var limit: Int
    }

    static func randomCase(_ g: inout Generator) -> Case {
        let frequencies: [RecurrenceRule.Frequency] = [
            .yearly, .yearly, .monthly, .monthly, .monthly, .weekly, .weekly, .daily, .daily, .hourly, .minutely,
        ]
        let f = frequencies[g.int(0...frequencies.count - 1)]
        let start = LocalDateTime(
            year: g.int(2019...2031), month: g.int(1...12), day: g.int(1...28), hour: g.int(0...23),
            minute: g.int(0...59), second: g.chance(10) ? g.int(0...59) : 0)
        var rule = RecurrenceRule(frequency: f, interval: g.chance(60) ? 1 : g.int(2...4))
        rule.weekStart = g.chance(70) ? .monday : Weekday(rawValue: g.int(1...7))!
        let coarse = f.rank >= 3
        if g.chance(coarse ? 30 : 15) { rule.byMonth = g.some(1...12, max: 4) }
        // A YEARLY BYMONTHDAY needs BYMONTH here: without one, dateutil takes every month, RFC 5545 DTSTART's.
        if f != .weekly, g.chance(30), f != .yearly || !rule.byMonth.isEmpty {
            rule.byMonthDay = g.some(1...31, max: 3, nonZeroSigned: true)
        }
        if g.chance(50) {
            if (f == .monthly || f == .yearly), g.chance(50) {
                let maxOrdinal = f == .yearly && rule.byMonth.isEmpty ? 53 : 5
                rule.byDay = (0..<g.int(1...2)).map { _ in
                    .init(Weekday(rawValue: g.int(1...7))!, ordinal: g.int(1...maxOrdinal) * (g.chance(40) ? -1 : 1))
                }
            } else {
                rule.byDay = g.some(1...7, max: 3).map { .init(Weekday(rawValue: $0)!) }
            }
        }
        if f == .yearly, g.chance(15) { rule.byYearDay = g.some(1...366, max: 3, nonZeroSigned: true) }
        if f == .yearly, g.chance(15), !rule.byDay.isEmpty, !rule.byDay.contains(where: { $0.ordinal != nil }) {
            rule.byWeekNo = g.some(1...51, max: 2, nonZeroSigned: true)
        }
        if coarse, g.chance(25) { rule.byHour = g.some(0...23, max: 3) }
        if f.rank >= 2, g.chance(20) { rule.byMinute = g.some(0...59, max: 2) }
        if !coarse, g.chance(40) { rule.byHour = g.some(0...23, max: 6) }
        let hasOther = !(rule.byMonth + rule.byMonthDay + rule.byYearDay + rule.byWeekNo + rule.byHour).isEmpty
        if f != .weekly, g.chance(20), hasOther || !rule.byDay.isEmpty {
            rule.bySetPos = g.some(1...4, max: 2, nonZeroSigned: true)
        }
        var through = start
        through.year += coarse ? 6 : 1
        switch g.int(0...2) {
        case 0: rule.count = g.int(1...30)
        case 1:
            var until = start
            until.year += g.int(0...3)
            until.month = g.int(1...12)
            until.hour = g.int(0...23)
            rule.until = .local(until)
        default: break
        }
        return Case(start: start, rule: rule, through: through, limit: 40)
    }

    static let script = """
        import sys, signal
        from datetime import datetime
        from dateutil.rrule import rrulestr
        class Slow(Exception):
            pass
        def alarm(*_):
            raise Slow()
        signal.signal(signal.SIGALRM, alarm)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGALRM])
        fmt = '%Y%m%dT%H%M%S'
        for line in sys.stdin:
            start, rule, limit, through = line.rstrip('\\n').split('\\t')
            out = []
            status = 'OK'
            # The alarm may also fire just after the loop ends, before it is disarmed: the outer handler
            # catches that too (the output is then compared as a prefix, which is still exact).
            try:
                signal.setitimer(signal.ITIMER_REAL, 0.15)
                try:
                    for d in rrulestr(rule, dtstart=datetime.strptime(start, fmt)):
                        if d > datetime.strptime(through, fmt) or len(out) >= int(limit):
                            break
                        out.append(d.strftime(fmt))
                finally:
                    signal.setitimer(signal.ITIMER_REAL, 0)
            except Slow:
                status = 'SLOW'
            except ValueError:
                status = 'NEVER'
            print(status, ' '.join(out), flush=False)
        """

    static func compact(_ t: LocalDateTime) -> String {
        t.description.replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
    }

    // The child inherits the signal mask of the test thread, which may block SIGALRM: the script unblocks it.
    @Test func matchesPythonDateutil() throws {
        let seed =
            ProcessInfo.processInfo.environment["RRULE_DIFF_SEED"].flatMap(UInt64.init)
            ?? UInt64.random(in: 1...1 << 48)
        let check = ReferenceProcesses.python(["-c", "import dateutil"], input: "")
        guard let check, check.status == 0 else {
            Issue.record(
                "python3 with python-dateutil is required for this test (pip install python-dateutil): \(check?.error ?? "python3 not found")"
            )
            return
        }
        var g = Generator(state: seed)
        let cases = (0..<300).map { _ in DateutilDifferentialTests.randomCase(&g) }
        let input = cases.map {
            "\(Self.compact($0.start))\tRRULE:\($0.rule)\t\($0.limit)\t\(Self.compact($0.through))\n"
        }.joined()
        if let dump = ProcessInfo.processInfo.environment["RRULE_DIFF_DUMP"] {
            try input.write(toFile: dump, atomically: true, encoding: .utf8)
        }
        let result = try #require(
            ReferenceProcesses.python(["-c", DateutilDifferentialTests.script], input: input))
        #expect(result.status == 0, "dateutil script failed (seed \(seed)): \(result.error)")
        let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        try #require(
            lines.count >= cases.count, "dateutil gave \(lines.count) lines for \(cases.count) rules (seed \(seed))")
        var slow = 0
        var nonEmpty = 0
        for (i, c) in cases.enumerated() {
            let words = lines[i].split(separator: " ").map(String.init)
            let theirs = Array(words.dropFirst())
            let set = RecurrenceSet(start: c.start, rules: [c.rule])
            let ours = set.localOccurrences(through: c.through).prefix(c.limit).map { Self.compact($0) }
            if !ours.isEmpty { nonEmpty += 1 }
            let context =
                "seed \(seed), DTSTART \(Self.compact(c.start)), RRULE \(c.rule), through \(Self.compact(c.through))"
            if words.first == "SLOW" {
                // dateutil gave up after 0.15 s (it scans to year 9999 for rules that never match): compare a prefix.
                slow += 1
                #expect(Array(ours.prefix(theirs.count)) == theirs, "\(context)")
            } else if words.first == "NEVER" {
                // dateutil rejects sub-daily rules whose INTERVAL can never meet their BYHOUR/BYMINUTE values.
                #expect(ours.isEmpty, "\(context)")
            } else {
                #expect(Array(ours) == theirs, "\(context)")
            }
        }
        #expect(slow < 60, "too many rules where dateutil was slow (seed \(seed))")
        #expect(nonEmpty > 200, "too few rules produced occurrences to be a useful comparison (seed \(seed))")
    }
}
