import EditorialCore
import Foundation

/// `editorial-bench expand`: expands the seeded recurring schedules over 2027 in their zones, to UTC instants.
struct ExpandBenchmark {
    /// Settings from the command line.
    struct Options {
        /// Timed runs; the best and the median are reported.
        var runs = 5
        /// PRNG seed for the schedules.
        var seed = Schedule.defaultSeed
        /// Number of schedules.
        var schedules = 10_000
        /// When set, a file to receive one line per schedule: `index count checksum`.
        var dumpPath: String?
        /// When set, a schedule whose occurrences are printed one per line.
        var showIndex: Int?
        /// Draw hours 0–23 (times in DST gaps and repeated hours) instead of 6–21: a DST cross-check.
        var allHours = false
    }

    /// Totals of one expansion of every schedule.
    struct Totals: Equatable {
        /// Occurrences with a UTC instant.
        var occurrences = 0
        /// Sum of the UTC instants (epoch seconds), wrapping, reduced mod 2^63 when reported.
        var sum: UInt64 = 0
        /// Occurrences moved forward out of a spring-forward gap.
        var gapShifted = 0
        /// Occurrences at a repeated (fall-back) local time; the first instant is used.
        var repeated = 0
        /// Occurrences without a UTC instant (none with the default policy).
        var skipped = 0

        /// The checksum shared with the Python twin: the sum of UTC instants mod 2^63.
        var checksum: UInt64 { sum & (UInt64.max >> 1) }
    }

    /// First local time of the window (also DTSTART of every schedule).
    static let windowStart = LocalDateTime(year: 2027, month: 1, day: 1)
    /// Last local time of the window (inclusive).
    static let windowEnd = LocalDateTime(year: 2027, month: 12, day: 31, hour: 23, minute: 59, second: 59)

    let options: Options

    /// Runs the benchmark and prints its report; returns the process exit status.
    func run() throws -> Int32 {
        let schedules = Schedule.generate(
            count: options.schedules, seed: options.seed, allHours: options.allHours)
        let mix = Dictionary(grouping: schedules, by: \.kind).mapValues(\.count)
        print("editorial-bench expand")
        print("  seed:              \(options.seed) (SplitMix64)")
        print(
            "  schedules:         \(schedules.count) (weekly \(mix[.weekly] ?? 0), monthly \(mix[.monthly] ?? 0), "
                + "daily \(mix[.daily] ?? 0)) in \(Schedule.zones.count) zones, "
                + "hours \(options.allHours ? "0–23" : "6–21")")
        print("  window:            \(Self.windowStart) … \(Self.windowEnd) local, DST policy shift-forward/first")

        let (zones, zoneSeconds) = Measure.time { Schedule.zones.map { ZoneRules(identifier: $0) } }
        guard zones.allSatisfy({ $0 != nil }) else {
            let missing = zip(Schedule.zones, zones).filter { $0.1 == nil }.map(\.0)
            print("error: unknown zones: \(missing.joined(separator: ", "))")
            return 1
        }
        let zoneRules = zones.map { $0! }
        print("  zone loading:      \(Measure.format(zoneSeconds * 1000, 1)) ms for \(zoneRules.count) zones (untimed)")

        let texts = schedules.map(\.ruleText)
        let (rules, parseSeconds) = try Measure.time { try texts.map { try RecurrenceRule(parsing: $0) } }
        print(
            "  RRULE parsing:     \(Measure.format(parseSeconds * 1000, 2)) ms for \(rules.count) rules "
                + "(\(Measure.format(parseSeconds / Double(rules.count) * 1e9, 0)) ns/rule, separate from expansion)")

        let work = zip(rules, schedules.map(\.zoneIndex)).map { ($0, zoneRules[$1]) }
        if let index = options.showIndex {
            guard work.indices.contains(index) else {
                print("error: --show \(index) is not a schedule index (0 ..< \(work.count))")
                return 1
            }
            show(index: index, schedule: schedules[index], rule: work[index].0, zone: work[index].1)
        }
        if let path = options.dumpPath {
            try dump(work, to: path)
            print("  per-schedule dump: \(path)")
        }

        var seconds: [Double] = []
        var first: Totals?
        for r in 1...max(1, options.runs) {
            let (totals, t) = Measure.time { Self.expand(work) }
            seconds.append(t)
            print("  run \(r):             \(Measure.format(t, 4)) s")
            if let first, first != totals {
                print("error: run \(r) produced different totals: \(totals) vs \(first)")
                return 1
            }
            first = totals
        }
        let totals = first!
        let best = Measure.best(seconds)
        let median = Measure.median(seconds)
        let n = Double(totals.occurrences)
        print("  occurrences:       \(totals.occurrences)")
        print("  checksum:          \(totals.checksum) (sum of UTC epoch seconds mod 2^63)")
        print(
            "  DST:               \(totals.gapShifted) gap-shifted, \(totals.repeated) repeated (first taken), "
                + "\(totals.skipped) skipped")
        print("  best:              \(Measure.format(best, 4)) s (of \(seconds.count) runs)")
        print("  median:            \(Measure.format(median, 4)) s")
        print("  occurrences/s:     \(Measure.format(n / best / 1e6, 2)) million (best run)")
        print("  ns/occurrence:     \(Measure.format(best / n * 1e9, 1)) (best run)")
        print("  peak RSS:          \(Measure.peakReport())")
        return 0
    }

    /// Expands every schedule over the window and accumulates the totals (the timed section).
    static func expand(_ work: [(RecurrenceRule, ZoneRules)]) -> Totals {
        var totals = Totals()
        for (rule, zone) in work { accumulate(rule, zone, into: &totals) }
        return totals
    }

    private static func accumulate(_ rule: RecurrenceRule, _ zone: ZoneRules, into totals: inout Totals) {
        let set = RecurrenceSet(start: windowStart, rules: [rule])
        for occurrence in set.occurrences(in: zone, policy: .default, through: windowEnd) {
            guard let utc = occurrence.resolution.utc else {
                totals.skipped += 1
                continue
            }
            totals.occurrences += 1
            totals.sum &+= UInt64(bitPattern: utc)
            switch occurrence.resolution.kind {
            case .normal: break
            case .gapShifted: totals.gapShifted += 1
            case .repeated: totals.repeated += 1
            case .gapSkipped: totals.skipped += 1
            }
        }
    }

    /// Writes `index count checksum` per schedule (untimed), for diffing against the Python twin's `--dump`.
    private func dump(_ work: [(RecurrenceRule, ZoneRules)], to path: String) throws {
        var text = ""
        for (i, (rule, zone)) in work.enumerated() {
            var totals = Totals()
            Self.accumulate(rule, zone, into: &totals)
            text += "\(i) \(totals.occurrences) \(totals.checksum)\n"
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// Prints every occurrence of one schedule: local time, UTC instant, offset and resolution.
    private func show(index: Int, schedule: Schedule, rule: RecurrenceRule, zone: ZoneRules) {
        print("  schedule \(index): \(schedule.ruleText) in \(zone.identifier)")
        let set = RecurrenceSet(start: Self.windowStart, rules: [rule])
        for o in set.occurrences(in: zone, policy: .default, through: Self.windowEnd) {
            let utc = o.resolution.utc.map { "\($0)" } ?? "-"
            print("    \(o.local) \(utc) \(o.resolution.offset) \(o.resolution.kind)")
        }
    }
}
