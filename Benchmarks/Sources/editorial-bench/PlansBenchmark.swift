import EditorialCore
import Foundation

/// `editorial-bench plans`: parses, resolves, checks and lays out on an agenda a generated plan set with many posts.
struct PlansBenchmark {
    /// Settings from the command line.
    struct Options {
        /// Timed runs; each phase reports its best and median.
        var runs = 3
        /// PRNG seed for the posts.
        var seed = Schedule.defaultSeed
        /// Number of one-off posts in the communication plan.
        var posts = 100_000
        /// When set, the generated YAML files are written into this directory (for `editorialctl check`).
        var writeDirectory: String?
    }

    /// Channels of the communication plan (all referenced by posts).
    static let channels = ["blog", "newsletter", "linkedin", "instagram", "youtube"]
    /// Number of content (production) items the posts need.
    static let contentCount = 50

    let options: Options

    /// Runs the benchmark and prints its report; returns the process exit status.
    func run() throws -> Int32 {
        let sources = Self.generate(posts: options.posts, seed: options.seed)
        let bytes = sources.reduce(0) { $0 + $1.text.utf8.count }
        print("editorial-bench plans")
        print("  seed:              \(options.seed) (SplitMix64)")
        print(
            "  plan set:          \(sources.count) files, \(Measure.format(Double(bytes) / 1e6, 1)) MB of YAML: "
                + "\(options.posts) posts, \(Self.contentCount) content items, \(Self.editorialPlans.count) editorial "
                + "plans with \(Self.editorialPlans.count * Self.slotTexts.count) slots")
        if let directory = options.writeDirectory {
            for source in sources {
                try source.text.write(toFile: directory + "/" + source.path, atomically: true, encoding: .utf8)
            }
            print("  written to:        \(directory)")
        }
        let baseline = Measure.phasePeakMegabytes() ?? .nan
        print("  baseline RSS:      \(Measure.format(baseline, 1)) MB (VmHWM after generating the text)")

        let phases = ["parse + resolve", "checks", "agenda build", "agenda items"]
        var seconds = Array(repeating: [Double](), count: phases.count)
        // Per phase: the resident set's high-water mark during the phase and its growth over the phase start.
        var peaks = Array(repeating: 0.0, count: phases.count)
        var growth = Array(repeating: 0.0, count: phases.count)
        var summary = ""
        for r in 1...max(1, options.runs) {
            var t = [Double](repeating: 0, count: phases.count)
            func phase<T>(_ i: Int, _ body: () -> T) -> T {
                Measure.resetPhasePeak()
                let before = Measure.currentRSSMegabytes() ?? .nan
                let (value, s) = Measure.time(body)
                t[i] = s
                let peak = Measure.phasePeakMegabytes() ?? .nan
                peaks[i] = max(peaks[i], peak)
                growth[i] = max(growth[i], peak - before)
                return value
            }
            let planSet = phase(0) { PlanSet(sources: sources) }
            let errors = planSet.diagnostics.filter { $0.severity == .error }
            guard errors.isEmpty else {
                print("error: the generated plan set has \(errors.count) errors:")
                for e in errors.prefix(20) { print("  \(e)") }
                return 1
            }
            let warnings = phase(1) { PlanChecker(planSet: planSet).warnings() }
            let agenda = phase(2) { Agenda(planSet: planSet) }
            let (from, to) = Self.agendaWindow
            let items = phase(3) { agenda.items(from: from, to: to) }
            let posts = planSet.plans.reduce(0) { $0 + $1.posts.count }
            summary =
                "\(planSet.plans.count) plans, \(posts) posts, \(planSet.diagnostics.count) reader diagnostics, "
                + "\(warnings.count) check warnings, \(agenda.fixedItems.count) fixed items, "
                + "\(items.count) agenda items"
            let line = zip(phases, t).map { "\($0) \(Measure.format($1, 3)) s" }.joined(separator: ", ")
            print("  run \(r):             \(line)")
            for i in phases.indices { seconds[i].append(t[i]) }
        }
        print("  result:            \(summary)")
        for (i, name) in phases.enumerated() {
            let label = (name + ":").padding(toLength: 19, withPad: " ", startingAt: 0)
            print(
                "  \(label)best \(Measure.format(Measure.best(seconds[i]), 3)) s, median "
                    + "\(Measure.format(Measure.median(seconds[i]), 3)) s, RSS peak \(Measure.format(peaks[i], 1)) MB "
                    + "(+\(Measure.format(growth[i], 1)) MB over the phase start)")
        }
        let total = phases.indices.map { Measure.best(seconds[$0]) }.reduce(0, +)
        print("  total (best):      \(Measure.format(total, 3)) s")
        print(
            "  peak RSS:          \(Measure.peakReport(ownPeak: max(baseline, peaks.max() ?? 0))) over the whole run")
        return 0
    }

