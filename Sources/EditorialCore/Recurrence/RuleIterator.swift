/// Expands one rule from a start into increasing local times (seconds since the epoch read as UTC).
///
/// Works period by period (one year, month, week, day, hour, minute or second, stepping by INTERVAL),
/// collects the period's occurrences into a reused buffer, applies BYSETPOS to that set, then drops
/// times before the start, stops at UNTIL and counts COUNT. Buffers keep their capacity, so after the
/// first periods nothing is allocated.
///
/// Termination of rules that stop matching (for example `FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30`):
/// - YEARLY/MONTHLY/WEEKLY/DAILY end after one full 400-year Gregorian cycle of consecutive empty
///   periods (400 years, 4,800 months, 20,871 weeks or 146,097 days). The calendar repeats after that
///   cycle, so a rule that is empty for a whole cycle is empty forever: this never cuts a real series.
/// - HOURLY/MINUTELY/SECONDLY end when 146,097 consecutive days (400 years) pass with no occurrence;
///   only contrived rules whose occurrences are more than 400 years apart are cut short.
/// - Every rule ends after year 9999 (the largest RFC 5545 year), and as soon as a period starts after
///   the caller's horizon (the `through` bound of the expansion).
struct RuleIterator: Sendable {
    private let frequency: RecurrenceRule.Frequency
    private let interval: Int
    private let start: Int64
    private var remaining: Int
    private let untilLocal: Int64
    private let horizon: Int64
    private let untilUTC: Int64?
    private let zone: ZoneRules?
    private let policy: DSTPolicy
    private let filter: DayFilter
    private let times: [Int32]
    private let minutes: [Int]
    private let seconds: [Int]
    private let hourMask: UInt32
    private let minuteMask: UInt64
    private let secondMask: UInt64
    private let setPos: [Int]
    private let maxEmptyPeriods: Int

    private var buffer: [Int64] = []
    private var scratch: [Int64] = []
    private var index = 0
    private var finished = false
    private var emptyPeriods = 0
    // Period cursor: months since year 0 (YEARLY/MONTHLY), days since the epoch (WEEKLY/DAILY),
    // or units since the epoch (HOURLY/MINUTELY/SECONDLY).
    private var cursor: Int64
    private var lastProductiveDay: Int64
    private var cachedDay = Int64.min
    private var cachedDayMatches = false

    private static let maxYear = 9999
    private static let cycleDays: Int64 = 146_097

