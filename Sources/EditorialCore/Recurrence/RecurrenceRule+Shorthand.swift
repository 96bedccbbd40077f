extension RecurrenceRule {
    /// Parses the readable `every:` shorthand of plan files into a rule with BYHOUR/BYMINUTE/BYSECOND set.
    ///
    /// Grammar (case-insensitive; words are separated by spaces; `,` and `and` separate list items):
    /// ```
    /// shorthand  = ["every"] [repeat] [schedule] ["at"] time *(sep time)
    /// repeat     = ("other" | N) unit ["on"]            ; every 2 weeks on …, every other month on …
    ///            | ("weekly" | "monthly") ["on"]
    /// unit       = "day" | "days" | "week" | "weeks" | "month" | "months"
    /// schedule   = "daily" | "day"                      ; FREQ=DAILY
    ///            | "weekdays" | "weekday"               ; FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR
    ///            | "weekends" | "weekend"               ; FREQ=WEEKLY;BYDAY=SA,SU
    ///            | weekday *(sep weekday)               ; FREQ=WEEKLY;BYDAY=…
    ///            | nth-day *(sep nth-day)               ; FREQ=MONTHLY;BYDAY=1MO,-1FR
    ///            | month-day *(sep month-day)           ; FREQ=MONTHLY;BYMONTHDAY=…
    /// nth-day    = ordinal *(sep ordinal) weekday       ; "first monday", "first and third monday"
    /// month-day  = ("day" | "days") N *(sep N)          ; "day 15", "days 1, 15", N may be negative
    ///            | ordinal "day"                        ; "last day" (-1), "second-to-last day" (-2)
    /// ordinal    = "first" | "1st" | "second" | "2nd" | "third" | "3rd" | "fourth" | "4th" | "fifth" | "5th"
    ///            | "last" | ordinal "-to-last" | ordinal "to" "last"     ; "second-to-last" = -2
    /// weekday    = "monday" | "mon" | … | "sunday" | "sun" (also plurals: "mondays")
    /// time       = H:MM | HH:MM | HH:MM:SS                    ; 24-hour clock
    /// sep        = "," | "and"
    /// ```
    /// The unit of `repeat` must agree with the schedule (weeks with weekdays, months with nth weekdays or
    /// month days); without a schedule the day comes from DTSTART. Several times that are not all
    /// combinations of their hours and minutes (`09:00, 17:30`) become BYSETPOS picks, which is exact only
    /// when every period has the same number of days; otherwise the text is rejected (use one line per time).
    ///
    /// Examples: `daily 09:30`, `weekdays 09:30`, `tuesday, friday 09:30`, `monday 09:00, 17:30`,
    /// `first monday 10:00`, `last friday 17:00`, `day 15 09:00`, `last day 18:00`,
    /// `every 2 weeks on monday 09:00`.
    public init(shorthand text: String) throws(RecurrenceError) {
        var parser = ShorthandParser(text)
        self = try parser.parse()
    }
}

/// Recursive-descent parser for `RecurrenceRule.init(shorthand:)`.
private struct ShorthandParser {
    struct Token {
        var text: String
        var offset: Int
    }

    enum Unit { case day, week, month }

    let source: String
    var tokens: [Token] = []
    var position = 0

    init(_ text: String) {
        source = text
        var current = ""
        var start = 0
        for (i, c) in text.enumerated() {
            if c.isWhitespace || c == "," {
                if !current.isEmpty { tokens.append(Token(text: current, offset: start)) }
                current = ""
                if c == "," { tokens.append(Token(text: ",", offset: i)) }
            } else {
                if current.isEmpty { start = i }
                current += c.lowercased()
            }
        }
        if !current.isEmpty { tokens.append(Token(text: current, offset: start)) }
    }

    var peek: Token? { position < tokens.count ? tokens[position] : nil }
    var endOffset: Int { source.count }

