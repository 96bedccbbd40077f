/// One RFC 5545 recurrence rule (RRULE value), independent of its start.
///
/// Build one with `init(parsing:)` (RRULE text), `init(shorthand:)` (plan-file `every:` text) or the
/// memberwise initializer (then call `validate()`). Expansion happens in `RecurrenceSet`.
public struct RecurrenceRule: Sendable, Hashable, CustomStringConvertible {
    /// The FREQ rule part.
    public enum Frequency: String, Sendable, Hashable, CaseIterable {
        /// Every `interval` seconds.
        case secondly = "SECONDLY"
        /// Every `interval` minutes.
        case minutely = "MINUTELY"
        /// Every `interval` hours.
        case hourly = "HOURLY"
        /// Every `interval` days.
        case daily = "DAILY"
        /// Every `interval` weeks (weeks begin on `weekStart`).
        case weekly = "WEEKLY"
        /// Every `interval` months.
        case monthly = "MONTHLY"
        /// Every `interval` years.
        case yearly = "YEARLY"

        /// Rank from the finest (secondly = 0) to the coarsest (yearly = 6).
        var rank: Int {
            switch self {
            case .secondly: return 0
            case .minutely: return 1
            case .hourly: return 2
            case .daily: return 3
            case .weekly: return 4
            case .monthly: return 5
            case .yearly: return 6
            }
        }
    }

    /// The UNTIL rule part (inclusive bound).
    public enum Until: Sendable, Hashable {
        /// `UNTIL=YYYYMMDDTHHMMSS`: a floating local date-time.
        case local(LocalDateTime)
        /// `UNTIL=YYYYMMDDTHHMMSSZ`: seconds since 1970-01-01T00:00:00Z, compared after zone conversion.
        case utc(Int64)
        /// `UNTIL=YYYYMMDD`: inclusive of that whole local day (the time fields are ignored).
        case date(LocalDateTime)
    }

    /// A BYDAY entry: a weekday, optionally with an ordinal (`2TU`, `-1FR`).
    public struct WeekdayNum: Sendable, Hashable, CustomStringConvertible {
        /// ±1…53 (the n-th / n-th-to-last in the month or year), or nil for every such weekday.
        public var ordinal: Int?
        /// The weekday.
        public var weekday: Weekday

        /// Creates an entry.
        public init(_ weekday: Weekday, ordinal: Int? = nil) {
            self.ordinal = ordinal
            self.weekday = weekday
        }

        /// RFC 5545 text, e.g. `TU`, `2TU`, `-1FR`.
        public var description: String {
            guard let ordinal else { return weekday.code }
            return "\(ordinal)\(weekday.code)"
        }
    }

    /// FREQ.
    public var frequency: Frequency
    /// INTERVAL (default 1).
    public var interval: Int
    /// COUNT: number of occurrences the rule produces.
    public var count: Int?
    /// UNTIL: inclusive end.
    public var until: Until?
    /// BYMONTH values, 1…12.
    public var byMonth: [Int]
    /// BYWEEKNO values, ±1…53 (week numbering as ISO 8601 with weeks starting on `weekStart`).
    public var byWeekNo: [Int]
    /// BYYEARDAY values, ±1…366.
    public var byYearDay: [Int]
    /// BYMONTHDAY values, ±1…31.
    public var byMonthDay: [Int]
    /// BYDAY entries.
    public var byDay: [WeekdayNum]
    /// BYHOUR values, 0…23.
    public var byHour: [Int]
    /// BYMINUTE values, 0…59.
    public var byMinute: [Int]
    /// BYSECOND values, 0…59.
    public var bySecond: [Int]
    /// BYSETPOS values, ±1…366.
    public var bySetPos: [Int]
    /// WKST (default Monday).
    public var weekStart: Weekday

    /// Creates a rule from its parts; see `validate()` for the checks `init(parsing:)` applies.
    public init(
        frequency: Frequency, interval: Int = 1, count: Int? = nil, until: Until? = nil, byMonth: [Int] = [],
        byWeekNo: [Int] = [], byYearDay: [Int] = [], byMonthDay: [Int] = [], byDay: [WeekdayNum] = [],
        byHour: [Int] = [], byMinute: [Int] = [], bySecond: [Int] = [], bySetPos: [Int] = [],
        weekStart: Weekday = .monday
    ) {
        self.frequency = frequency
        self.interval = interval
        self.count = count
        self.until = until
        self.byMonth = byMonth
        self.byWeekNo = byWeekNo
        self.byYearDay = byYearDay
        self.byMonthDay = byMonthDay
        self.byDay = byDay
        self.byHour = byHour
        self.byMinute = byMinute
        self.bySecond = bySecond
        self.bySetPos = bySetPos
        self.weekStart = weekStart
    }
}

extension RecurrenceRule {
    /// Whether the rule can give two occurrences less than a minute apart: FREQ=SECONDLY with an INTERVAL under
    /// 60, or more than one BYSECOND value.
    public var recursWithinAMinute: Bool {
        (frequency == .secondly && interval < 60) || Set(bySecond).count > 1
    }

    /// The same rule with the parts that RFC 5545 takes from DTSTART, and that readers disagree on, written out:
    /// a YEARLY `BYWEEKNO` without `BYDAY`, `BYMONTHDAY` or `BYYEARDAY` gets `BYDAY` = the start's weekday (python-
    /// dateutil would take every day of the weeks), and a YEARLY `BYMONTHDAY` without `BYMONTH`, `BYYEARDAY` or
    /// `BYWEEKNO` gets `BYMONTH` = the start's month (dateutil would take every month), unless `BYDAY` has ordinals,
    /// which `BYMONTH` would make count within the month. From `start`, both rules give the same occurrences; an
    /// exported rule written this way reads the same in every client.
    public func spellingOutDefaults(from start: LocalDateTime) -> RecurrenceRule {
        guard frequency == .yearly else { return self }
        var rule = self
        if !byWeekNo.isEmpty, byDay.isEmpty, byMonthDay.isEmpty, byYearDay.isEmpty {
            rule.byDay = [WeekdayNum(start.weekday)]
        }
        if !byMonthDay.isEmpty, byMonth.isEmpty, byYearDay.isEmpty, byWeekNo.isEmpty,
            !byDay.contains(where: { $0.ordinal != nil })
        {
            rule.byMonth = [start.month]
        }
        return rule
    }
}
