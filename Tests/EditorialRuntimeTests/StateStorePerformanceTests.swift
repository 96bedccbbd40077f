import EditorialCore
import Foundation
import Testing

@testable import EditorialRuntime

/// Prints how long the big operations take; asserts only correctness, never timings (machines differ).
/// Serialized so that the two measurements do not share the two cores.
@Suite(.serialized)
struct StateStorePerformanceTests {
    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = ContinuousClock.now
        try body()
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    static func records(_ range: Range<Int>) -> [FiredRecord] {
        range.map {
            FiredRecord(
                key: "plan-\($0 % 50)/item-\($0)!PT1H", item: "plan-\($0 % 50)/item-\($0)", kind: "reminder",
                scheduled: 1_800_000_000 + Int64($0) * 60, fired: 1_800_000_000 + Int64($0) * 60)
        }
    }

    @Test func aHundredThousandKeysInOneBatch() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try SQLiteStateStore(directory: dir.path)
        let batch = StoreBatch(fired: Self.records(0..<100_000), lastProcessed: 1)
        let commit = try Self.seconds { try store.commit(batch, at: 1) }
        var keys: Set<String> = []
        let read = try Self.seconds { keys = try store.firedKeys(since: 0) }
        #expect(keys.count == 100_000)
        print("StateStore: commit of 100,000 fired keys in one batch: \(commit) s; firedKeys of all: \(read) s")
    }

    @Test func firedKeysOverAMillionRows() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try SQLiteStateStore(directory: dir.path)
        var fill = 0.0
        for start in stride(from: 0, to: 1_000_000, by: 100_000) {
            let batch = StoreBatch(fired: Self.records(start..<start + 100_000))
            fill += try Self.seconds { try store.commit(batch, at: 1) }
        }
        // The daemon asks for the keys of a recent window: the last day's 1,440 minutes, then a tenth, then all.
        let last = 1_800_000_000 + Int64(999_999) * 60
        var report: [String] = []
        for (label, since, expected) in [
            ("1 day", last - 86_399, 1_440), ("100,000 rows", last - 99_999 * 60, 100_000),
            ("all 1,000,000", Int64(0), 1_000_000),
        ] {
            var keys: Set<String> = []
            let elapsed = try Self.seconds { keys = try store.firedKeys(since: since) }
            #expect(keys.count == expected)
            report.append("\(label): \(elapsed) s")
        }
        print("StateStore: 1,000,000 rows written in \(fill) s; firedKeys(since:) " + report.joined(separator: "; "))
    }
}
