@testable import EditorialCore

/// A brute-force reading of RFC 5545 §3.3.10, written for the differential tests to arbitrate where libical and
/// python-dateutil disagree. It shares nothing with `RuleIterator` and `DayFilter` but the civil-date arithmetic
/// of `LocalDateTime`, and is slow: every day of every period is tested against every rule part.
///
/// The reading, period by period (a year, month, week, day, hour, minute or second from DTSTART's, stepping by
/// INTERVAL; weeks begin on WKST):
/// - candidates are each day of the period at each time of day given by BYHOUR × BYMINUTE × BYSECOND, a part
///   missing taking DTSTART's value, except the parts of the period's own unit and coarser, which are the
///   period's (an HOURLY period is one hour: its hour must pass BYHOUR, its minutes and seconds are expanded);
/// - a day passes BYMONTH, BYWEEKNO, BYYEARDAY, BYMONTHDAY and BYDAY (their union within each part, their
///   intersection across parts); BYDAY ordinals count within the month for MONTHLY and for YEARLY with BYMONTH,
///   within the year otherwise; a week number is the ISO 8601 one with weeks starting on WKST, each day belonging
///   to the period of its calendar year; negative values count from the end;
/// - what the rule does not say comes from DTSTART: YEARLY with no day part has DTSTART's month (unless BYMONTH)
///   and day of the month, YEARLY with only BYWEEKNO (and BYMONTH) DTSTART's weekday, YEARLY with BYMONTHDAY but
///   no BYMONTH, BYYEARDAY or BYWEEKNO DTSTART's month (BYDAY ordinals still count in the year), MONTHLY with no
///   day part DTSTART's day of the month, WEEKLY without BYDAY DTSTART's weekday;
/// - BYSETPOS picks from the period's sorted candidates (all of them, also those before DTSTART);
/// - then occurrences before DTSTART are dropped (DTSTART is not an occurrence unless it is one), UNTIL ends the
///   series inclusively, and COUNT counts the rest.
enum RFC5545Oracle {
    /// The occurrences of `rule` from `start`, at most `limit`, none after `through`, as local seconds.
    static func occurrences(of rule: RecurrenceRule, from start: LocalDateTime, through: LocalDateTime, limit: Int)
        -> [Int64]
    {
        let startSeconds = start.secondsSinceEpochAsUTC
        let end = through.secondsSinceEpochAsUTC
        let until: Int64
        switch rule.until {
        case nil: until = Int64.max
        case .local(let t): until = t.secondsSinceEpochAsUTC
        case .utc(let u): until = u
        case .date(let t): until = Int64(t.daysSinceEpoch) * 86_400 + 86_399
        }
        var result: [Int64] = []
        var counted = 0
        var period = 0
        while result.count < limit {
            guard let (days, fixed) = periodDays(rule, start, index: period * rule.interval) else { break }
            if let first = days.first, Int64(first) * 86_400 > end { break }
            var set: [Int64] = []
            let timesOfDay = times(rule, start, fixed: fixed)
            if !timesOfDay.isEmpty {
                for day in days where dayPasses(day, rule, start) {
                    for t in timesOfDay { set.append(Int64(day) * 86_400 + t) }
                }
            }
            set.sort()
            if !rule.bySetPos.isEmpty {
                var picked: [Int64] = []
                for p in rule.bySetPos {
                    let i = p > 0 ? p - 1 : set.count + p
                    if i >= 0, i < set.count { picked.append(set[i]) }
                }
                set = Array(Set(picked)).sorted()
            }
            for t in set where t >= startSeconds {
                if t > until || t > end || result.count >= limit { return result }
                if let count = rule.count, counted >= count { return result }
                counted += 1
                result.append(t)
            }
            period += 1
            if period > 2_000_000 { break }
        }
        return result
    }

    /// The days of period `index` after DTSTART's, and the time of day the period fixes (sub-daily periods), or nil
    /// after year 9999.
    private static func periodDays(_ rule: RecurrenceRule, _ start: LocalDateTime, index: Int) -> (
        [Int], Fixed
    )? {
        let startDay = start.daysSinceEpoch
        switch rule.frequency {
        case .yearly:
            let year = start.year + index
            guard year <= 9999 else { return nil }
            let first = LocalDateTime.days(year: year, month: 1, day: 1)
            return (Array(first..<(first + LocalDateTime.daysInYear(year))), Fixed())
        case .monthly:
            let months = start.year * 12 + start.month - 1 + index
            let year = months / 12
            guard year <= 9999 else { return nil }
            let month = months % 12 + 1
            let first = LocalDateTime.days(year: year, month: month, day: 1)
            return (Array(first..<(first + LocalDateTime.daysInMonth(year: year, month: month))), Fixed())
        case .weekly:
            let weekBegin = startDay - (start.weekday.rawValue - rule.weekStart.rawValue + 7) % 7 + 7 * index
            return (Array(weekBegin..<(weekBegin + 7)), Fixed())
        case .daily:
            return ([startDay + index], Fixed())
        case .hourly, .minutely, .secondly:
            let unit: Int64 = rule.frequency == .hourly ? 3600 : rule.frequency == .minutely ? 60 : 1
            let s = start.secondsSinceEpochAsUTC
            let periodStart = (s - ((s % unit) + unit) % unit) + Int64(index) * unit
            let day = Int((periodStart - ((periodStart % 86_400) + 86_400) % 86_400) / 86_400)
            let secondOfDay = Int(periodStart - Int64(day) * 86_400)
            var fixed = Fixed(hour: secondOfDay / 3600)
            if rule.frequency != .hourly { fixed.minute = secondOfDay / 60 % 60 }
            if rule.frequency == .secondly { fixed.second = secondOfDay % 60 }
            return ([day], fixed)
        }
    }

