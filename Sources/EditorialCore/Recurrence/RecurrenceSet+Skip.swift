extension RecurrenceSet {
    /// The same set with DTSTART moved forward by whole periods of its rules to the last such start at or before
    /// `target`, so that expanding from there costs what the window costs, not what the time since DTSTART costs
    /// (a year of daily slots asked for one day was a year of iterations). Every occurrence at or after `target`
    /// is the same; earlier ones may be missing.
    ///
    /// Only DAILY and WEEKLY rules without COUNT and BYSETPOS are moved: their occurrences depend on DTSTART only
    /// through its time of day and its place in a cycle of INTERVAL days (or weeks), which whole cycles keep. The
    /// set is returned as it is otherwise, and when `target` is before the start.
    public func skipping(to target: LocalDateTime) -> RecurrenceSet {
        guard !rules.isEmpty else { return self }
        var period = 1
        for rule in rules {
            guard rule.count == nil, rule.bySetPos.isEmpty else { return self }
            let days: Int
            switch rule.frequency {
            case .daily: days = rule.interval
            case .weekly: days = 7 * rule.interval
            default: return self
            }
            period = Self.lcm(period, days)
            guard period <= 3660 else { return self }
        }
        let gap = target.daysSinceEpoch - start.daysSinceEpoch - 1
        guard gap >= period else { return self }
        var moved = self
        moved.start = start.addingDays(gap / period * period)
        return moved
    }

    private static func lcm(_ a: Int, _ b: Int) -> Int {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return a / x * b
    }
}