    mutating func parse() throws(RecurrenceError) -> RecurrenceRule {
        guard !tokens.isEmpty else { throw RecurrenceError("empty recurrence text", offset: 0) }
        if peek?.text == "every" { position += 1 }
        var unit: Unit?
        var unitToken: Token?
        var interval = 1
        if let t = peek {
            if let n = Int(t.text) ?? (t.text == "other" ? 2 : nil) {
                guard n >= 1 else { throw RecurrenceError("the interval must be at least 1", offset: t.offset) }
                position += 1
                guard let u = peek, let parsed = ShorthandParser.unit(u.text) else {
                    throw RecurrenceError(
                        "expected days, weeks or months after '\(t.text)'", offset: peek?.offset ?? endOffset)
                }
                interval = n
                unit = parsed
                unitToken = u
                position += 1
                if peek?.text == "on" { position += 1 }
            } else if t.text == "weekly" || t.text == "monthly" {
                unit = t.text == "weekly" ? .week : .month
                unitToken = t
                position += 1
                if peek?.text == "on" { position += 1 }
            }
        }
        var rule = try schedule(unit: unit)
        if let unit, let unitToken {
            let expected: RecurrenceRule.Frequency = unit == .day ? .daily : unit == .week ? .weekly : .monthly
            if rule.frequency != expected {
                let what = unit == .day ? "days" : unit == .week ? "weeks" : "months"
                throw RecurrenceError(
                    "'\(unitToken.text)' does not fit this schedule (a \(rule.frequency.rawValue.lowercased()) "
                        + "schedule cannot repeat in \(what))", offset: unitToken.offset)
            }
        }
        rule.interval = interval
        if peek?.text == "at" { position += 1 }
        let times = try timeList()
        if let extra = peek {
            throw RecurrenceError("unexpected '\(extra.text)' after the times", offset: extra.offset)
        }
        try apply(times, to: &rule)
        return rule
    }

    // MARK: Schedule

    mutating func schedule(unit: Unit?) throws(RecurrenceError) -> RecurrenceRule {
        guard let t = peek else { throw RecurrenceError("missing time of day (e.g. 09:30)", offset: endOffset) }
        if ShorthandParser.time(t.text) != nil || t.text == "at" {
            switch unit {
            case .week: return RecurrenceRule(frequency: .weekly)
            case .month: return RecurrenceRule(frequency: .monthly)
            case .day: return RecurrenceRule(frequency: .daily)
            case nil: throw RecurrenceError("missing day (e.g. 'daily' or 'monday') before the time", offset: t.offset)
            }
        }
        switch t.text {
        case "daily":
            position += 1
            return RecurrenceRule(frequency: .daily)
        case "day" where !isNumber(at: position + 1):
            position += 1
            return RecurrenceRule(frequency: .daily)
        case "weekdays", "weekday":
            position += 1
            return RecurrenceRule(
                frequency: .weekly,
                byDay: [.monday, .tuesday, .wednesday, .thursday, .friday].map {
                    .init($0)
                })
        case "weekends", "weekend":
            position += 1
            return RecurrenceRule(frequency: .weekly, byDay: [.init(.saturday), .init(.sunday)])
        default: break
        }
        if ShorthandParser.weekday(t.text) != nil {
            var days: [RecurrenceRule.WeekdayNum] = []
            repeat {
                guard let w = peek, let day = ShorthandParser.weekday(w.text) else {
                    throw unknownWord(peek, expecting: "a weekday")
                }
                position += 1
                days.append(.init(day))
            } while skipSeparator(ifFollowedBy: { ShorthandParser.time($0) == nil })
            return RecurrenceRule(frequency: .weekly, byDay: days)
        }
        if t.text == "day" || t.text == "days" || ordinal(at: position) != nil {
            return try monthly()
        }
        throw unknownWord(t, expecting: "a day (daily, weekdays, monday, first monday, day 15, …)")
    }