    /// Prepares the expansion of `rule` from `start` (local seconds).
    ///
    /// Only occurrences at or after `start` are produced and counted (a start the rule does not match is no
    /// occurrence, as in libical and python-dateutil).
    ///
    /// - Parameters:
    ///   - horizon: the caller needs no occurrence after this local time; periods starting later are not expanded.
    ///   - zone: when given, an UNTIL in UTC is compared with each occurrence resolved in this zone;
    ///     without a zone it is read as a local time.
    init(
        rule: RecurrenceRule, start: Int64, horizon: Int64, zone: ZoneRules?, policy: DSTPolicy
    ) {
        self.horizon = horizon
        frequency = rule.frequency
        interval = max(1, rule.interval)
        self.start = start
        remaining = rule.count.map { max(0, $0) } ?? Int.max
        self.zone = zone
        self.policy = policy
        switch rule.until {
        case nil:
            untilLocal = Int64.max
            untilUTC = nil
        case .local(let t):
            untilLocal = t.secondsSinceEpochAsUTC
            untilUTC = nil
        case .date(let t):
            untilLocal = Int64(t.daysSinceEpoch) * 86_400 + 86_399
            untilUTC = nil
        case .utc(let u):
            if zone != nil {
                untilLocal = u + ZoneRules.maxOffset
                untilUTC = u
            } else {
                untilLocal = u
                untilUTC = nil
            }
        }

        // RFC 5545: parts missing from the rule take their values from DTSTART.
        var rule = rule
        let startTime = LocalDateTime(secondsSinceEpochAsUTC: start)
        let ordinalsInYear = rule.frequency == .yearly && rule.byMonth.isEmpty
        let dateParts = [rule.byWeekNo, rule.byYearDay, rule.byMonthDay]
        if rule.frequency == .yearly, rule.byMonth.isEmpty, !rule.byMonthDay.isEmpty, rule.byYearDay.isEmpty,
            rule.byWeekNo.isEmpty
        {
            // Month days name no month: it is DTSTART's, as in libical and Foundation (python-dateutil takes every
            // month). BYDAY ordinals still count in the year, as the rule says.
            rule.byMonth = [startTime.month]
        } else if dateParts.allSatisfy(\.isEmpty), rule.byDay.isEmpty {
            switch rule.frequency {
            case .yearly:
                if rule.byMonth.isEmpty { rule.byMonth = [startTime.month] }
                rule.byMonthDay = [startTime.day]
            case .monthly: rule.byMonthDay = [startTime.day]
            case .weekly: rule.byDay = [.init(startTime.weekday)]
            default: break
            }
        } else if rule.frequency == .yearly, rule.byDay.isEmpty, rule.byYearDay.isEmpty, rule.byMonthDay.isEmpty {
            // BYWEEKNO alone names weeks, not days: the day is DTSTART's weekday in each of them (libical does
            // this; python-dateutil takes every day of the weeks).
            rule.byDay = [.init(startTime.weekday)]
        }
        filter = DayFilter(rule: rule, ordinalsInYear: ordinalsInYear)
        let rank = rule.frequency.rank
        func values(_ list: [Int], _ range: ClosedRange<Int>, default value: Int) -> [Int] {
            let valid = Set(list.filter { range.contains($0) }).sorted()
            return list.isEmpty ? [value] : valid
        }
        let hours = values(rule.byHour, 0...23, default: startTime.hour)
        minutes = values(rule.byMinute, 0...59, default: startTime.minute)
        seconds = values(rule.bySecond, 0...59, default: startTime.second)
        var t: [Int32] = []
        for h in hours { for m in minutes { for s in seconds { t.append(Int32(h * 3600 + m * 60 + s)) } } }
        times = t
        func mask<T: FixedWidthInteger>(_ list: [Int], _ range: ClosedRange<Int>) -> T {
            if list.isEmpty { return ~0 }
            var m: T = 0
            for v in list where range.contains(v) { m |= 1 << v }
            return m
        }
        // Sub-daily rules limit by the parts coarser than their frequency and expand the finer ones.
        hourMask = rank <= 2 ? mask(rule.byHour, 0...23) : ~0
        minuteMask = rank <= 1 ? mask(rule.byMinute, 0...59) : ~0
        secondMask = rank == 0 ? mask(rule.bySecond, 0...59) : ~0
        setPos = rule.bySetPos.filter { $0 != 0 }

        let startDay = Int64(startTime.daysSinceEpoch)
        lastProductiveDay = startDay
        switch rule.frequency {
        case .yearly:
            cursor = Int64(startTime.year) * 12
            maxEmptyPeriods = 400
        case .monthly:
            cursor = Int64(startTime.year) * 12 + Int64(startTime.month - 1)
            maxEmptyPeriods = 4800
        case .weekly:
            cursor = startDay - Int64((startTime.weekday.rawValue - rule.weekStart.rawValue + 7) % 7)
            maxEmptyPeriods = 20_871
        case .daily:
            cursor = startDay
            maxEmptyPeriods = 146_097
        case .hourly, .minutely, .secondly:
            cursor = RuleIterator.floorDiv(start, RuleIterator.unit(rule.frequency))
            maxEmptyPeriods = Int.max
        }
        if remaining == 0 { finished = true }
    }