    /// The agenda window: the whole of 2027 in every zone, with a day of margin on each side (epoch seconds).
    static let agendaWindow: (Int64, Int64) = (
        LocalDateTime(year: 2026, month: 12, day: 31).secondsSinceEpochAsUTC,
        LocalDateTime(year: 2028, month: 1, day: 2).secondsSinceEpochAsUTC
    )

    /// Editorial plans: name and the communication plan's channel they publish on.
    static let editorialPlans = [
        ("bench-linkedin", "linkedin"), ("bench-instagram", "instagram"), ("bench-youtube", "youtube"),
        ("bench-blog", "blog"),
    ]

    /// Slots of every editorial plan (YAML lines after `  - id: …`).
    static let slotTexts = [
        ["every: tuesday, friday 09:30", "title: Tip of the week", "prepare: {type: video, lead: P2D, owner: lucia}"],
        [
            "rrule: FREQ=MONTHLY;BYDAY=-1TH;BYHOUR=17;BYMINUTE=0", "title: Behind the scenes",
            "prepare: {type: photo, lead: P1D, owner: paolo}",
        ],
        ["every: weekdays 08:00", "title: Morning note", "needs: [bench-comm/c01]"],
    ]

    /// Builds the plan files: one communication plan with the posts, and the editorial plans.
    static func generate(posts: Int, seed: UInt64) -> [PlanSource] {
        var rng = SplitMix64(seed: seed)
        var text = """
            # Generated by editorial-bench plans: \(posts) one-off posts over 2027.
            plan: bench-comm
            kind: communication
            title: Benchmark communication plan, 2027
            timezone: Europe/Rome
            period: {from: 2027-01-01, until: 2027-12-31}
            reminders: [P1D, PT1H]

            channels:
              - {id: blog, network: blog, handle: bench.example/blog}
              - {id: newsletter, network: newsletter, title: Bench Monthly}
              - {id: linkedin, network: linkedin, presence: company-page}
              - {id: instagram, network: instagram, presence: company-page}
              - {id: youtube, network: youtube, presence: company-page}

            content:

            """
        let january1 = LocalDateTime.days(year: 2027, month: 1, day: 1)
        for c in 1...contentCount {
            let due = LocalDateTime(daysSinceEpoch: january1 + (c - 1) * 7, hour: 12)
            let type = c % 10 == 0 ? "video" : "copy"
            let channel = type == "video" ? "youtube" : channels[c % 4]
            text +=
                "  - {id: \(contentID(c)), type: \(type), title: Content \(c), owner: anna, "
                + "due: \(due.shortDescription), channels: [\(channel)]}\n"
        }
        text += "\nposts:\n"
        text.reserveCapacity(text.utf8.count + posts * 100)
        for p in 1...max(1, posts) {
            let day = rng.below(365)
            let hour = 6 + rng.below(16)
            let minute = 15 * rng.below(4)
            let channel = channels[rng.below(channels.count)]
            let need = 1 + rng.below(contentCount)
            let at = LocalDateTime(daysSinceEpoch: january1 + day, hour: hour, minute: minute)
            var id = String(p)
            id = String(repeating: "0", count: max(0, 6 - id.count)) + id
            text +=
                "  - {id: p\(id), channel: \(channel), at: \(at.shortDescription), title: Post \(p), "
                + "needs: [\(contentID(need))]}\n"
        }
        var sources = [PlanSource(path: "bench-comm.yaml", text: text)]
        for (name, channel) in editorialPlans {
            var e = """
                plan: \(name)
                kind: editorial
                channel: bench-comm/\(channel)
                timezone: Europe/Rome
                period: {from: 2027-01-01, until: 2027-12-31}
                renew-notice: P21D

                slots:

                """
            for (s, lines) in slotTexts.enumerated() {
                e += "  - id: slot-\(s + 1)\n"
                for line in lines { e += "    \(line)\n" }
            }
            sources.append(PlanSource(path: name + ".yaml", text: e))
        }
        return sources
    }

    private static func contentID(_ c: Int) -> String { c < 10 ? "c0\(c)" : "c\(c)" }
}
