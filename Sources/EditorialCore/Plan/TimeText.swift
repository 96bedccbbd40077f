/// Reading and writing the time notations plan files and the command line use.
public enum TimeText {
    /// Why a time could not be read, with the character offset of the problem.
    public struct ParseError: Error, Hashable, Sendable {
        /// A sentence for a person.
        public var message: String
        /// 0-based character offset.
        public var offset: Int
    }

    /// A time written either as a wall-clock value or as an absolute instant.
    public enum Written: Hashable, Sendable {
        /// `2027-01-05T09:30` or `2027-01-05`: local to some zone.
        case local(LocalDateTime, dateOnly: Bool)
        /// `2027-01-05T08:30:00Z` or `2027-01-05T09:30+01:00`: an instant, as epoch seconds.
        case instant(Int64)
    }

    /// Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS]` (a space may replace the `T`), optionally followed by
    /// `Z` or `±HH:MM` (then the result is an instant).
    public static func parse(_ text: String) -> Result<Written, ParseError> {
        let s = Array(text.utf8)
        var i = 0
        func number(_ digits: Int, _ what: String) -> Result<Int, ParseError> {
            guard i + digits <= s.count else {
                return .failure(ParseError(message: "expected \(digits)-digit \(what) in '\(text)'", offset: i))
            }
            var v = 0
            for k in 0..<digits {
                let c = s[i + k]
                guard c >= 48 && c <= 57 else {
                    return .failure(ParseError(message: "expected \(digits)-digit \(what) in '\(text)'", offset: i + k))
                }
                v = v * 10 + Int(c - 48)
            }
            i += digits
            return .success(v)
        }
        func expect(_ c: UInt8, _ what: String) -> ParseError? {
            guard i < s.count, s[i] == c else {
                return ParseError(message: "expected '\(Character(Unicode.Scalar(c)))' \(what) in '\(text)'", offset: i)
            }
            i += 1
            return nil
        }
        let shape = "; write YYYY-MM-DD or YYYY-MM-DDTHH:MM"
        do {
            let year = try number(4, "year").get()
            if let e = expect(UInt8(ascii: "-"), "after the year") { throw e }
            let month = try number(2, "month").get()
            if let e = expect(UInt8(ascii: "-"), "after the month") { throw e }
            let day = try number(2, "day").get()
            guard (1...12).contains(month) else {
                throw ParseError(message: "month \(month) does not exist in '\(text)'", offset: 5)
            }
            guard day >= 1 && day <= LocalDateTime.daysInMonth(year: year, month: month) else {
                throw ParseError(
                    message: "\(LocalDateTime(year: year, month: month, day: 1).date.prefix(7))-"
                        + "\(day < 10 ? "0" : "")\(day) does not exist", offset: 8)
            }
            if i == s.count {
                return .success(.local(LocalDateTime(year: year, month: month, day: day), dateOnly: true))
            }
            guard s[i] == UInt8(ascii: "T") || s[i] == UInt8(ascii: "t") || s[i] == UInt8(ascii: " ") else {
                throw ParseError(message: "unexpected text after the date in '\(text)'" + shape, offset: i)
            }
            i += 1
            let hour = try number(2, "hour").get()
            if let e = expect(UInt8(ascii: ":"), "after the hour") { throw e }
            let minute = try number(2, "minute").get()
            var second = 0
            if i < s.count && s[i] == UInt8(ascii: ":") {
                i += 1
                second = try number(2, "second").get()
            }
            guard hour < 24, minute < 60, second < 60 else {
                throw ParseError(message: "time of day out of range in '\(text)'", offset: 11)
            }
            let local = LocalDateTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
            if i == s.count { return .success(.local(local, dateOnly: false)) }
            var offset = 0
            if s[i] == UInt8(ascii: "Z") || s[i] == UInt8(ascii: "z") {
                i += 1
            } else if s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") {
                let sign = s[i] == UInt8(ascii: "-") ? -1 : 1
                i += 1
                let oh = try number(2, "offset hour").get()
                if let e = expect(UInt8(ascii: ":"), "in the UTC offset") { throw e }
                let om = try number(2, "offset minute").get()
                offset = sign * (oh * 3600 + om * 60)
            } else {
                throw ParseError(message: "unexpected text after the time in '\(text)'", offset: i)
            }
            guard i == s.count else {
                throw ParseError(message: "unexpected text after the time in '\(text)'", offset: i)
            }
            return .success(.instant(local.secondsSinceEpochAsUTC - Int64(offset)))
        } catch let error as ParseError {
            return .failure(error)
        } catch {
            return .failure(ParseError(message: "cannot read '\(text)'", offset: 0))
        }
    }

    /// Parses a time of day `HH:MM` or `HH:MM:SS` into seconds since midnight.
    public static func parseTimeOfDay(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }),
            let h = Int(parts[0]), let m = Int(parts[1]), h < 24, m < 60
        else { return nil }
        let s = parts.count == 3 ? Int(parts[2]) : 0
        guard let s, s < 60 else { return nil }
        return h * 3600 + m * 60 + s
    }

    /// A span of seconds for messages: "45 s", "12 min", "3 h 20 min", "2 d 4 h".
    public static func span(_ s: Int64) -> String {
        if s < 60 { return "\(s) s" }
        if s < 3600 { return "\(s / 60) min" }
        if s < 86_400 { return s % 3600 >= 60 ? "\(s / 3600) h \(s % 3600 / 60) min" : "\(s / 3600) h" }
        return s % 86_400 >= 3600 ? "\(s / 86_400) d \(s % 86_400 / 3600) h" : "\(s / 86_400) d"
    }

    /// RFC 3339 in UTC: `2027-01-05T08:30:00Z`.
    public static func utc(_ instant: Int64) -> String {
        LocalDateTime(secondsSinceEpochAsUTC: instant).description + "Z"
    }

    /// RFC 3339 with the local offset: `2027-01-05T09:30:00+01:00`.
    public static func local(_ instant: Int64, offset: Int) -> String {
        LocalDateTime(secondsSinceEpochAsUTC: instant + Int64(offset)).description + offsetText(offset)
    }

    /// `+01:00`, `-03:30`, `+05:45`.
    public static func offsetText(_ offset: Int) -> String {
        let a = abs(offset)
        let h = a / 3600
        let m = a / 60 % 60
        guard h < 100 else { return "\(offset < 0 ? "-" : "+")\(h):\(m < 10 ? "0" : "")\(m)" }
        return String(unsafeUninitializedCapacity: 6) { out in
            out[0] = offset < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+")
            out[1] = UInt8(truncatingIfNeeded: 48 + h / 10)
            out[2] = UInt8(truncatingIfNeeded: 48 + h % 10)
            out[3] = UInt8(ascii: ":")
            out[4] = UInt8(truncatingIfNeeded: 48 + m / 10)
            out[5] = UInt8(truncatingIfNeeded: 48 + m % 10)
            return 6
        }
    }
}