    /// The next occurrence, or nil when the rule is exhausted.
    mutating func next() -> Int64? {
        while true {
            if index < buffer.count {
                let v = buffer[index]
                index += 1
                if v < start { continue }
                if v > untilLocal {
                    finished = true
                    index = buffer.count
                    return nil
                }
                if let untilUTC, let zone {
                    let r = zone.resolve(localSeconds: v, policy: policy)
                    if r.utc ?? (v - Int64(r.offset)) > untilUTC { continue }
                }
                remaining -= 1
                if remaining <= 0 {
                    finished = true
                    index = buffer.count
                }
                return v
            }
            if finished { return nil }
            index = 0
            buffer.removeAll(keepingCapacity: true)
            if frequency.rank >= 3 { fillCalendarPeriod() } else { fillClockPeriod() }
        }
    }

    // MARK: - YEARLY, MONTHLY, WEEKLY, DAILY

    private mutating func fillCalendarPeriod() {
        let step = Int64(interval)
        guard periodStartDay * 86_400 <= horizon else { return finish() }
        switch frequency {
        case .yearly:
            let year = Int(cursor / 12)
            guard year <= RuleIterator.maxYear else { return finish() }
            if filter.monthMask != 0 {
                for month in 1...12 where filter.monthMask & (1 << UInt16(month)) != 0 {
                    let first = LocalDateTime.days(year: year, month: month, day: 1)
                    collect(from: first, count: LocalDateTime.daysInMonth(year: year, month: month))
                }
            } else {
                collect(from: LocalDateTime.days(year: year, month: 1, day: 1), count: LocalDateTime.daysInYear(year))
            }
            cursor += 12 * step
        case .monthly:
            let year = Int(RuleIterator.floorDiv(cursor, 12))
            let month = Int(cursor - Int64(year) * 12) + 1
            guard year <= RuleIterator.maxYear else { return finish() }
            let first = LocalDateTime.days(year: year, month: month, day: 1)
            collect(from: first, count: LocalDateTime.daysInMonth(year: year, month: month))
            cursor += step
        case .weekly:
            guard cursor < RuleIterator.endDay else { return finish() }
            collect(from: Int(cursor), count: 7)
            cursor += 7 * step
        default:
            guard cursor < RuleIterator.endDay else { return finish() }
            collect(from: Int(cursor), count: 1)
            cursor += step
        }
        applySetPos()
        if buffer.isEmpty {
            emptyPeriods += 1
            if emptyPeriods >= maxEmptyPeriods { finish() }
        } else {
            emptyPeriods = 0
        }
    }

    /// First day (since the epoch) of the current YEARLY/MONTHLY/WEEKLY/DAILY period.
    private var periodStartDay: Int64 {
        switch frequency {
        case .yearly: return Int64(LocalDateTime.days(year: Int(cursor / 12), month: 1, day: 1))
        case .monthly:
            let year = RuleIterator.floorDiv(cursor, 12)
            return Int64(LocalDateTime.days(year: Int(year), month: Int(cursor - year * 12) + 1, day: 1))
        default: return cursor
        }
    }

    /// Appends every time of every matching day in `first ..< first + count` (days since the epoch).
    private mutating func collect(from first: Int, count: Int) {
        var (year, month, day) = LocalDateTime.civil(fromDays: first)
        var daysInMonth = LocalDateTime.daysInMonth(year: year, month: month)
        var daysInYear = LocalDateTime.daysInYear(year)
        var dayOfYear = first - LocalDateTime.days(year: year, month: 1, day: 1) + 1
        var weekday = Weekday.of(daysSinceEpoch: first).rawValue
        for d in first..<(first + count) {
            let ok = filter.matches(
                day: d, month: month, dayOfMonth: day, daysInMonth: daysInMonth, dayOfYear: dayOfYear,
                daysInYear: daysInYear, weekday: weekday)
            if ok {
                let base = Int64(d) * 86_400
                for t in times { buffer.append(base + Int64(t)) }
            }
            weekday = weekday == 7 ? 1 : weekday + 1
            day += 1
            dayOfYear += 1
            if day > daysInMonth {
                day = 1
                month += 1
                if month > 12 {
                    month = 1
                    year += 1
                    dayOfYear = 1
                    daysInYear = LocalDateTime.daysInYear(year)
                }
                daysInMonth = LocalDateTime.daysInMonth(year: year, month: month)
            }
        }
    }

