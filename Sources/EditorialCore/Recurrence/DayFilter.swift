/// The date-level BYxxx parts of a rule (BYMONTH, BYWEEKNO, BYYEARDAY, BYMONTHDAY, BYDAY) as bit masks.
///
/// RFC 5545's expand/limit table reduces, per period, to "every day of the period that passes all
/// these tests" (the period being a year, month, week or day), which is how python-dateutil works too.
/// Each test is a mask lookup, so checking a day costs a few nanoseconds and allocates nothing.
struct DayFilter: Sendable {
    /// Bit m set for each BYMONTH value m; 0 when there is no BYMONTH.
    let monthMask: UInt16
    private let weekNoPositive: UInt64
    private let weekNoNegative: UInt64
    private let hasWeekNo: Bool
    private let yearDayPositive: [UInt64]
    private let yearDayNegative: [UInt64]
    private let hasYearDay: Bool
    private let monthDayPositive: UInt32
    private let monthDayNegative: UInt32
    private let hasMonthDay: Bool
    // Bit w (1 = Monday) for plain BYDAY entries; nth masks per weekday hold bit n for ordinal ±n.
    private let weekdayMask: UInt8
    private let nthPositive: [UInt64]
    private let nthNegative: [UInt64]
    private let hasByDay: Bool
    private let hasNth: Bool
    /// True when BYDAY ordinals count within the year (YEARLY without BYMONTH), not within the month.
    private let nthInYear: Bool
    private let weekStart: Int

    /// Builds the masks; out-of-range values (possible with the memberwise initializer) never match.
    ///
    /// - Parameter ordinalsInYear: BYDAY ordinals count within the year (FREQ=YEARLY without BYMONTH in the
    ///   rule as written), not within the month.
    init(rule: RecurrenceRule, ordinalsInYear: Bool) {
        func bits<T: FixedWidthInteger>(_ values: [Int], limit: Int, negative: Bool) -> T {
            var mask: T = 0
            for v in values {
                let n = negative ? -v : v
                if n >= 1, n <= limit, n < T.bitWidth { mask |= 1 << n }
            }
            return mask
        }
        monthMask = bits(rule.byMonth, limit: 12, negative: false)
        weekNoPositive = bits(rule.byWeekNo, limit: 53, negative: false)
        weekNoNegative = bits(rule.byWeekNo, limit: 53, negative: true)
        hasWeekNo = !rule.byWeekNo.isEmpty
        var yp = [UInt64](repeating: 0, count: 6)
        var yn = [UInt64](repeating: 0, count: 6)
        for v in rule.byYearDay where v != 0 && abs(v) <= 366 {
            if v > 0 { yp[v >> 6] |= 1 << UInt64(v & 63) } else { yn[-v >> 6] |= 1 << UInt64(-v & 63) }
        }
        yearDayPositive = yp
        yearDayNegative = yn
        hasYearDay = !rule.byYearDay.isEmpty
        monthDayPositive = bits(rule.byMonthDay, limit: 31, negative: false)
        monthDayNegative = bits(rule.byMonthDay, limit: 31, negative: true)
        hasMonthDay = !rule.byMonthDay.isEmpty
        var plain: UInt8 = 0
        var np = [UInt64](repeating: 0, count: 8)
        var nn = [UInt64](repeating: 0, count: 8)
        for entry in rule.byDay {
            let w = entry.weekday.rawValue
            // RFC 5545 allows ordinals with MONTHLY/YEARLY only; elsewhere treat them as plain weekdays.
            guard let n = entry.ordinal, rule.frequency == .monthly || rule.frequency == .yearly else {
                plain |= 1 << UInt8(w)
                continue
            }
            if n > 0, n <= 53 { np[w] |= 1 << UInt64(n) }
            if n < 0, n >= -53 { nn[w] |= 1 << UInt64(-n) }
        }
        weekdayMask = plain
        nthPositive = np
        nthNegative = nn
        hasByDay = !rule.byDay.isEmpty
        hasNth = np.contains { $0 != 0 } || nn.contains { $0 != 0 }
        nthInYear = ordinalsInYear
        weekStart = rule.weekStart.rawValue
    }

    /// Whether there is any date-level constraint at all.
    var isTrivial: Bool { monthMask == 0 && !hasWeekNo && !hasYearDay && !hasMonthDay && !hasByDay }

    /// Tests one day, given its civil fields (weekday 1 = Monday, dayOfYear 1-based).
    @inline(__always)
    func matches(day: Int, month: Int, dayOfMonth: Int, daysInMonth: Int, dayOfYear: Int, daysInYear: Int, weekday: Int)
        -> Bool
    {
        if monthMask != 0, monthMask & (1 << UInt16(month)) == 0 { return false }
        if hasMonthDay {
            let fromEnd = daysInMonth - dayOfMonth + 1
            if monthDayPositive & (1 << UInt32(dayOfMonth)) == 0, monthDayNegative & (1 << UInt32(fromEnd)) == 0 {
                return false
            }
        }
        if hasByDay {
            var ok = weekdayMask & (1 << UInt8(weekday)) != 0
            if !ok, hasNth {
                let index = nthInYear ? dayOfYear : dayOfMonth
                let length = nthInYear ? daysInYear : daysInMonth
                let n = (index - 1) / 7 + 1
                let fromEnd = (length - index) / 7 + 1
                ok = nthPositive[weekday] & (1 << UInt64(n)) != 0 || nthNegative[weekday] & (1 << UInt64(fromEnd)) != 0
            }
            if !ok { return false }
        }
        if hasYearDay {
            let fromEnd = daysInYear - dayOfYear + 1
            let pos = yearDayPositive[dayOfYear >> 6] & (1 << UInt64(dayOfYear & 63)) != 0
            if !pos, yearDayNegative[fromEnd >> 6] & (1 << UInt64(fromEnd & 63)) == 0 { return false }
        }
        if hasWeekNo {
            let (week, weeks) = weekNumber(day: day, weekday: weekday)
            let fromEnd = weeks - week + 1
            if weekNoPositive & (1 << UInt64(week)) == 0, weekNoNegative & (1 << UInt64(fromEnd)) == 0 {
                return false
            }
        }
        return true
    }

    /// ISO 8601 style week number of a day with weeks starting on WKST (week 1 is the first week with
    /// at least four days in the year), and the number of weeks in that week-numbering year.
    func weekNumber(day: Int, weekday: Int) -> (week: Int, weeks: Int) {
        let weekBegin = day - (weekday - weekStart + 7) % 7
        let weekYear = LocalDateTime.civil(fromDays: weekBegin + 3).year
        let first = firstWeekBegin(weekYear)
        let next = firstWeekBegin(weekYear + 1)
        return ((weekBegin - first) / 7 + 1, (next - first) / 7)
    }

    private func firstWeekBegin(_ year: Int) -> Int {
        let jan4 = LocalDateTime.days(year: year, month: 1, day: 4)
        return jan4 - (Weekday.of(daysSinceEpoch: jan4).rawValue - weekStart + 7) % 7
    }
}
