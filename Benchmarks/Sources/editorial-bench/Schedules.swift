/// The recurrence workload: recurring schedules drawn from a seed, as RRULE text with an IANA zone.
///
/// The draw order is part of the contract with `dateutil_expand.py`; change both or neither:
/// for schedule `i`, the zone is `zones[i % 12]`; then `below(10)` picks the kind (0–3 weekly, 4–6 monthly,
/// 7–9 daily); weekly draws `1 + below(3)` weekdays by a partial Fisher–Yates shuffle of MO…SU
/// (`j + below(7 - j)` for each position `j`) and sorts them; monthly draws the ordinal from
/// `[1, 2, 3, 4, -1]` with `below(5)`, then the weekday with `below(7)`; every schedule then draws the
/// hour `6 + below(16)` (`below(24)` with `allHours`, which reaches the DST transitions) and the minute
/// `15 * below(4)`.
struct Schedule {
    /// The kind of schedule.
    enum Kind: String {
        /// `FREQ=WEEKLY;BYDAY=…` on one to three weekdays.
        case weekly
        /// `FREQ=MONTHLY;BYDAY=nXX` on an nth or last weekday.
        case monthly
        /// `FREQ=DAILY`.
        case daily
    }

    /// The kind of schedule.
    var kind: Kind
    /// Index into `Schedule.zones`.
    var zoneIndex: Int
    /// RFC 5545 RRULE text (without `RRULE:`), with BYHOUR, BYMINUTE and BYSECOND.
    var ruleText: String

    /// The zones, assigned round-robin.
    static let zones = [
        "Europe/Rome", "America/St_Johns", "Australia/Sydney", "Asia/Kathmandu", "America/New_York",
        "America/Los_Angeles", "Europe/London", "Asia/Tokyo", "Asia/Kolkata", "America/Sao_Paulo",
        "Pacific/Auckland", "UTC",
    ]

    /// RFC 5545 weekday codes, Monday first.
    static let weekdayCodes = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]

    /// The default seed (printed by every run).
    static let defaultSeed: UInt64 = 20_270_101

    /// Generates `count` schedules from `seed`; `allHours` draws hours 0–23 instead of 6–21.
    static func generate(count: Int, seed: UInt64, allHours: Bool = false) -> [Schedule] {
        var rng = SplitMix64(seed: seed)
        var result: [Schedule] = []
        result.reserveCapacity(count)
        for i in 0..<count {
            let zoneIndex = i % zones.count
            let k = rng.below(10)
            let kind: Kind
            var text: String
            if k < 4 {
                kind = .weekly
                let n = 1 + rng.below(3)
                var days = Array(0..<7)
                for j in 0..<n { days.swapAt(j, j + rng.below(7 - j)) }
                let chosen = days[0..<n].sorted().map { weekdayCodes[$0] }
                text = "FREQ=WEEKLY;BYDAY=" + chosen.joined(separator: ",")
            } else if k < 7 {
                kind = .monthly
                let ordinal = [1, 2, 3, 4, -1][rng.below(5)]
                let weekday = weekdayCodes[rng.below(7)]
                text = "FREQ=MONTHLY;BYDAY=\(ordinal)\(weekday)"
            } else {
                kind = .daily
                text = "FREQ=DAILY"
            }
            let hour = allHours ? rng.below(24) : 6 + rng.below(16)
            let minute = 15 * rng.below(4)
            text += ";BYHOUR=\(hour);BYMINUTE=\(minute);BYSECOND=0"
            result.append(Schedule(kind: kind, zoneIndex: zoneIndex, ruleText: text))
        }
        return result
    }
}
