extension RecurrenceRule {
    /// Parses RFC 5545 RRULE text such as `FREQ=WEEKLY;BYDAY=TU,FR;BYHOUR=9;BYMINUTE=30`.
    ///
    /// A leading `RRULE:` is accepted; part names and values are case-insensitive; a trailing `;` is
    /// ignored. Errors carry the offset of the offending part or value. Beyond the grammar this rejects
    /// (as RFC 5545 says or implies): a missing or repeated part, unknown parts, out-of-range values,
    /// COUNT together with UNTIL, BYDAY ordinals unless FREQ is MONTHLY or YEARLY (or with BYWEEKNO),
    /// BYWEEKNO unless YEARLY, BYYEARDAY with DAILY/WEEKLY/MONTHLY, BYMONTHDAY with WEEKLY, and BYSETPOS
    /// without another BYxxx part. BYSECOND=60 (leap second) is rejected: it could never occur here.
    public init(parsing text: String) throws(RecurrenceError) {
        let chars = Array(text)
        var start = 0
        if chars.count >= 6, String(chars[0..<6]).uppercased() == "RRULE:" { start = 6 }
        var rule = RecurrenceRule(frequency: .daily)
        var seen: [String: Int] = [:]
        var position = start
        while position < chars.count {
            var end = position
            while end < chars.count, chars[end] != ";" { end += 1 }
            if end == position {
                throw RecurrenceError("empty rule part", offset: position)
            }
            guard let eq = chars[position..<end].firstIndex(of: "=") else {
                throw RecurrenceError("expected NAME=VALUE in '\(String(chars[position..<end]))'", offset: position)
            }
            let name = String(chars[position..<eq]).uppercased()
            let valueStart = eq + 1
            let value = Array(chars[valueStart..<end])
            if seen[name] != nil {
                throw RecurrenceError("duplicate rule part \(name)", offset: position)
            }
            seen[name] = position
            let parser = ValueParser(chars: value, base: valueStart, name: name)
            switch name {
            case "FREQ":
                let word = String(value).uppercased()
                guard let f = Frequency(rawValue: word) else {
                    throw RecurrenceError("unknown frequency '\(String(value))'", offset: valueStart)
                }
                rule.frequency = f
            case "INTERVAL":
                rule.interval = try parser.single(range: 1...Int.max / 4)
            case "COUNT":
                rule.count = try parser.single(range: 1...Int.max / 4)
            case "UNTIL":
                rule.until = try parser.until()
            case "BYMONTH": rule.byMonth = try parser.list(range: 1...12)
            case "BYWEEKNO": rule.byWeekNo = try parser.list(range: -53...53, nonZero: true)
            case "BYYEARDAY": rule.byYearDay = try parser.list(range: -366...366, nonZero: true)
            case "BYMONTHDAY": rule.byMonthDay = try parser.list(range: -31...31, nonZero: true)
            case "BYDAY": rule.byDay = try parser.weekdayList()
            case "BYHOUR": rule.byHour = try parser.list(range: 0...23)
            case "BYMINUTE": rule.byMinute = try parser.list(range: 0...59)
            case "BYSECOND": rule.bySecond = try parser.list(range: 0...59)
            case "BYSETPOS": rule.bySetPos = try parser.list(range: -366...366, nonZero: true)
            case "WKST":
                guard let day = Weekday(code: String(value)) else {
                    throw RecurrenceError("unknown weekday '\(String(value))' (expected MO…SU)", offset: valueStart)
                }
                rule.weekStart = day
            default:
                throw RecurrenceError("unknown rule part '\(String(chars[position..<eq]))'", offset: position)
            }
            position = end + 1
        }
        guard seen["FREQ"] != nil else {
            throw RecurrenceError("missing FREQ", offset: start)
        }
        try rule.validate(partOffsets: seen)
        self = rule
    }

    /// Checks the combination rules that `init(parsing:)` enforces (useful after memberwise construction).
    public func validate() throws(RecurrenceError) {
        try validate(partOffsets: [:])
    }

