/// The weeks of a pace window: Monday 00:00 in the team's zone, the current week last.
public struct PaceWeeks: Hashable, Sendable {
    /// Each week's first instant, oldest first; `starts.count` weeks, the last one containing `now`.
    public var starts: [Int64]
    /// The window's end.
    public var now: Int64

    /// The `count` weeks up to the one containing `now`, in `zone`.
    public init(count: Int, now: Int64, zone: ZoneRules) {
        let local = zone.local(now)
        let monday = local.daysSinceEpoch - (local.weekday.rawValue - 1)
        starts = (0..<max(1, count)).reversed().map { back in
            let day = LocalDateTime(daysSinceEpoch: monday - 7 * back)
            return zone.resolve(day, policy: .default).utc
                ?? (day.secondsSinceEpochAsUTC - Int64(zone.offset(atUTC: now)))
        }
        self.now = now
    }

    /// The window's first instant.
    public var from: Int64 { starts[0] }

    /// The week `instant` falls in, `nil` outside `from..<now`.
    public func index(of instant: Int64) -> Int? {
        guard instant >= from, instant < now else { return nil }
        var lo = 0
        var hi = starts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if starts[mid] <= instant { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }
}
