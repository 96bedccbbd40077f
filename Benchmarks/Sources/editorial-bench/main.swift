// editorial-bench: in-process benchmarks of EditorialCore. Build and run in release:
//     swift run -c release editorial-bench expand
//     swift run -c release editorial-bench plans
//     swift run -c release editorial-bench lateness|idle|startup|control|delivery   (needs the release editoriald)
import Foundation

let usage = """
    USAGE: editorial-bench <command> [options]

    Commands:
      expand    Expand 10,000 seeded recurring schedules (40% weekly on 1-3 weekdays, 30% monthly on an
                nth/last weekday, 30% daily; local times 06:00-21:45) in 12 IANA zones over local
                2027-01-01T00:00 ... 2027-12-31T23:59:59 to UTC instants. Reports best/median wall seconds,
                occurrences, a checksum (sum of UTC epoch seconds mod 2^63, comparable with
                dateutil_expand.py), occurrences/s, ns/occurrence and peak RSS. RRULE parsing is timed apart.
      plans     Generate a plan set (one communication plan with N one-off posts, 50 content items, 4 editorial
                plans with 3 slots each) and time PlanSet(sources:) (parse + resolve), PlanChecker.warnings()
                and Agenda(planSet:) + items(from:to:) over 2027. Exits 1 if the generated set has errors.
      lateness  Run the release editoriald on a plan of N posts due over S seconds (reminders [PT0S]) and read
                EDITORIAL_LATENESS_USEC from its console lines; beside it, a bare timerfd loop armed at the same
                instants. Reports p50/p99/max of both; exits 1 unless every post fired once and none early.
      idle      Start editoriald on a plan with nothing due for days, wait for READY=1, and count the context
                switches of all its threads over S seconds; once without and once with WATCHDOG_USEC.
      startup   Start editoriald on a million scheduled posts (recurring slots or explicit posts): seconds from
                spawn to READY=1, VmHWM at READY and a second later, the daemon's own plan loading time.
      control   Start editoriald on a million scheduled posts (a year of recurring slots that began 182 days
                ago, nothing recorded) and time round trips of status and overdue (100 items) on its control
                socket: from a raw protocol client (one connection, and a connection per request), the first
                status after a state change (snapshot recompute), and the editorialctl binary (process start
                included). Exits 3 unless the raw p99 is under 2 ms.
      instructions  Count the daemon's own instructions under callgrind (repeatable on a busy machine): start-up
                to READY=1, then per request status, overdue and agenda (100 items each) and publish/reopen. Run it
                on two builds (--daemon) to compare them.
      export    editorialctl export --plans of a million recurring occurrences and of 100,000 one-off posts
                (whole process: wall seconds and peak RSS; targets 1 s and 200 MB), then the daemon on the
                posts with and without --calendar-directory: a publish/reopen round trip (the p50 difference
                is the feeds' cost on the daemon's queue; target 50 ms) and the feed rewrite off the queue.
      delivery  N posts due in the same second, run without routes (A) and with one webhook route to a local
                receiver (Tests/Fixtures/webhook-server.py --fast) (B), alternately: the lateness of every entry
                of each (and of 10 posts due the second after), B/A (no worse: B p99 <= A p99 x 1.1 + 1 ms), and
                for B every post delivered exactly once (by Idempotency-Key), the span from the due second to
                the last request, deliveries/s. Then Q posts due in one second without routes and with the route
                to a closed port: peak memory (VmHWM) of each and the difference (target <= 100 MB). Exits 1
                when an entry or a delivery is missing, early or repeated.

      store     The state store's commits, SQLite beside PostgreSQL (a private server the benchmark starts):
                steps of N firings (firings/s) and single-firing steps (p50/p99 µs of one commit; the difference
                is what a PostgreSQL round trip adds to a fired entry). Exits 1 unless each store holds every
                firing.

      cluster   The release editoriald through the PostgreSQL firing ledger, three nodes on one database (a private
                server) beside one daemon on SQLite: N stages due at one instant (firings/s; target >= 10,000
                with three nodes), S stages one a second (the lateness a claim's round trip adds), R status
                requests to a follower (target p99 <= 2 ms), and with --failovers F (at most 2) the leader
                SIGKILLed (last entry of the old leader to the first of the new, defaults lease 10 s and renew
                3 s; target <= 15 s). Exits 1 when a stage is missing or repeated, 3 when a target is missed.

      planning  editoriald on a year of recurring slots that began 48 weeks ago (a million occurrences on five
                social networks and a blog) with 200,000 publishes recorded (seeded lateness): raw round trips of pace
                over 52 weeks, over 8 and for one page (target p99 < 50 ms), then editorialctl simulate of the
                last 30 days offline and report --html of 52 weeks (whole processes; targets 2 s, page 2 MB).
                Exits 3 when a target is missed, 1 when pace does not count every publish.

    Exit status: 0, 1 for an error or a wrong result, 2 for a bad command line, 3 when a timing target
    is missed (control, export, planning, cluster).

    The daemon commands use the release build at the repository root (.build/release/editoriald; build it with
    'swift build -c release --product editoriald' there) unless --daemon PATH is given.

    Options (expand):
      --runs N          timed runs (default 5)
      --seed S          PRNG seed (default \(Schedule.defaultSeed))
      --schedules N     number of schedules (default 10000)
      --dump FILE       write 'index count checksum' per schedule (diff with dateutil_expand.py --dump)
      --show I          print every occurrence of schedule I (local, UTC, offset, resolution)
      --all-hours       draw hours 0-23 instead of 6-21, so that times fall in DST gaps and repeated
                        hours (a DST cross-check with dateutil_expand.py --all-hours; not the benchmark)

    Options (plans):
      --runs N          timed runs (default 3)
      --seed S          PRNG seed (default \(Schedule.defaultSeed))
      --posts N         number of posts (default 100000)
      --write DIR       also write the generated YAML files into DIR

    Options (lateness):
      --posts N         posts (default 1000)
      --seconds S       spread over S consecutive seconds (default 20)
      --lead S          first post due S s after launch (default 3)
      --baseline-offset-ms M   shift the timerfd loop's deadlines by M ms (default 0: the same instants)
      --runs N          daemon runs (default 1)
      --keep            keep the temporary plans and state

    Options (idle):
      --seconds S       measured stretch (default 60)
      --settle S        seconds between READY=1 and the first reading (default 6)
      --watchdog-usec U WATCHDOG_USEC of the second run (default 20000000; 0 skips it)

    Options (startup):
      --shape recurring|explicit   slot occurrences or one-line posts (default recurring)
      --posts N         scheduled posts (default 1000000)
      --files N         files of the explicit shape (default 100)
      --runs N          daemon starts (default 3)
      --seed S          PRNG seed of the explicit posts
      --phases          also time the start-up steps in-process with the daemon's library calls
      --warm            every start reuses one state directory, after a first start (not counted) that writes
                        the compiled-plan cache: a start with unchanged plan files
      --write DIR       also write the generated plan files into DIR (an existing directory)

    Options (control):
      --shape recurring|explicit   slot occurrences or one-line posts in 100 files (default recurring)
      --posts N         scheduled posts (default 1000000)
      --requests N      round trips per raw measurement (default 5000)
      --cli-runs N      editorialctl runs per CLI measurement (default 100)
      --changes N       publish/reopen changes measured (default 20)
      --reloads N       explicit shape: reloads after adding a post to one file, measured while status
                        requests run on another connection (default 5; 0 skips them)

    Options (instructions):
      --posts N         scheduled posts (default 100000)
      --requests N      requests of each kind counted (default 200)

    Options (export):
      --occurrences N   occurrences of the recurring plan set (default 1000000)
      --posts N         one-off posts (default 100000)
      --runs N          runs of each export (default 3)
      --changes N       publish/reopen changes per daemon (default 40)

    Options (delivery):
      --posts N         posts due in the same second in the lateness runs (default 10000)
      --queue N         posts due in the same second in the memory runs (default 100000)
      --runs N          pairs of lateness runs, without then with the route (default 1)
      --keep            keep the temporary plans, state, config and receiver logs

    Options (store):
      --batch N         firings per step in the throughput runs (default 1000)
      --steps N         steps in the throughput runs (default 50)
      --singles N       single-firing steps timed for the latency (default 2000)

    Options (planning):
      --posts N         scheduled posts (default 1000000)
      --publishes N     publishes recorded (default 200000)
      --requests N      raw round trips per pace measurement (default 200)
      --runs N          whole-process runs of simulate and report (default 3)
      --seed S          seed of the lateness draws (default 12)

      --daemon PATH     (lateness, idle, startup, control, instructions, export, delivery, planning) the editoriald
                        binary (control, export, planning: editorialctl beside it)
      -h, --help        show this help
    """