    /// The time fields a sub-daily period fixes.
    private struct Fixed {
        var hour: Int?
        var minute: Int?
        var second: Int?
    }

    /// Seconds of the day of the candidates on one day of a period.
    private static func times(_ rule: RecurrenceRule, _ start: LocalDateTime, fixed: Fixed) -> [Int64] {
        func values(_ by: [Int], _ fixed: Int?, _ own: Int) -> [Int] {
            if let fixed { return by.isEmpty || by.contains(fixed) ? [fixed] : [] }
            return by.isEmpty ? [own] : Array(Set(by)).sorted()
        }
        var result: [Int64] = []
        for h in values(rule.byHour, fixed.hour, start.hour) {
            for m in values(rule.byMinute, fixed.minute, start.minute) {
                for s in values(rule.bySecond, fixed.second, start.second) {
                    result.append(Int64(h * 3600 + m * 60 + s))
                }
            }
        }
        return result
    }

    /// Whether a day passes the rule's day parts and the defaults taken from DTSTART.
    private static func dayPasses(_ day: Int, _ rule: RecurrenceRule, _ start: LocalDateTime) -> Bool {
        let t = LocalDateTime(daysSinceEpoch: day)
        let weekday = t.weekday
        let monthLength = LocalDateTime.daysInMonth(year: t.year, month: t.month)
        let yearLength = LocalDateTime.daysInYear(t.year)
        let dayOfYear = day - LocalDateTime.days(year: t.year, month: 1, day: 1) + 1
        if !rule.byMonth.isEmpty, !rule.byMonth.contains(t.month) { return false }
        if !rule.byWeekNo.isEmpty {
            let (week, weeks) = isoWeek(day, weekStart: rule.weekStart)
            if !rule.byWeekNo.contains(where: { $0 > 0 ? $0 == week : weeks + $0 + 1 == week }) { return false }
        }
        if !rule.byYearDay.isEmpty,
            !rule.byYearDay.contains(where: { $0 > 0 ? $0 == dayOfYear : yearLength + $0 + 1 == dayOfYear })
        {
            return false
        }
        if !rule.byMonthDay.isEmpty,
            !rule.byMonthDay.contains(where: { $0 > 0 ? $0 == t.day : monthLength + $0 + 1 == t.day })
        {
            return false
        }
        if !rule.byDay.isEmpty {
            let inYear = rule.frequency == .yearly && rule.byMonth.isEmpty
            let index = inYear ? dayOfYear : t.day
            let length = inYear ? yearLength : monthLength
            let nth = (index - 1) / 7 + 1
            let nthFromEnd = -((length - index) / 7 + 1)
            let ok = rule.byDay.contains { entry in
                guard entry.weekday == weekday else { return false }
                guard let n = entry.ordinal else { return true }
                return n == nth || n == nthFromEnd
            }
            if !ok { return false }
        }
        let noDayPart = rule.byWeekNo.isEmpty && rule.byYearDay.isEmpty && rule.byMonthDay.isEmpty && rule.byDay.isEmpty
        switch rule.frequency {
        case .yearly:
            if noDayPart {
                if rule.byMonth.isEmpty, t.month != start.month { return false }
                if t.day != start.day { return false }
            } else if rule.byDay.isEmpty, rule.byYearDay.isEmpty, rule.byMonthDay.isEmpty, weekday != start.weekday {
                return false
            } else if !rule.byMonthDay.isEmpty, rule.byMonth.isEmpty, rule.byYearDay.isEmpty, rule.byWeekNo.isEmpty,
                t.month != start.month
            {
                return false
            }
        case .monthly:
            if noDayPart, t.day != start.day { return false }
        case .weekly:
            if rule.byDay.isEmpty, weekday != start.weekday { return false }
        default: break
        }
        return true
    }

    /// ISO 8601 week number of a day (weeks starting on `weekStart`; week 1 holds the year's fourth day of
    /// January), and the number of weeks of its week-numbering year.
    static func isoWeek(_ day: Int, weekStart: Weekday) -> (week: Int, weeks: Int) {
        func weekBegin(_ d: Int) -> Int { d - (Weekday.of(daysSinceEpoch: d).rawValue - weekStart.rawValue + 7) % 7 }
        func firstWeek(_ year: Int) -> Int { weekBegin(LocalDateTime.days(year: year, month: 1, day: 4)) }
        let begin = weekBegin(day)
        var year = LocalDateTime(daysSinceEpoch: day).year + 1
        while firstWeek(year) > begin { year -= 1 }
        return ((begin - firstWeek(year)) / 7 + 1, (firstWeek(year + 1) - firstWeek(year)) / 7)
    }
}
