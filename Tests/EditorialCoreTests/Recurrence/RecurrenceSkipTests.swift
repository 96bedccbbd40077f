import Foundation
import Testing

@testable import EditorialCore

/// `RecurrenceSet.skipping(to:)`: a set whose start is moved near a window has the same occurrences in it as the
/// set expanded from its start, for random DAILY and WEEKLY rules (and is left as it is for the rest).
struct RecurrenceSkipTests {
    static func rule(_ random: inout SplitMix64) -> String {
        let daily = random.next() % 2 == 0
        var parts = [daily ? "FREQ=DAILY" : "FREQ=WEEKLY"]
        if random.next() % 2 == 0 { parts.append("INTERVAL=\(1 + random.next() % 4)") }
        if random.next() % 2 == 0 {
            let days = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"].filter { _ in random.next() % 3 == 0 }
            if !days.isEmpty { parts.append("BYDAY=" + days.joined(separator: ",")) }
        }
        if daily && random.next() % 4 == 0 { parts.append("BYMONTHDAY=\(1 + random.next() % 28),-1") }
        if random.next() % 4 == 0 { parts.append("BYHOUR=\(random.next() % 24),\(random.next() % 24)") }
        if random.next() % 5 == 0 { parts.append("BYMONTH=\(1 + random.next() % 12)") }
        if random.next() % 5 == 0 { parts.append("WKST=SU") }
        if random.next() % 4 == 0 {
            parts.append("UNTIL=2029\(String(format: "%02d", 1 + random.next() % 12))15T000000")
        }
        return parts.joined(separator: ";")
    }

    @Test func theOccurrencesInTheWindowAreTheSame() throws {
        let seed = UInt64(Date().timeIntervalSince1970 * 1000)
        print("RecurrenceSkipTests seed \(seed)")
        var random = SplitMix64(state: seed)
        let zone = ZoneRules(identifier: "Europe/Rome")!
        for _ in 0..<300 {
            let text = Self.rule(&random)
            let rule = try RecurrenceRule(parsing: text)
            let start = LocalDateTime(
                year: 2026, month: 1 + Int(random.next() % 12), day: 1 + Int(random.next() % 28),
                hour: Int(random.next() % 24), minute: Int(random.next() % 4) * 15)
            let set = RecurrenceSet(start: start, rules: [rule])
            let target = start.addingDays(Int(random.next() % 900)).addingDays(0)
            let through = target.addingDays(1 + Int(random.next() % 40))
            let moved = set.skipping(to: target)
            #expect(moved.start <= target)
            let policy = DSTPolicy.default
            let full: [LocalDateTime] = set.occurrences(in: zone, policy: policy, through: through)
                .map { (o: ZonedOccurrence) in o.local }.filter { $0 >= target }
            let fast: [LocalDateTime] = moved.occurrences(in: zone, policy: policy, through: through)
                .map { (o: ZonedOccurrence) in o.local }.filter { $0 >= target }
            #expect(
                fast == full,
                "seed \(seed): \(text) from \(start) at \(target): \(fast.count) vs \(full.count) occurrences")
        }
    }

    @Test func setsThatCannotBeMovedAreLeftAsTheyAre() throws {
        let start = LocalDateTime(year: 2026, month: 1, day: 5, hour: 9)
        let target = LocalDateTime(year: 2027, month: 6, day: 1)
        for text in [
            "FREQ=DAILY;COUNT=500", "FREQ=MONTHLY;BYDAY=1MO", "FREQ=WEEKLY;BYDAY=MO,FR;BYSETPOS=1", "FREQ=HOURLY",
        ] {
            let set = RecurrenceSet(start: start, rules: [try RecurrenceRule(parsing: text)])
            #expect(set.skipping(to: target) == set, "\(text)")
        }
        let weekly = RecurrenceSet(start: start, rules: [try RecurrenceRule(parsing: "FREQ=WEEKLY;INTERVAL=2")])
        let moved = weekly.skipping(to: target)
        #expect((moved.start.daysSinceEpoch - start.daysSinceEpoch) % 14 == 0)
        #expect(moved.start > start)
        #expect(moved.start.hour == 9)
    }
}
