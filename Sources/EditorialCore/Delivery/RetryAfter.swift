/// Reads an HTTP `Retry-After` header (RFC 9110 §10.2.3): delay-seconds or an HTTP-date.
public enum RetryAfter {
    /// The longest wait taken from delay-seconds (2^31 s, the bound RFC 9111 §1.2.2 sets for such values).
    public static let longest: Int64 = 2_147_483_648

    /// The seconds to wait that `header` asks for at `now` (Unix seconds): delay-seconds (`120`, capped at
    /// `longest`) or an HTTP-date in any of RFC 9110 §5.6.7's three forms (`Sun, 06 Nov 1994 08:49:37 GMT`,
    /// `Sunday, 06-Nov-94 08:49:37 GMT`, `Sun Nov  6 08:49:37 1994`); a negative delay or a past date gives 0;
    /// anything else nil. Names of days and months are read without regard to case.
    public static func seconds(_ header: String, now: Int64) -> Int64? {
        let text = Array(trimmed(Array(header.utf8)))
        guard !text.isEmpty else { return nil }
        if let delay = delaySeconds(text) { return delay }
        guard let date = imfFixdate(text) ?? rfc850Date(text, now: now) ?? asctimeDate(text) else { return nil }
        let (wait, overflow) = date.subtractingReportingOverflow(now)
        guard !overflow else { return date > now ? longest : 0 }
        return max(0, wait)
    }

    // MARK: delay-seconds

    private static func delaySeconds(_ text: [UInt8]) -> Int64? {
        let negative = text.first == UInt8(ascii: "-")
        let digits = negative ? text.dropFirst() : text[...]
        guard !digits.isEmpty, digits.allSatisfy(isDigit) else { return nil }
        if negative { return 0 }
        var value: Int64 = 0
        for digit in digits {
            value = value * 10 + Int64(digit - 0x30)
            if value >= longest { return longest }
        }
        return value
    }

    // MARK: HTTP-date forms

    // IMF-fixdate: day-name "," SP 2DIGIT SP month SP 4DIGIT SP hh:mm:ss SP "GMT".
    private static func imfFixdate(_ t: [UInt8]) -> Int64? {
        guard t.count == 29, dayIndex(t[0..<3]) != nil, t[3] == UInt8(ascii: ","), t[4] == 0x20, t[7] == 0x20,
            t[11] == 0x20, t[16] == 0x20, t[25] == 0x20, isGMT(t[26..<29]),
            let day = number(t[5..<7]), let month = monthIndex(t[8..<11]), let year = number(t[12..<16])
        else { return nil }
        return instant(year: year, month: month, day: day, time: t[17..<25])
    }

    // rfc850-date: day-name-l "," SP 2DIGIT "-" month "-" 2DIGIT SP hh:mm:ss SP "GMT".
    private static func rfc850Date(_ t: [UInt8], now: Int64) -> Int64? {
        guard let comma = t.firstIndex(of: UInt8(ascii: ",")), longDayIndex(t[..<comma]) != nil else { return nil }
        let r = Array(t[(comma + 1)...])
        guard r.count == 23, r[0] == 0x20, r[3] == UInt8(ascii: "-"), r[7] == UInt8(ascii: "-"), r[10] == 0x20,
            r[19] == 0x20, isGMT(r[20..<23]),
            let day = number(r[1..<3]), let month = monthIndex(r[4..<7]), let yy = number(r[8..<10])
        else { return nil }
        // RFC 9110: a two-digit year more than 50 years in the future is the latest past year with those digits; so
        // the year is the one with those digits from 49 years back to 50 ahead.
        let currentYear = LocalDateTime.civil(fromDays: Int(floorDivide(now, 86_400))).year
        var year = currentYear - currentYear % 100 + yy
        if year > currentYear + 50 {
            year -= 100
        } else if year <= currentYear - 50 {
            year += 100
        }
        return instant(year: year, month: month, day: day, time: r[11..<19])
    }

    // asctime-date: day-name SP month SP ( 2DIGIT / ( SP 1DIGIT )) SP hh:mm:ss SP 4DIGIT.
    private static func asctimeDate(_ t: [UInt8]) -> Int64? {
        guard t.count == 24, dayIndex(t[0..<3]) != nil, t[3] == 0x20, t[7] == 0x20, t[10] == 0x20, t[19] == 0x20,
            let month = monthIndex(t[4..<7]), let year = number(t[20..<24])
        else { return nil }
        let day = t[8] == 0x20 ? number(t[9..<10]) : number(t[8..<10])
        guard let day else { return nil }
        return instant(year: year, month: month, day: day, time: t[11..<19])
    }

    // MARK: Parts

    private static func instant(year: Int, month: Int, day: Int, time: ArraySlice<UInt8>) -> Int64? {
        let b = time.startIndex
        guard time.count == 8, time[b + 2] == UInt8(ascii: ":"), time[b + 5] == UInt8(ascii: ":"),
            let hour = number(time[b..<b + 2]), let minute = number(time[(b + 3)..<(b + 5)]),
            let second = number(time[(b + 6)..<(b + 8)]),
            hour <= 23, minute <= 59, second <= 60, (1...12).contains(month),
            day >= 1, day <= LocalDateTime.daysInMonth(year: year, month: month)
        else { return nil }
        let days = Int64(LocalDateTime.days(year: year, month: month, day: day))
        return days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    private static let days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    private static let longDays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    private static func dayIndex(_ name: ArraySlice<UInt8>) -> Int? { days.firstIndex(of: lowered(name)) }

    private static func longDayIndex(_ name: ArraySlice<UInt8>) -> Int? { longDays.firstIndex(of: lowered(name)) }

    private static func monthIndex(_ name: ArraySlice<UInt8>) -> Int? {
        months.firstIndex(of: lowered(name)).map { $0 + 1 }
    }

    private static func isGMT(_ name: ArraySlice<UInt8>) -> Bool { lowered(name) == "gmt" }

    private static func lowered(_ name: ArraySlice<UInt8>) -> String {
        String(decoding: name.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
    }

    private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        guard !digits.isEmpty, digits.allSatisfy(isDigit) else { return nil }
        return digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    private static func trimmed(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        var s = bytes[...]
        while let c = s.first, c == 0x20 || c == 0x09 { s.removeFirst() }
        while let c = s.last, c == 0x20 || c == 0x09 { s.removeLast() }
        return s
    }

    private static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}