    func validate(partOffsets: [String: Int]) throws(RecurrenceError) {
        func fail(_ message: String, _ part: String) -> RecurrenceError {
            RecurrenceError(message, offset: partOffsets[part])
        }
        func check(_ values: [Int], _ range: ClosedRange<Int>, nonZero: Bool = false, _ part: String)
            throws(RecurrenceError)
        {
            for v in values where !range.contains(v) || (nonZero && v == 0) {
                throw fail("\(part) value \(v) is out of range", part)
            }
        }
        if interval < 1 { throw fail("INTERVAL must be at least 1", "INTERVAL") }
        if let count, count < 1 { throw fail("COUNT must be at least 1", "COUNT") }
        if count != nil, until != nil {
            let later = max(partOffsets["COUNT"] ?? -1, partOffsets["UNTIL"] ?? -1)
            throw RecurrenceError("COUNT and UNTIL cannot both be given", offset: later < 0 ? nil : later)
        }
        try check(byMonth, 1...12, "BYMONTH")
        try check(byWeekNo, -53...53, nonZero: true, "BYWEEKNO")
        try check(byYearDay, -366...366, nonZero: true, "BYYEARDAY")
        try check(byMonthDay, -31...31, nonZero: true, "BYMONTHDAY")
        try check(byHour, 0...23, "BYHOUR")
        try check(byMinute, 0...59, "BYMINUTE")
        try check(bySecond, 0...59, "BYSECOND")
        try check(bySetPos, -366...366, nonZero: true, "BYSETPOS")
        try check(byDay.compactMap(\.ordinal), -53...53, nonZero: true, "BYDAY")
        if byDay.contains(where: { $0.ordinal != nil }) {
            if frequency != .monthly, frequency != .yearly {
                throw fail("BYDAY ordinals (like 2TU) need FREQ=MONTHLY or FREQ=YEARLY", "BYDAY")
            }
            if frequency == .yearly, !byWeekNo.isEmpty {
                throw fail("BYDAY ordinals cannot be combined with BYWEEKNO", "BYDAY")
            }
        }
        if !byWeekNo.isEmpty, frequency != .yearly {
            throw fail("BYWEEKNO needs FREQ=YEARLY", "BYWEEKNO")
        }
        if !byYearDay.isEmpty, [.daily, .weekly, .monthly].contains(frequency) {
            throw fail("BYYEARDAY cannot be used with FREQ=\(frequency.rawValue)", "BYYEARDAY")
        }
        if !byMonthDay.isEmpty, frequency == .weekly {
            throw fail("BYMONTHDAY cannot be used with FREQ=WEEKLY", "BYMONTHDAY")
        }
        let others = [byMonth, byWeekNo, byYearDay, byMonthDay, byHour, byMinute, bySecond]
        if !bySetPos.isEmpty, byDay.isEmpty, others.allSatisfy(\.isEmpty) {
            throw fail("BYSETPOS needs another BYxxx rule part", "BYSETPOS")
        }
    }

    /// Canonical RFC 5545 text (parts in a fixed order, defaults omitted); round-trips through `init(parsing:)`.
    public var description: String {
        var parts = ["FREQ=\(frequency.rawValue)"]
        if interval != 1 { parts.append("INTERVAL=\(interval)") }
        if let count { parts.append("COUNT=\(count)") }
        if let until {
            switch until {
            case .local(let t): parts.append("UNTIL=\(RecurrenceRule.compact(t, time: true))")
            case .utc(let s):
                parts.append("UNTIL=\(RecurrenceRule.compact(LocalDateTime(secondsSinceEpochAsUTC: s), time: true))Z")
            case .date(let t): parts.append("UNTIL=\(RecurrenceRule.compact(t, time: false))")
            }
        }
        func add(_ name: String, _ values: [Int]) {
            if !values.isEmpty { parts.append("\(name)=" + values.map(String.init).joined(separator: ",")) }
        }
        add("BYMONTH", byMonth)
        add("BYWEEKNO", byWeekNo)
        add("BYYEARDAY", byYearDay)
        add("BYMONTHDAY", byMonthDay)
        if !byDay.isEmpty { parts.append("BYDAY=" + byDay.map(\.description).joined(separator: ",")) }
        add("BYHOUR", byHour)
        add("BYMINUTE", byMinute)
        add("BYSECOND", bySecond)
        add("BYSETPOS", bySetPos)
        if weekStart != .monday { parts.append("WKST=\(weekStart.code)") }
        return parts.joined(separator: ";")
    }

    private static func compact(_ t: LocalDateTime, time: Bool) -> String {
        func pad(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        let date = pad(t.year, 4) + pad(t.month, 2) + pad(t.day, 2)
        return time ? date + "T" + pad(t.hour, 2) + pad(t.minute, 2) + pad(t.second, 2) : date
    }
}

/// Parses the value of one RRULE part, reporting errors at offsets in the whole text.
private struct ValueParser {
    let chars: [Character]
    let base: Int
    let name: String

