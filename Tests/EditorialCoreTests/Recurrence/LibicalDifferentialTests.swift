import Foundation
import Testing

@testable import EditorialCore

/// Compares editoriald's expansion with libical's (3.0, through `ical-probe`) and python-dateutil's on 10,000
/// random rules per run, drawn over every rule part: FREQ from SECONDLY to YEARLY, INTERVAL, COUNT and UNTIL
/// (floating or UTC, read as floating by all three), BYMONTH, BYWEEKNO ±, BYYEARDAY ±, BYMONTHDAY ±, BYDAY with
/// ordinals, BYHOUR, BYMINUTE, BYSECOND, BYSETPOS ± and WKST, from starts half of which are one of the rule's
/// occurrences and half arbitrary.
///
/// - Where libical and dateutil give the same complete answer, editoriald must give it too.
/// - Everywhere else (they disagree, or one gave up within its time limit) `RFC5545Oracle`, a brute-force reading
///   of RFC 5545 written for this test, decides: editoriald must give its answer, and each reference that does
///   not must be explained by one of the documented classes of `Disagreement` (each with its reason). The oracle
///   is itself checked against every sixteenth case where the references agree.
///
/// Anything else is a mismatch: the test fails with the seed and the first mismatching cases as
/// `DTSTART<TAB>RRULE<TAB>LIMIT<TAB>THROUGH` lines (the probe's input). A summary line gives the figures: rules
/// tried, all three agreeing, and each class's count. The seed is random per run and printed;
/// `LIBICAL_DIFF_SEED` replays a run, `LIBICAL_DIFF_CASES` names a file of such lines to run instead,
/// `LIBICAL_DIFF_COUNT` changes the number of rules, `LIBICAL_DIFF_DUMP` writes every decided case to a file.
///
/// Not drawn: date-only DTSTARTs (a slot always has a time) and date-only UNTILs with date-time starts, which
/// RFC 5545 does not allow (UNTIL takes DTSTART's value type; editoriald includes the whole day, both references
/// stop at its midnight). Rules with no occurrence up to THROUGH are mostly drawn again: libical 3.0 may search
/// for their next match forever, and dateutil scans to year 9999.
struct LibicalDifferentialTests {
    typealias Generator = DateutilDifferentialTests.Generator

    /// One random rule with its start and the bounds of the comparison.
    struct Case: Sendable {
        /// DTSTART, floating.
        var start: LocalDateTime
        /// The RRULE value.
        var text: String
        /// No occurrence after this is compared.
        var through: LocalDateTime
        /// At most this many occurrences are compared.
        var limit: Int

        /// The line `ical-probe rrule` and the dateutil script read.
        var line: String {
            "\(Self.compact(start))\t\(text)\t\(limit)\t\(Self.compact(through))"
        }

