/// Merges the rules' expansions and the extra dates of a `RecurrenceSet` into one increasing
/// stream of local times (seconds since the epoch read as UTC), without duplicates and without exceptions.
struct OccurrenceMerger: Sendable {
    private var rules: [RuleIterator]
    private var heads: [Int64]
    private var started = false
    private let dates: [Int64]
    private var dateIndex = 0
    private let exceptions: [Int64]
    private var exceptionIndex = 0
    private let through: Int64
    private var finished = false

    private static let exhausted = Int64.max

    /// Prepares the merge; `zone` is passed to the rules for UNTIL values given in UTC.
    init(set: RecurrenceSet, through last: LocalDateTime, zone: ZoneRules?, policy: DSTPolicy) {
        let start = set.start.secondsSinceEpochAsUTC
        let horizon = last.secondsSinceEpochAsUTC
        rules = set.rules.map {
            RuleIterator(rule: $0, start: start, horizon: horizon, zone: zone, policy: policy)
        }
        heads = []
        dates = Array(Set(set.dates.map(\.secondsSinceEpochAsUTC))).sorted()
        exceptions = Array(Set(set.exceptions.map(\.secondsSinceEpochAsUTC))).sorted()
        through = last.secondsSinceEpochAsUTC
    }

    /// The next local time of the set, or nil at the end of the set or past `through`.
    mutating func next() -> Int64? {
        if finished { return nil }
        if !started {
            started = true
            heads.reserveCapacity(rules.count)
            for i in rules.indices { heads.append(rules[i].next() ?? OccurrenceMerger.exhausted) }
        }
        while true {
            var m = OccurrenceMerger.exhausted
            for h in heads where h < m { m = h }
            if dateIndex < dates.count, dates[dateIndex] < m { m = dates[dateIndex] }
            if m == OccurrenceMerger.exhausted || m > through {
                finished = true
                return nil
            }
            for i in heads.indices where heads[i] == m {
                heads[i] = rules[i].next() ?? OccurrenceMerger.exhausted
            }
            if dateIndex < dates.count, dates[dateIndex] == m { dateIndex += 1 }
            while exceptionIndex < exceptions.count, exceptions[exceptionIndex] < m { exceptionIndex += 1 }
            if exceptionIndex < exceptions.count, exceptions[exceptionIndex] == m { continue }
            return m
        }
    }
}