    func single(range: ClosedRange<Int>) throws(RecurrenceError) -> Int {
        guard let v = integer(0..<chars.count) else {
            throw RecurrenceError("\(name) needs an integer, got '\(String(chars))'", offset: base)
        }
        guard range.contains(v) else {
            throw RecurrenceError("\(name) value \(v) is out of range", offset: base)
        }
        return v
    }

    func list(range: ClosedRange<Int>, nonZero: Bool = false) throws(RecurrenceError) -> [Int] {
        var result: [Int] = []
        for item in items() {
            guard let v = integer(item) else {
                let text = String(chars[item])
                throw RecurrenceError("\(name) needs integers, got '\(text)'", offset: base + item.lowerBound)
            }
            guard range.contains(v), !(nonZero && v == 0) else {
                let bounds = nonZero ? "±\(range.upperBound)" : "\(range.lowerBound)…\(range.upperBound)"
                throw RecurrenceError(
                    "\(name) value \(v) is out of range (\(bounds)\(nonZero ? ", not 0" : ""))",
                    offset: base + item.lowerBound)
            }
            result.append(v)
        }
        return result
    }

    func weekdayList() throws(RecurrenceError) -> [RecurrenceRule.WeekdayNum] {
        var result: [RecurrenceRule.WeekdayNum] = []
        for item in items() {
            let text = String(chars[item])
            guard item.count >= 2, let day = Weekday(code: String(chars[(item.upperBound - 2)..<item.upperBound]))
            else {
                throw RecurrenceError(
                    "BYDAY needs weekdays like MO or 2TU or -1FR, got '\(text)'", offset: base + item.lowerBound)
            }
            let prefix = (item.lowerBound)..<(item.upperBound - 2)
            if prefix.isEmpty {
                result.append(.init(day))
                continue
            }
            guard let n = integer(prefix), prefix.count <= 3 else {
                throw RecurrenceError("bad BYDAY ordinal in '\(text)'", offset: base + item.lowerBound)
            }
            guard n != 0, (-53...53).contains(n) else {
                throw RecurrenceError("BYDAY ordinal \(n) is out of range (±1…53)", offset: base + item.lowerBound)
            }
            result.append(.init(day, ordinal: n))
        }
        return result
    }

    func until() throws(RecurrenceError) -> RecurrenceRule.Until {
        func digits(_ r: Range<Int>) -> Int? {
            guard r.upperBound <= chars.count, chars[r].allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            return Int(String(chars[r]))
        }
        let bad = RecurrenceError(
            "UNTIL needs YYYYMMDD, YYYYMMDDTHHMMSS or YYYYMMDDTHHMMSSZ, got '\(String(chars))'", offset: base)
        guard let y = digits(0..<4), let m = digits(4..<6), let d = digits(6..<8) else { throw bad }
        var t = LocalDateTime(year: y, month: m, day: d)
        if chars.count == 8 {
            guard t.isValid else { throw RecurrenceError("UNTIL date \(t.date) does not exist", offset: base) }
            return .date(t)
        }
        guard chars.count == 15 || chars.count == 16, chars[8] == "T" || chars[8] == "t",
            let hh = digits(9..<11), let mm = digits(11..<13), let ss = digits(13..<15)
        else { throw bad }
        t.hour = hh
        t.minute = mm
        t.second = ss
        guard t.isValid else { throw RecurrenceError("UNTIL \(t) does not exist", offset: base) }
        if chars.count == 16 {
            guard chars[15] == "Z" || chars[15] == "z" else { throw bad }
            return .utc(t.secondsSinceEpochAsUTC)
        }
        return .local(t)
    }

    private func items() -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = 0
        for i in 0...chars.count where i == chars.count || chars[i] == "," {
            result.append(start..<i)
            start = i + 1
        }
        return result
    }

    private func integer(_ r: Range<Int>) -> Int? {
        guard !r.isEmpty else { return nil }
        var i = r.lowerBound
        var sign = 1
        if chars[i] == "+" || chars[i] == "-" {
            sign = chars[i] == "-" ? -1 : 1
            i += 1
        }
        guard i < r.upperBound, r.upperBound - i <= 9 else { return nil }
        var v = 0
        while i < r.upperBound {
            guard let digit = chars[i].wholeNumberValue, chars[i].isASCII else { return nil }
            v = v * 10 + digit
            i += 1
        }
        return sign * v
    }
}