    mutating func monthly() throws(RecurrenceError) -> RecurrenceRule {
        var byDay: [RecurrenceRule.WeekdayNum] = []
        var byMonthDay: [Int] = []
        repeat {
            guard let t = peek else { throw RecurrenceError("unexpected end of text", offset: endOffset) }
            if t.text == "day" || t.text == "days" {
                position += 1
                repeat {
                    guard let n = peek, let v = Int(n.text) else {
                        throw RecurrenceError(
                            "expected a day of the month after '\(t.text)'", offset: peek?.offset ?? endOffset)
                    }
                    guard v != 0, (-31...31).contains(v) else {
                        throw RecurrenceError(
                            "day of the month \(v) is out of range (1…31 or -31…-1)", offset: n.offset)
                    }
                    position += 1
                    byMonthDay.append(v)
                } while skipSeparator(ifFollowedBy: { Int($0) != nil })
                continue
            }
            var ordinals: [Int] = []
            repeat {
                guard let (n, length) = ordinal(at: position) else {
                    throw unknownWord(peek, expecting: "an ordinal (first, 2nd, last, …)")
                }
                position += length
                ordinals.append(n)
            } while skipSeparator(ifFollowedBy: { [self] _ in ordinal(at: position + 1) != nil })
            guard let w = peek else {
                throw RecurrenceError("expected a weekday or 'day' after the ordinal", offset: endOffset)
            }
            if w.text == "day" {
                position += 1
                byMonthDay += ordinals
            } else if let day = ShorthandParser.weekday(w.text) {
                position += 1
                byDay += ordinals.map { .init(day, ordinal: $0) }
            } else {
                throw unknownWord(w, expecting: "a weekday")
            }
        } while skipSeparator(ifFollowedBy: { [self] text in
            text == "day" || text == "days" || ordinal(at: position + 1) != nil
        })
        return RecurrenceRule(frequency: .monthly, byMonthDay: byMonthDay, byDay: byDay)
    }

    // MARK: Times

    mutating func timeList() throws(RecurrenceError) -> [(Int, Int, Int)] {
        var times: [(Int, Int, Int)] = []
        repeat {
            guard let t = peek else { throw RecurrenceError("missing time of day (e.g. 09:30)", offset: endOffset) }
            guard let value = ShorthandParser.time(t.text) else {
                throw RecurrenceError("expected a time like 09:30, got '\(t.text)'", offset: t.offset)
            }
            guard value.0 < 24, value.1 < 60, value.2 < 60 else {
                throw RecurrenceError("time '\(t.text)' is out of range (00:00 … 23:59:59)", offset: t.offset)
            }
            position += 1
            times.append(value)
        } while skipSeparator(ifFollowedBy: { ShorthandParser.time($0) != nil })
        return times
    }

    func apply(_ list: [(Int, Int, Int)], to rule: inout RecurrenceRule) throws(RecurrenceError) {
        let times = Set(list.map { $0.0 * 3600 + $0.1 * 60 + $0.2 }).sorted()
        let hours = Set(times.map { $0 / 3600 }).sorted()
        let minutes = Set(times.map { $0 / 60 % 60 }).sorted()
        let seconds = Set(times.map { $0 % 60 }).sorted()
        rule.byHour = hours
        rule.byMinute = minutes
        rule.bySecond = seconds
        var product: [Int] = []
        for h in hours { for m in minutes { for s in seconds { product.append(h * 3600 + m * 60 + s) } } }
        if product == times { return }
        // Not every combination is wanted: pick the wanted positions within each day with BYSETPOS.
        guard let days = daysPerPeriod(rule) else {
            throw RecurrenceError(
                "several times of day that are not all combinations of their hours and minutes need the same "
                    + "number of days in every period; write one line per time", offset: 0)
        }
        let picks = product.indices.filter { times.contains(product[$0]) }
        rule.bySetPos = (0..<days).flatMap { d in picks.map { d * product.count + $0 + 1 } }
    }