    // MARK: - HOURLY, MINUTELY, SECONDLY

    private mutating func fillClockPeriod() {
        let unit = RuleIterator.unit(frequency)
        let step = Int64(interval)
        while true {
            let p = cursor * unit
            guard p <= horizon else { return finish() }
            let day = RuleIterator.floorDiv(p, 86_400)
            if day >= RuleIterator.endDay || day > lastProductiveDay + RuleIterator.cycleDays { return finish() }
            if day != cachedDay {
                cachedDay = day
                cachedDayMatches = dayMatches(Int(day))
            }
            if !cachedDayMatches {
                jump(to: (day + 1) * 86_400, unit: unit)
                continue
            }
            let secondOfDay = Int(p - day * 86_400)
            let hour = secondOfDay / 3600
            let minute = secondOfDay / 60 % 60
            let second = secondOfDay % 60
            if hourMask & (1 << UInt32(hour)) == 0 {
                jump(to: day * 86_400 + Int64(hour + 1) * 3600, unit: unit)
                continue
            }
            if minuteMask & (1 << UInt64(minute)) == 0 {
                jump(to: day * 86_400 + Int64(hour * 3600 + (minute + 1) * 60), unit: unit)
                continue
            }
            cursor += step
            if secondMask & (1 << UInt64(second)) == 0 { continue }
            let base = day * 86_400 + Int64(hour * 3600)
            switch frequency {
            case .hourly:
                for m in minutes { for s in seconds { buffer.append(base + Int64(m * 60 + s)) } }
            case .minutely:
                for s in seconds { buffer.append(base + Int64(minute * 60 + s)) }
            default:
                buffer.append(p)
            }
            applySetPos()
            if !buffer.isEmpty {
                lastProductiveDay = day
                return
            }
        }
    }

    private func dayMatches(_ d: Int) -> Bool {
        if filter.isTrivial { return true }
        let (year, month, day) = LocalDateTime.civil(fromDays: d)
        return filter.matches(
            day: d, month: month, dayOfMonth: day, daysInMonth: LocalDateTime.daysInMonth(year: year, month: month),
            dayOfYear: d - LocalDateTime.days(year: year, month: 1, day: 1) + 1,
            daysInYear: LocalDateTime.daysInYear(year), weekday: Weekday.of(daysSinceEpoch: d).rawValue)
    }

    /// Moves the cursor to the first period on the INTERVAL grid that starts at or after `target` seconds.
    private mutating func jump(to target: Int64, unit: Int64) {
        let targetUnit = RuleIterator.floorDiv(target + unit - 1, unit)
        let step = Int64(interval)
        let steps = RuleIterator.floorDiv(targetUnit - cursor + step - 1, step)
        cursor += max(1, steps) * step
    }

    // MARK: - Shared

    private mutating func applySetPos() {
        guard !setPos.isEmpty, !buffer.isEmpty else { return }
        scratch.removeAll(keepingCapacity: true)
        let n = buffer.count
        for p in setPos {
            let i = p > 0 ? p - 1 : n + p
            if i >= 0, i < n { scratch.append(buffer[i]) }
        }
        scratch.sort()
        buffer.removeAll(keepingCapacity: true)
        for v in scratch where buffer.last != v { buffer.append(v) }
    }

    private mutating func finish() {
        finished = true
    }

    private static let endDay = Int64(LocalDateTime.days(year: maxYear + 1, month: 1, day: 1))

    private static func unit(_ f: RecurrenceRule.Frequency) -> Int64 {
        switch f {
        case .hourly: return 3600
        case .minutely: return 60
        default: return 1
        }
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}