/// Reads the command line; nil (after printing why) when it is not understood.
func parseArguments(_ arguments: [String]) -> (command: String, options: [String: String])? {
    guard let command = arguments.first else { return ("help", [:]) }
    if command == "-h" || command == "--help" || command == "help" { return ("help", [:]) }
    let known: [String: Set<String>] = [
        "expand": ["--runs", "--seed", "--schedules", "--dump", "--show", "--all-hours"],
        "plans": ["--runs", "--seed", "--posts", "--write"],
        "lateness": ["--posts", "--seconds", "--lead", "--baseline-offset-ms", "--runs", "--keep", "--daemon"],
        "idle": ["--seconds", "--settle", "--watchdog-usec", "--daemon"],
        "startup": ["--shape", "--posts", "--files", "--runs", "--seed", "--phases", "--warm", "--write", "--daemon"],
        "control": ["--shape", "--posts", "--requests", "--cli-runs", "--changes", "--reloads", "--daemon"],
        "instructions": ["--posts", "--requests", "--daemon"],
        "export": ["--occurrences", "--posts", "--runs", "--changes", "--daemon"],
        "delivery": ["--posts", "--queue", "--runs", "--keep", "--daemon"],
        "store": ["--batch", "--steps", "--singles"],
        "cluster": ["--posts", "--spread", "--requests", "--failovers", "--daemon"],
        "planning": ["--posts", "--publishes", "--requests", "--runs", "--seed", "--daemon"],
    ]
    guard let allowed = known[command] else {
        printError("unknown command '\(command)'")
        return nil
    }
    let flags: Set = ["--all-hours", "--keep", "--phases", "--warm"]
    var options: [String: String] = [:]
    var i = 1
    while i < arguments.count {
        let name = arguments[i]
        if name == "-h" || name == "--help" { return ("help", [:]) }
        guard allowed.contains(name) else {
            printError("unknown option '\(name)' for \(command)")
            return nil
        }
        if flags.contains(name) {
            options[name] = ""
            i += 1
            continue
        }
        guard i + 1 < arguments.count else {
            printError("option '\(name)' needs a value")
            return nil
        }
        options[name] = arguments[i + 1]
        i += 2
    }
    return (command, options)
}