        /// `YYYYMMDDTHHMMSS`, written digit by digit (it is called a million times per run).
        static func compact(_ t: LocalDateTime) -> String {
            var bytes = [UInt8](repeating: 48, count: 15)
            func put(_ value: Int, at: Int, width: Int) {
                var v = value
                for i in stride(from: at + width - 1, through: at, by: -1) {
                    bytes[i] = UInt8(48 + v % 10)
                    v /= 10
                }
            }
            put(t.year, at: 0, width: 4)
            put(t.month, at: 4, width: 2)
            put(t.day, at: 6, width: 2)
            bytes[8] = UInt8(ascii: "T")
            put(t.hour, at: 9, width: 2)
            put(t.minute, at: 11, width: 2)
            put(t.second, at: 13, width: 2)
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// A reference's answer for one case.
    enum Answer: Equatable, Sendable {
        /// Every occurrence up to the limit or THROUGH.
        case complete([String])
        /// The reference gave up in time: a prefix of its answer.
        case prefix([String])
        /// The reference rejects the rule.
        case refused(String)

        /// The occurrences given, complete or not.
        var times: [String] {
            switch self {
            case .complete(let t), .prefix(let t): return t
            case .refused: return []
            }
        }

        /// Whether editoriald's complete answer `ours` is consistent with this one.
        func admits(_ ours: [String]) -> Bool {
            switch self {
            case .complete(let t): return ours == t
            case .prefix(let p): return ours.starts(with: p)
            case .refused: return false
            }
        }
    }

    // MARK: - Random rules

    /// A random case whose rule has occurrences up to THROUGH, but for a few in a hundred: on a rule with none the
    /// references spend their whole time limit (libical 3.0 may search forever, dateutil scans to year 9999).
    static func randomCase(_ g: inout Generator) -> Case {
        var c = randomRule(&g)
        for _ in 0..<30 where !g.chance(3) {
            guard case .success(let times) = ours(c), times.isEmpty else { break }
            c = randomRule(&g)
        }
        return c
    }

    /// A random rule over every rule part (valid RFC 5545), with its start, horizon and limit.
    static func randomRule(_ g: inout Generator) -> Case {
        let frequencies: [RecurrenceRule.Frequency] = [
            .yearly, .yearly, .yearly, .monthly, .monthly, .monthly, .weekly, .weekly, .daily, .daily, .hourly, .hourly,
            .minutely, .minutely, .secondly, .secondly,
        ]
        let f = frequencies[g.int(0...frequencies.count - 1)]
        let year = g.int(1996...2032)
        let month = g.int(1...12)
        let subDaily = f.rank <= 2
        var start = LocalDateTime(
            year: year, month: month, day: g.int(1...LocalDateTime.daysInMonth(year: year, month: month)),
            hour: g.int(0...23), minute: g.int(0...59), second: subDaily || g.chance(15) ? g.int(0...59) : 0)
        var parts = ["FREQ=\(f.rawValue)"]
        if g.chance(45) {
            let intervals: [RecurrenceRule.Frequency: ClosedRange<Int>] = [
                .yearly: 2...6, .monthly: 2...18, .weekly: 2...5, .daily: 2...12, .hourly: 2...30, .minutely: 2...90,
                .secondly: 2...90,
            ]
            parts.append("INTERVAL=\(g.int(intervals[f]!))")
        }
        // libical looks for a sub-daily rule's next match a second (or minute, or hour) at a time, some
        // microseconds a step: keep their day-level parts true on DTSTART's day, so that matches come soon.
        let dense = f == .secondly || f == .minutely
        var hasBy = false
        // libical 3.0 needs lists in increasing order (see `Disagreement`): most are written so, to keep it useful.
        let sorted = g.chance(85)
        func list(_ name: String, _ values: [Int]) {
            let ordered = sorted ? values.sorted { ($0 < 0 ? 1000 - $0 : $0) < ($1 < 0 ? 1000 - $1 : $1) } : values
            parts.append("\(name)=" + ordered.map(String.init).joined(separator: ","))
            hasBy = true
        }
        func some(_ range: ClosedRange<Int>, max n: Int, signed: Bool = false, including v: Int? = nil) -> [Int] {
            var values = g.some(range, max: n, nonZeroSigned: signed)
            if let v, !values.contains(v) { values[g.int(0...values.count - 1)] = v }
            return values
        }
        let startDay = start.day
        let fromEnd = LocalDateTime.daysInMonth(year: start.year, month: start.month) - startDay + 1
        let dayOfYear = start.daysSinceEpoch - LocalDateTime.days(year: start.year, month: 1, day: 1) + 1
        if g.chance(f == .yearly ? 35 : 20) {
            list("BYMONTH", some(1...12, max: 4, including: dense ? start.month : nil))
        }
        var hasWeekNo = false
        if f == .yearly, g.chance(20) {
            let values = g.some(1...53, max: 3, nonZeroSigned: true)
            list("BYWEEKNO", values)
            hasWeekNo = true
        }
        if [.yearly, .hourly, .minutely, .secondly].contains(f), g.chance(f == .yearly ? 20 : 12) {
            let own = g.chance(50) ? dayOfYear : dayOfYear - LocalDateTime.daysInYear(start.year) - 1
            list("BYYEARDAY", some(1...366, max: 3, signed: true, including: dense ? own : nil))
        }
        if f != .weekly, g.chance(f.rank >= 5 ? 30 : 15) {
            list(
                "BYMONTHDAY",
                some(1...31, max: 4, signed: true, including: dense ? (g.chance(50) ? startDay : -fromEnd) : nil))
        }
        if g.chance(45) {
            let ordinals = (f == .monthly || f == .yearly) && !hasWeekNo && g.chance(55)
            let yearWide = f == .yearly && !parts.contains { $0.hasPrefix("BYMONTH=") }
            // python-dateutil intersects plain and numbered entries and then scans to year 9999 for a match:
            // such mixes are kept rare.
            let mixed = ordinals && g.chance(12)
            var days: [String] = []
            for i in 0..<g.int(1...4) {
                let weekday = Weekday(rawValue: g.int(1...7))!
                if ordinals, !mixed || i == 0 || g.chance(50) {
                    let n = g.int(1...(yearWide && g.chance(50) ? 53 : 5)) * (g.chance(35) ? -1 : 1)
                    days.append("\(n)\(weekday.code)")
                } else {
                    days.append(weekday.code)
                }
            }
            if dense { days[0] = start.weekday.code }
            parts.append("BYDAY=" + Array(Set(days)).sorted().joined(separator: ","))
            hasBy = true
        }
        if g.chance(f == .secondly ? 20 : 35) {
            list("BYHOUR", some(0...23, max: subDaily ? 6 : 3, including: f == .secondly ? start.hour : nil))
        }
        if g.chance(f == .secondly ? 25 : 30) {
            list("BYMINUTE", some(0...59, max: f == .minutely ? 8 : 3, including: f == .secondly ? start.minute : nil))
        }
        if g.chance(subDaily ? 35 : 15) { list("BYSECOND", some(0...59, max: 6)) }
        if hasBy, g.chance(25) {
            var values = g.some(1...6, max: 3, nonZeroSigned: true)
            if g.chance(20) { values.append(g.int(7...40) * (g.chance(50) ? -1 : 1)) }
            list("BYSETPOS", Array(Set(values)).sorted())
        }
        if g.chance(25) { parts.append("WKST=\(Weekday(rawValue: g.int(1...7))!.code)") }
        var through = start
        switch f {
        case .yearly, .monthly: through.year += 8
        case .weekly, .daily: through.year += 3
        case .hourly: through = start.addingDays(45)
        case .minutely: through = start.addingDays(2)
        case .secondly: through = LocalDateTime(secondsSinceEpochAsUTC: start.secondsSinceEpochAsUTC + 4 * 3600)
        }
        through = LocalDateTime(secondsSinceEpochAsUTC: through.secondsSinceEpochAsUTC)  // February 29 + 8 years
        switch g.int(0...9) {
        case 0...2: parts.append("COUNT=\(g.int(1...30))")
        case 3...5:
            let span = through.secondsSinceEpochAsUTC - start.secondsSinceEpochAsUTC
            let until = LocalDateTime(
                secondsSinceEpochAsUTC: start.secondsSinceEpochAsUTC + Int64(g.int(0...Int(span)))
                    - (g.chance(10) ? 1 : 0)
            )
            // A UTC UNTIL against a floating DTSTART is read as a local time by all three.
            parts.append("UNTIL=\(Case.compact(until))\(g.chance(15) ? "Z" : "")")
        default: break
        }
        // Half the starts are one of the rule's own occurrences (editoriald's; the references check it), so both
        // starts that match and starts that do not are common.
        let text = ([parts[0]] + Array(parts.dropFirst()).shuffledDeterministically(&g)).joined(separator: ";")
        if g.chance(50), let rule = try? RecurrenceRule(parsing: text) {
            let first = RecurrenceSet(start: start, rules: [rule]).localOccurrences(through: through).prefix(3)
            if let t = Array(first).last { start = t }
        }
        return Case(start: start, text: text, through: through, limit: 40)
    }

    // MARK: - Running the references

    /// Why a reference gave no answers.
    struct ReferenceFailure: Error {
        /// What went wrong.
        var message: String
        /// Creates a failure.
        init(_ message: String) { self.message = message }
    }

    /// libical's answers, one per case, through one `ical-probe rrule` process.
    static func libical(_ cases: [Case]) -> Result<[Answer], ReferenceFailure> {
        let input = cases.map { $0.line + "\n" }.joined()
        guard
            let result = ReferenceProcesses.run(
                ReferenceProcesses.icalProbe, ["rrule"], input: input, environment: ["ICAL_PROBE_TIMEOUT_MS": "40"])
        else {
            return .failure(
                ReferenceFailure(
                    "cannot start \(ReferenceProcesses.icalProbe.path) (swift build --build-tests builds it)"))
        }
        guard result.status == 0 else { return .failure(ReferenceFailure("ical-probe failed: \(result.error)")) }
        let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= cases.count else {
            return .failure(
                ReferenceFailure("ical-probe gave \(lines.count) lines for \(cases.count) rules: \(result.error)"))
        }
        return .success(
            lines.prefix(cases.count).map { line in
                let words = line.split(separator: " ").map(String.init)
                switch words.first {
                case "OK": return .complete(Array(words.dropFirst()))
                case "ERROR": return .refused(words.dropFirst().joined(separator: " "))
                default: return .prefix(Array(words.dropFirst()))  // TIMEOUT or CRASH
                }
            })
    }

    /// Reads probe lines on stdin and prints python-dateutil's answers: `OK t…`, `SLOW t…` (gave up after 50 ms),
    /// `ERROR name`.
    static let dateutilScript = """
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
        out_lines = []
        for line in sys.stdin:
            start, rule, limit, through = line.rstrip('\\n').split('\\t')
            # dateutil refuses a UTC UNTIL with a floating DTSTART; the others read it as a local time.
            rule = ';'.join(p[:-1] if p.startswith('UNTIL=') and p.endswith('Z') else p for p in rule.split(';'))
            out = []
            status = 'OK'
            end = datetime.strptime(through, fmt)
            try:
                signal.setitimer(signal.ITIMER_REAL, 0.05)
                try:
                    for d in rrulestr(rule, dtstart=datetime.strptime(start, fmt)):
                        if d > end or len(out) >= int(limit):
                            break
                        out.append(d.strftime(fmt))
                finally:
                    signal.setitimer(signal.ITIMER_REAL, 0)
            except Slow:
                status = 'SLOW'
            except Exception as e:
                status = 'ERROR'
                out = [type(e).__name__]
            out_lines.append(status + ' ' + ' '.join(out))
        sys.stdout.write('\\n'.join(out_lines) + '\\n')
        """

    /// python-dateutil's answers, one per case, through one python3 process.
    static func dateutil(_ cases: [Case]) -> Result<[Answer], ReferenceFailure> {
        let check = ReferenceProcesses.python(["-c", "import dateutil"], input: "")
        guard let check, check.status == 0 else {
            return .failure(
                ReferenceFailure(
                    "python3 with python-dateutil is required (pip install python-dateutil): \(check?.error ?? "no python3")"
                ))
        }
        let input = cases.map { $0.line + "\n" }.joined()
        guard let result = ReferenceProcesses.python(["-c", dateutilScript], input: input), result.status == 0 else {
            return .failure(ReferenceFailure("the dateutil script failed"))
        }
        let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= cases.count else {
            return .failure(
                ReferenceFailure("dateutil gave \(lines.count) lines for \(cases.count) rules: \(result.error)"))
        }
        return .success(
            lines.prefix(cases.count).map { line in
                let words = line.split(separator: " ").map(String.init)
                switch words.first {
                case "OK": return .complete(Array(words.dropFirst()))
                case "SLOW": return .prefix(Array(words.dropFirst()))
                default: return .refused(words.dropFirst().joined(separator: " "))
                }
            })
    }

    /// RFC5545Oracle's answer.
    static func oracle(_ rule: RecurrenceRule, _ c: Case) -> [String] {
        RFC5545Oracle.occurrences(of: rule, from: c.start, through: c.through, limit: c.limit).map {
            Case.compact(LocalDateTime(secondsSinceEpochAsUTC: $0))
        }
    }

    /// editoriald's answer, or the parser's error.
    static func ours(_ c: Case) -> Result<[String], RecurrenceError> {
        do throws(RecurrenceError) {
            let rule = try RecurrenceRule(parsing: c.text)
            let set = RecurrenceSet(start: c.start, rules: [rule])
            return .success(set.localOccurrences(through: c.through).prefix(c.limit).map { Case.compact($0) })
        } catch {
            return .failure(error)
        }
    }

    // MARK: - The test

    /// How one case came out.
    enum Verdict: Sendable {
        /// The references agree, and so does editoriald.
        case agreed
        /// RFC 5545 decided (the references disagree, or one gave no answer); the class names why.
        case decided(String)
        /// editoriald is wrong, or a reference differs for no documented reason.
        case mismatch(String)
    }

    /// Judges one case; `selfCheck` also compares `RFC5545Oracle` with references that agree.
    static func judge(_ c: Case, libical l: Answer, dateutil d: Answer, selfCheck: Bool) -> Verdict {
        let rule: RecurrenceRule
        do throws(RecurrenceError) {
            rule = try RecurrenceRule(parsing: c.text)
        } catch {
            return .mismatch("\(c.line)\t# editoriald rejects a valid rule: \(error)")
        }
        let set = RecurrenceSet(start: c.start, rules: [rule])
        let ours = set.localOccurrences(through: c.through).prefix(c.limit).map { Case.compact($0) }
        let described = "ours \(ours.joined(separator: " ")) | libical \(l) | dateutil \(d)"
        if case .complete(let lt) = l, case .complete(let dt) = d, lt == dt {
            if lt == ours {
                // Now and then the oracle is checked where the references agree, so that it can be trusted
                // where they do not.
                if selfCheck, oracle(rule, c) != ours {
                    return .mismatch("\(c.line)\t# RFC5545Oracle differs from both references: \(described)")
                }
                return .agreed
            }
            // Two documented deviations that happen to give the same answer (rare): RFC 5545 decides.
            let outcome = Disagreement.classify(rule, start: c.start, rfc: ours, libical: l, dateutil: d)
            if oracle(rule, c) == ours, outcome.problem == nil, outcome.name.contains("libical:"),
                outcome.name.contains("dateutil:")
            {
                return .decided("alike: \(outcome.name)")
            }
            return .mismatch("\(c.line)\t# \(described)")
        }
        // The references disagree, or one gave no answer in time: RFC 5545 decides.
        let rfc = oracle(rule, c)
        guard ours == rfc else {
            return .mismatch(
                "\(c.line)\t# editoriald differs from RFC5545Oracle \(rfc.joined(separator: " ")): \(described)")
        }
        let outcome = Disagreement.classify(rule, start: c.start, rfc: rfc, libical: l, dateutil: d)
        if let problem = outcome.problem { return .mismatch("\(c.line)\t# \(problem): \(described)") }
        return .decided(outcome.name)
    }

    /// The cases of a run: `LIBICAL_DIFF_CASES` names a file of probe lines to replay, else `count` random ones
    /// from `seed`, drawn in chunks of independent generators on all cores.
    static func cases(seed: UInt64, count: Int, environment: [String: String]) throws -> [Case] {
        if let path = environment["LIBICAL_DIFF_CASES"] {
            return try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").compactMap { line in
                let f = line.split(separator: "\t").map(String.init)
                guard f.count >= 4, let limit = Int(f[2]) else { return nil }
                return Case(
                    start: RecurrenceTestSupport.local(f[0]), text: f[1],
                    through: RecurrenceTestSupport.local(f[3]), limit: limit)
            }
        }
        let chunk = 250
        let chunks = (count + chunk - 1) / chunk
        let results = ChunkResults<Case>(count: chunks)
        // Each chunk's generator starts from a state drawn from `seed` (consecutive SplitMix64 states would give
        // shifted copies of one stream).
        var master = SplitMix64(state: seed)
        let seeds = (0..<chunks).map { _ in master.next() }
        DispatchQueue.concurrentPerform(iterations: chunks) { k in
            var g = Generator(state: seeds[k])
            results.set(k, (0..<min(chunk, count - k * chunk)).map { _ in randomCase(&g) })
        }
        return results.joined()
    }

