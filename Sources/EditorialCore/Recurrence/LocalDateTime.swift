/// A wall-clock date and time with no time zone attached ("floating" in RFC 5545 terms).
///
/// All recurrence arithmetic happens on these civil values; only the final step turns them
/// into UTC instants through a plan's zone (see `ZoneRules`).
public struct LocalDateTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Proleptic Gregorian year.
    public var year: Int
    /// Month, 1...12.
    public var month: Int
    /// Day of month, 1...31.
    public var day: Int
    /// Hour, 0...23.
    public var hour: Int
    /// Minute, 0...59.
    public var minute: Int
    /// Second, 0...59 (60 is accepted by RFC 5545 but never produced here).
    public var second: Int

    /// Creates a local date-time; the values are not validated (see `isValid`).
    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// Creates the local date-time `days` days after 1970-01-01 at the given time of day.
    public init(daysSinceEpoch days: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        let (y, m, d) = LocalDateTime.civil(fromDays: days)
        self.init(year: y, month: m, day: d, hour: hour, minute: minute, second: second)
    }

    /// True when the fields name a real calendar date and time of day.
    public var isValid: Bool {
        guard (1...12).contains(month), (0...23).contains(hour), (0...59).contains(minute),
            (0...59).contains(second)
        else { return false }
        return day >= 1 && day <= LocalDateTime.daysInMonth(year: year, month: month)
    }

    /// Days since 1970-01-01 of this date (the time of day is ignored).
    public var daysSinceEpoch: Int { LocalDateTime.days(year: year, month: month, day: day) }

    /// Seconds since midnight.
    public var secondOfDay: Int { hour * 3600 + minute * 60 + second }

    /// Seconds since 1970-01-01T00:00:00 of this wall-clock value read as if it were UTC.
    public var secondsSinceEpochAsUTC: Int64 { Int64(daysSinceEpoch) * 86_400 + Int64(secondOfDay) }

    /// Day of the week of this date.
    public var weekday: Weekday { Weekday.of(daysSinceEpoch: daysSinceEpoch) }

    /// The same time of day, `n` days later (or earlier for negative `n`).
    public func addingDays(_ n: Int) -> LocalDateTime {
        LocalDateTime(daysSinceEpoch: daysSinceEpoch + n, hour: hour, minute: minute, second: second)
    }

    /// Builds a value from seconds since the epoch read as UTC (the inverse of `secondsSinceEpochAsUTC`).
    public init(secondsSinceEpochAsUTC s: Int64) {
        let days = Int((s >= 0 ? s : s - 86_399) / 86_400)
        let rest = Int(s - Int64(days) * 86_400)
        self.init(daysSinceEpoch: days, hour: rest / 3600, minute: rest / 60 % 60, second: rest % 60)
    }

    /// `YYYY-MM-DDTHH:MM:SS`.
    public var description: String { text() }

    /// `YYYY-MM-DDTHH:MM`, with `:SS` only when the seconds are not zero.
    public var shortDescription: String { text(seconds: false) }

    /// `YYYY-MM-DD`, `separator` (an ASCII character), `HH:MM`, then `:SS` always or (`seconds` false) only when
    /// they are not zero.
    public func text(separator: UInt8 = UInt8(ascii: "T"), seconds: Bool = true) -> String {
        let withSeconds = seconds || second != 0
        guard (0...9_999).contains(year) else {
            let hm = "\(date)\(Character(Unicode.Scalar(separator)))\(Self.pad2(hour)):\(Self.pad2(minute))"
            return withSeconds ? hm + ":" + Self.pad2(second) : hm
        }
        // Written digit by digit: replies, ids and dry runs carry hundreds of thousands of these, and interpolation
        // costs ten times more.
        return String(unsafeUninitializedCapacity: 19) { out in
            digits(into: out, separator: separator)
            return withSeconds ? 19 : 16
        }
    }

    /// Appends `YYYY-MM-DDTHH:MM:SS` (`description`) to `out`, without making a `String`.
    public func write(into out: inout [UInt8]) {
        guard (0...9_999).contains(year) else { return out.append(contentsOf: description.utf8) }
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: 19))
        out.withUnsafeMutableBufferPointer { buffer in
            digits(into: UnsafeMutableBufferPointer(rebasing: buffer[start...]), separator: UInt8(ascii: "T"))
        }
    }

    /// Writes the 19 bytes of a year in 0...9999 into `out`.
    private func digits(into out: UnsafeMutableBufferPointer<UInt8>, separator: UInt8) {
        func two(_ v: Int, at i: Int) {
            out[i] = UInt8(truncatingIfNeeded: 48 + v / 10)
            out[i + 1] = UInt8(truncatingIfNeeded: 48 + v % 10)
        }
        two(year / 100, at: 0)
        two(year % 100, at: 2)
        out[4] = UInt8(ascii: "-")
        two(month, at: 5)
        out[7] = UInt8(ascii: "-")
        two(day, at: 8)
        out[10] = separator
        two(hour, at: 11)
        out[13] = UInt8(ascii: ":")
        two(minute, at: 14)
        out[16] = UInt8(ascii: ":")
        two(second, at: 17)
    }

    /// `YYYY-MM-DD`.
    public var date: String {
        let y = year < 0 ? "-" + LocalDateTime.pad(-year, 4) : LocalDateTime.pad(year, 4)
        return "\(y)-\(LocalDateTime.pad2(month))-\(LocalDateTime.pad2(day))"
    }

    /// Orders by date, then time of day.
    public static func < (a: LocalDateTime, b: LocalDateTime) -> Bool {
        (a.year, a.month, a.day, a.hour, a.minute, a.second) < (b.year, b.month, b.day, b.hour, b.minute, b.second)
    }

    /// True for Gregorian leap years.
    public static func isLeapYear(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    /// Number of days in the given month of the given year.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Number of days in the given year.
    public static func daysInYear(_ y: Int) -> Int { isLeapYear(y) ? 366 : 365 }

    /// Days since 1970-01-01 of a civil date (Howard Hinnant's `days_from_civil`).
    public static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil date of a day count since 1970-01-01 (Howard Hinnant's `civil_from_days`).
    public static func civil(fromDays z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    private static func pad2(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }

    private static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