    /// Days each period contains for sure, or nil when it can vary from period to period.
    func daysPerPeriod(_ rule: RecurrenceRule) -> Int? {
        switch rule.frequency {
        case .daily: return 1
        case .weekly: return max(1, Set(rule.byDay.map(\.weekday)).count)
        case .monthly:
            if rule.byDay.isEmpty, rule.byMonthDay.isEmpty { return nil }
            let days = Set(rule.byMonthDay)
            let nth = Set(rule.byDay)
            // Every month has days 1…28 and four of each weekday; a day counted from both ends can coincide.
            guard days.allSatisfy({ abs($0) <= 28 }), nth.allSatisfy({ abs($0.ordinal ?? 9) <= 4 }) else { return nil }
            for a in days where a > 0 {
                for b in days where b < 0 && (28...31).contains(a - b - 1) { return nil }
            }
            for a in nth where (a.ordinal ?? 0) > 0 {
                for b in nth where b.weekday == a.weekday && (b.ordinal ?? 0) < 0 {
                    if (4...5).contains(a.ordinal! - b.ordinal! - 1) { return nil }
                }
            }
            return days.count + nth.count
        default: return nil
        }
    }

    // MARK: Words

    /// Skips a "," or "and" when the token after it satisfies `next`.
    mutating func skipSeparator(ifFollowedBy next: (String) -> Bool) -> Bool {
        guard let t = peek, t.text == "," || t.text == "and", position + 1 < tokens.count,
            next(tokens[position + 1].text)
        else { return false }
        position += 1
        return true
    }

    func isNumber(at i: Int) -> Bool { i < tokens.count && Int(tokens[i].text) != nil }

    /// The ordinal at token `i` and how many tokens it spans ("second to last" spans three).
    func ordinal(at i: Int) -> (Int, Int)? {
        guard i < tokens.count else { return nil }
        let word = tokens[i].text
        if word == "last" { return (-1, 1) }
        if word.hasSuffix("-to-last"), let n = ShorthandParser.ordinalWord(String(word.dropLast(8))) { return (-n, 1) }
        if let n = ShorthandParser.ordinalWord(word) {
            if i + 2 < tokens.count, tokens[i + 1].text == "to", tokens[i + 2].text == "last" { return (-n, 3) }
            return (n, 1)
        }
        return nil
    }

    static func ordinalWord(_ w: String) -> Int? {
        switch w {
        case "first", "1st": return 1
        case "second", "2nd": return 2
        case "third", "3rd": return 3
        case "fourth", "4th": return 4
        case "fifth", "5th": return 5
        default: return nil
        }
    }

    static func unit(_ w: String) -> Unit? {
        switch w {
        case "day", "days": return .day
        case "week", "weeks": return .week
        case "month", "months": return .month
        default: return nil
        }
    }

    static func weekday(_ w: String) -> Weekday? {
        let word = w.count > 4 && w.hasSuffix("s") ? String(w.dropLast()) : w
        for day in Weekday.allCases {
            let name = day.name
            if word == name || word == String(name.prefix(3)) { return day }
        }
        switch word {
        case "tues": return .tuesday
        case "thur", "thurs": return .thursday
        default: return nil
        }
    }

    static func time(_ w: String) -> (Int, Int, Int)? {
        let parts = w.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, (1...2).contains(parts[0].count),
            parts.dropFirst().allSatisfy({ $0.count == 2 }),
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } })
        else { return nil }
        let v = parts.map { Int($0)! }
        return (v[0], v[1], v.count == 3 ? v[2] : 0)
    }

    func unknownWord(_ token: Token?, expecting what: String) -> RecurrenceError {
        guard let token else { return RecurrenceError("expected \(what) at the end", offset: endOffset) }
        let weekdays = Weekday.allCases.map(\.name)
        let keywords = [
            "every", "daily", "weekdays", "weekends", "weekly", "monthly", "first", "second", "third", "fourth",
            "fifth", "last", "day", "days", "weeks", "months", "other",
        ]
        var best: (String, Int)?
        for candidate in weekdays + keywords {
            let d = Suggestion.distance(token.text, candidate)
            if d <= 2, d < (best?.1 ?? Int.max) { best = (candidate, d) }
        }
        // A distance of 0 is a known word in the wrong place: suggesting it again would not help.
        guard let (suggestion, distance) = best, distance > 0 else {
            return RecurrenceError("unexpected '\(token.text)' (expected \(what))", offset: token.offset)
        }
        let kind = weekdays.contains(suggestion) ? "unknown weekday" : "unknown word"
        return RecurrenceError("\(kind) '\(token.text)' (did you mean '\(suggestion)'?)", offset: token.offset)
    }
}