/// Writes `error: message` and a hint to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data("error: \(message)\nrun 'editorial-bench --help' for usage\n".utf8))
}

/// The integer value of an option, or `fallback` when absent; nil (after printing why) when malformed.
func integer<T: FixedWidthInteger>(_ options: [String: String], _ name: String, _ fallback: T, minimum: T) -> T? {
    guard let text = options[name] else { return fallback }
    guard let value = T(text), value >= minimum else {
        printError("\(name) needs an integer of at least \(minimum), not '\(text)'")
        return nil
    }
    return value
}

/// Runs the command line and returns the exit status.
func main() -> Int32 {
    guard let (command, options) = parseArguments(Array(CommandLine.arguments.dropFirst())) else { return 2 }
    do {
        switch command {
        case "expand":
            var o = ExpandBenchmark.Options()
            guard let runs = integer(options, "--runs", o.runs, minimum: 1),
                let seed = integer(options, "--seed", o.seed, minimum: 0),
                let schedules = integer(options, "--schedules", o.schedules, minimum: 1)
            else { return 2 }
            (o.runs, o.seed, o.schedules) = (runs, seed, schedules)
            o.dumpPath = options["--dump"]
            o.allHours = options["--all-hours"] != nil
            if options["--show"] != nil {
                guard let index = integer(options, "--show", 0, minimum: 0) else { return 2 }
                o.showIndex = index
            }
            return try ExpandBenchmark(options: o).run()
        case "plans":
            var o = PlansBenchmark.Options()
            guard let runs = integer(options, "--runs", o.runs, minimum: 1),
                let seed = integer(options, "--seed", o.seed, minimum: 0),
                let posts = integer(options, "--posts", o.posts, minimum: 1)
            else { return 2 }
            (o.runs, o.seed, o.posts) = (runs, seed, posts)
            o.writeDirectory = options["--write"]
            return try PlansBenchmark(options: o).run()
        case "lateness":
            var o = LatenessBenchmark.Options()
            guard let posts = integer(options, "--posts", o.posts, minimum: 1),
                let seconds = integer(options, "--seconds", o.seconds, minimum: 1),
                let lead = integer(options, "--lead", o.lead, minimum: 1),
                let offset = integer(options, "--baseline-offset-ms", o.baselineOffsetMilliseconds, minimum: 0),
                let runs = integer(options, "--runs", o.runs, minimum: 1)
            else { return 2 }
            (o.posts, o.seconds, o.lead, o.baselineOffsetMilliseconds, o.runs) = (posts, seconds, lead, offset, runs)
            o.keep = options["--keep"] != nil
            o.daemon = options["--daemon"]
            return try LatenessBenchmark(options: o).run()
        case "idle":
            var o = IdleBenchmark.Options()
            guard let seconds = integer(options, "--seconds", o.seconds, minimum: 1),
                let watchdog = integer(options, "--watchdog-usec", o.watchdogMicroseconds, minimum: 0)
            else { return 2 }
            (o.seconds, o.watchdogMicroseconds) = (seconds, watchdog)
            if let settle = options["--settle"] {
                guard let value = Double(settle), value >= 0 else {
                    printError("--settle needs a number of seconds, not '\(settle)'")
                    return 2
                }
                o.settle = value
            }
            o.daemon = options["--daemon"]
            return try IdleBenchmark(options: o).run()
        case "startup":
            var o = StartupBenchmark.Options()
            guard let posts = integer(options, "--posts", o.posts, minimum: 1),
                let files = integer(options, "--files", o.files, minimum: 1),
                let runs = integer(options, "--runs", o.runs, minimum: 1),
                let seed = integer(options, "--seed", o.seed, minimum: 0)
            else { return 2 }
            (o.posts, o.files, o.runs, o.seed) = (posts, files, runs, seed)
            o.shape = options["--shape"] ?? o.shape
            o.phases = options["--phases"] != nil
            o.warm = options["--warm"] != nil
            o.writeDirectory = options["--write"]
            o.daemon = options["--daemon"]
            return try StartupBenchmark(options: o).run()
        case "control":
            var o = ControlBenchmark.Options()
            guard let posts = integer(options, "--posts", o.posts, minimum: 1),
                let requests = integer(options, "--requests", o.requests, minimum: 1),
                let cliRuns = integer(options, "--cli-runs", o.cliRuns, minimum: 1),
                let changes = integer(options, "--changes", o.changes, minimum: 2),
                let reloads = integer(options, "--reloads", o.reloads, minimum: 0)
            else { return 2 }
            (o.posts, o.requests, o.cliRuns, o.changes, o.reloads) = (posts, requests, cliRuns, changes, reloads)
            o.shape = options["--shape"] ?? o.shape
            o.daemon = options["--daemon"]
            return try ControlBenchmark(options: o).run()
        case "instructions":
            var o = InstructionsBenchmark.Options()
            guard let posts = integer(options, "--posts", o.posts, minimum: 1),
                let requests = integer(options, "--requests", o.requests, minimum: 1)
            else { return 2 }
            (o.posts, o.requests) = (posts, requests)
            o.daemon = options["--daemon"]
            return try InstructionsBenchmark(options: o).run()
        case "export":
            var o = ExportBenchmark.Options()
            guard let occurrences = integer(options, "--occurrences", o.occurrences, minimum: 1),
                let posts = integer(options, "--posts", o.posts, minimum: 1),
                let runs = integer(options, "--runs", o.runs, minimum: 1),
                let changes = integer(options, "--changes", o.changes, minimum: 2)
            else { return 2 }
            (o.occurrences, o.posts, o.runs, o.changes) = (occurrences, posts, runs, changes)
            o.daemon = options["--daemon"]
            return try ExportBenchmark(options: o).run()
        case "delivery":
            var o = DeliveryBenchmark.Options()
            guard let posts = integer(options, "--posts", o.posts, minimum: 1),
                let queue = integer(options, "--queue", o.queue, minimum: 1),
                let runs = integer(options, "--runs", o.runs, minimum: 1)
            else { return 2 }
            (o.posts, o.queue, o.runs) = (posts, queue, runs)
            o.keep = options["--keep"] != nil
            o.daemon = options["--daemon"]
            return try DeliveryBenchmark(options: o).run()
        case "store":
            var o = StoreBenchmark.Options()
            guard let batch = integer(options, "--batch", o.batch, minimum: 1),
                let steps = integer(options, "--steps", o.steps, minimum: 1),
                let singles = integer(options, "--singles", o.singles, minimum: 1)
            else { return 2 }
            (o.batch, o.steps, o.singles) = (batch, steps, singles)
            return try StoreBenchmark(options: o).run()
        case "cluster":
            var o = ClusterBenchmark.Options()
            guard let posts = integer(options, "--posts", o.posts, minimum: 1),
                let spread = integer(options, "--spread", o.spread, minimum: 1),
                let requests = integer(options, "--requests", o.requests, minimum: 1),
                let failovers = integer(options, "--failovers", o.failovers, minimum: 0)
            else { return 2 }
            (o.posts, o.spread, o.requests, o.failovers) = (posts, spread, requests, min(failovers, 2))
            o.daemon = options["--daemon"]
            return try ClusterBenchmark(options: o).run()
        case "planning":
            var o = PlanningBenchmark.Options()
            guard let posts = integer(options, "--posts", o.posts, minimum: 1),
                let publishes = integer(options, "--publishes", o.publishes, minimum: 1),
                let requests = integer(options, "--requests", o.requests, minimum: 1),
                let runs = integer(options, "--runs", o.runs, minimum: 1),
                let seed = integer(options, "--seed", o.seed, minimum: 0)
            else { return 2 }
            (o.posts, o.publishes, o.requests, o.runs, o.seed) = (posts, publishes, requests, runs, seed)
            o.daemon = options["--daemon"]
            return try PlanningBenchmark(options: o).run()
        default:
            print(usage)
            return 0
        }
    } catch {
        printError("\(error)")
        return 1
    }
}

exit(main())
