import EditorialCore
import EditorialRuntime
import Foundation

/// `editorial-bench store`: the state store's commits, SQLite beside PostgreSQL in the same run. A private
/// PostgreSQL server is started for it (`Tests/Fixtures/postgres-server.sh`: initdb into a temporary directory,
/// a Unix socket; fsync off there, as SQLite's own file is on a page cache too — the figures compare the stores'
/// statements and round trips, not two disks). Two measures per store: steps of `batch` firings each (firings per
/// second), and single-firing steps (the latency one fired entry's commit adds).
struct StoreBenchmark {
    /// Settings from the command line.
    struct Options {
        /// Firings per step in the throughput runs.
        var batch = 1_000
        /// Steps in the throughput runs.
        var steps = 50
        /// Single-firing steps timed for the latency.
        var singles = 2_000
    }

    let options: Options

    /// Runs the benchmark and prints its report; returns the process exit status.
    func run() throws -> Int32 {
        let dir = try TemporaryDirectory("store")
        defer { dir.remove() }
        let server = try BenchPostgres(directory: dir.path + "/pg")
        defer { server.stop() }
        let sqlite = try SQLiteStateStore(directory: try dir.subdirectory("sqlite"))
        // The fresh server's own database: nothing else is in it.
        let postgres = try PostgreSQLStateStore(settings: PostgresSettings(connection: server.connection))
        print(
            "store: \(options.steps) steps of \(options.batch) firings, then \(options.singles) steps of one firing; "
                + "SQLite (WAL, synchronous=FULL) beside PostgreSQL (a local server, Unix socket)")
        var rates: [String: Double] = [:]
        var medians: [String: Double] = [:]
        for (name, store) in [("sqlite", sqlite as any StateStore), ("postgresql", postgres)] {
            let (rate, single) = try measure(store, name)
            rates[name] = rate
            medians[name] = single.percentile(50)
            print(
                "  \(name.padded(10)) \(Measure.format(rate, 0)) firings/s in steps of \(options.batch); "
                    + "one firing's commit: \(single.summary(0, "µs"))")
            guard try store.firedSchedule(since: 0).count == options.batch * options.steps + options.singles else {
                throw BenchError("\(name): the store does not hold every firing")
            }
        }
        if let s = rates["sqlite"], let p = rates["postgresql"], let a = medians["sqlite"],
            let b = medians["postgresql"]
        {
            print(
                "  PostgreSQL/SQLite: throughput \(Measure.format(p / s, 2))x; one firing's commit adds "
                    + "\(Measure.format(b - a, 0)) µs at the median")
        }
        return 0
    }

    private func measure(_ store: any StateStore, _ name: String) throws -> (Double, Distribution) {
        func record(_ key: String, _ at: Int64) -> FiredRecord {
            FiredRecord(key: key, item: "bench/post", kind: "reminder", scheduled: at, fired: at, catchUp: false)
        }
        let started = Measure.now()
        for step in 0..<options.steps {
            let records = (0..<options.batch).map { record("p\(step)-\($0)!PT0S", Int64(1_800_000_000 + step)) }
            try store.commit(StoreBatch(fired: records, lastProcessed: Int64(1_800_000_000 + step)), at: 0)
        }
        let seconds = Measure.now() - started
        var singles: [Double] = []
        for i in 0..<options.singles {
            let t = Measure.now()
            try store.commit(
                StoreBatch(fired: [record("s\(i)!PT0S", 1_900_000_000)], lastProcessed: 1_900_000_000), at: 0)
            singles.append((Measure.now() - t) * 1e6)
        }
        return (Double(options.batch * options.steps) / seconds, Distribution(singles))
    }
}