    /// Per-chunk results written from concurrent iterations.
    final class ChunkResults<T>: @unchecked Sendable {
        private let lock = NSLock()
        private var chunks: [[T]]
        /// Room for `count` chunks.
        init(count: Int) { chunks = Array(repeating: [], count: count) }
        /// Stores chunk `i`.
        func set(_ i: Int, _ values: [T]) { lock.withLock { chunks[i] = values } }
        /// The chunks in order, as one array.
        func joined() -> [T] { lock.withLock { chunks.flatMap { $0 } } }
    }

    /// The differential itself (see the type's documentation).
    @Test func agreesWithLibicalWhereTheReferencesAgree() throws {
        let environment = ProcessInfo.processInfo.environment
        let seed = environment["LIBICAL_DIFF_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 1...1 << 48)
        let count = environment["LIBICAL_DIFF_COUNT"].flatMap(Int.init) ?? 10_000
        print("LibicalDifferentialTests: seed \(seed) (LIBICAL_DIFF_SEED=\(seed) replays it)")
        let clock = ContinuousClock()
        let began = clock.now
        let cases = try Self.cases(seed: seed, count: count, environment: environment)
        let dumpPath = environment["LIBICAL_DIFF_DUMP"]
        if let dumpPath {
            try cases.map { $0.line + "\n" }.joined().write(toFile: dumpPath + ".in", atomically: true, encoding: .utf8)
        }

        // One dateutil process and two libical ones (libical takes the longest) run at the same time.
        let half = cases.count / 2
        let answers = ChunkResults<Result<[Answer], ReferenceFailure>>(count: 3)
        DispatchQueue.concurrentPerform(iterations: 3) { i in
            switch i {
            case 0: answers.set(0, [Self.libical(Array(cases[..<half]))])
            case 1: answers.set(1, [Self.libical(Array(cases[half...]))])
            default: answers.set(2, [Self.dateutil(cases)])
            }
        }
        var libicalAnswers: [Answer] = []
        var dateutilAnswers: [Answer] = []
        for (i, result) in answers.joined().enumerated() {
            switch result {
            case .success(let a): if i < 2 { libicalAnswers += a } else { dateutilAnswers = a }
            case .failure(let e):
                Issue.record("seed \(seed): \(e.message)")
                return
            }
        }
        let libical = libicalAnswers
        let dateutil = dateutilAnswers

        let chunk = 250
        let verdicts = ChunkResults<Verdict>(count: (cases.count + chunk - 1) / chunk)
        DispatchQueue.concurrentPerform(iterations: (cases.count + chunk - 1) / chunk) { k in
            let range = (k * chunk)..<min(cases.count, (k + 1) * chunk)
            verdicts.set(
                k,
                range.map { i in
                    Self.judge(cases[i], libical: libical[i], dateutil: dateutil[i], selfCheck: i % 16 == 0)
                })
        }
        var mismatches: [String] = []
        var agreed = 0
        var classCounts: [String: Int] = [:]
        var dump = ""
        for (i, verdict) in verdicts.joined().enumerated() {
            switch verdict {
            case .agreed: agreed += 1
            case .decided(let name):
                classCounts[name, default: 0] += 1
                dump += "\(name)\t\(cases[i].line)\n\tlibical  \(libical[i])\n\tdateutil \(dateutil[i])\n"
            case .mismatch(let text):
                mismatches.append(text)
                dump += "MISMATCH\t\(text)\n"
            }
        }
        if let dumpPath { try dump.write(toFile: dumpPath, atomically: true, encoding: .utf8) }
        let classes = classCounts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        let seconds = (clock.now - began).components.seconds
        print(
            "LibicalDifferentialTests: seed \(seed): \(cases.count) rules tried in \(seconds) s, \(agreed) all three agree, "
                + "\(classCounts.values.reduce(0, +)) decided by RFC 5545 where the references disagree ("
                + classes.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + "), \(mismatches.count) mismatches")
        for line in Disagreement.legend(classCounts.keys.map { $0.replacingOccurrences(of: "alike: ", with: "") }) {
            print("  \(line)")
        }
        let firstMismatches = mismatches.prefix(12).joined(separator: "\n")
        let replay = "LIBICAL_DIFF_SEED=\(seed); or put these lines in a file named by LIBICAL_DIFF_CASES"
        #expect(
            mismatches.isEmpty,
            "seed \(seed) (\(replay)): \(mismatches.count) mismatches; the first ones:\n\(firstMismatches)")
        #expect(
            cases.count < 1000 || agreed > cases.count / 2,
            "seed \(seed): too few rules where all three agree to be a useful comparison")
    }
}

extension Array {
    /// The elements in a random order drawn from `g` (replayable, unlike `shuffled()`).
    fileprivate func shuffledDeterministically(_ g: inout DateutilDifferentialTests.Generator) -> [Element] {
        var result = self
        guard result.count > 1 else { return result }
        for i in stride(from: result.count - 1, to: 0, by: -1) { result.swapAt(i, g.int(0...i)) }
        return result
    }
}
