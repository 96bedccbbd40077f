/// Values of iCalendar's DATE, DATE-TIME, UTC-OFFSET and DURATION types (RFC 5545 §3.3), as property values for
/// `ICalendarWriter.property(_:_:raw:)`.
///
/// RFC 5545 years have four digits: dates are meant for years 0...9999 (other years are written with more
/// digits or a sign, which readers will refuse).
public enum ICalendarTime {
    /// A local or floating DATE-TIME, `YYYYMMDDTHHMMSS` (with a TZID parameter it is a time in that zone).
    public static func local(_ t: LocalDateTime) -> String {
        format(t, time: true, utc: false)
    }

    /// A UTC DATE-TIME, `YYYYMMDDTHHMMSSZ`, for an instant in seconds since 1970-01-01T00:00:00Z.
    public static func utc(_ seconds: Int64) -> String {
        format(LocalDateTime(secondsSinceEpochAsUTC: seconds), time: true, utc: true)
    }

    /// A DATE, `YYYYMMDD` (the time of day is ignored); the property needs `VALUE=DATE`.
    public static func date(_ t: LocalDateTime) -> String {
        format(t, time: false, utc: false)
    }

    /// A UTC-OFFSET, `+HHMM` or `-HHMM` (`+0545`, `-0330`), with seconds (`+012345`) only when they are not zero.
    ///
    /// Zero is `+0000`: RFC 5545 forbids `-0000`.
    public static func offset(_ seconds: Int) -> String {
        var out: [UInt8] = [seconds < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+")]
        let magnitude = seconds.magnitude
        appendDigits(Int(magnitude / 3600), width: 2, to: &out)
        appendDigits(Int(magnitude / 60 % 60), width: 2, to: &out)
        if magnitude % 60 != 0 { appendDigits(Int(magnitude % 60), width: 2, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    /// A DURATION (RFC 5545 §3.3.6 `dur-value`): `P1D`, `-PT1H`, `-P1DT2H30M`, `PT0S`, and `P2W` only when the
    /// duration is whole weeks and nothing else.
    ///
    /// `negative` puts a `-` in front (an alarm's TRIGGER before the start, say); zero is always `PT0S`. The
    /// grammar has no gaps between time units, so one hour and five seconds is `PT1H0M5S`. A duration with
    /// negative fields is written with its sign flipped (`negative` then flips it back); days and seconds of
    /// opposite signs cannot be written in one value and stop the program.
    public static func duration(_ d: NominalDuration, negative: Bool = false) -> String {
        precondition(
            (d.days >= 0 && d.seconds >= 0) || (d.days <= 0 && d.seconds <= 0),
            "a duration of \(d.days) days and \(d.seconds) seconds has no iCalendar form")
        if d.days == 0 && d.seconds == 0 { return "PT0S" }
        let isNegative = negative != (d.days < 0 || d.seconds < 0)
        let days = Int(d.days.magnitude)
        let seconds = Int(d.seconds.magnitude)
        var text = isNegative ? "-P" : "P"
        if seconds == 0 && days % 7 == 0 { return text + "\(days / 7)W" }
        if days != 0 { text += "\(days)D" }
        guard seconds != 0 else { return text }
        let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60)
        text += "T"
        if h != 0 { text += "\(h)H" }
        if m != 0 || (h != 0 && s != 0) { text += "\(m)M" }
        if s != 0 { text += "\(s)S" }
        return text
    }

    private static func format(_ t: LocalDateTime, time: Bool, utc: Bool) -> String {
        let count = 8 + (time ? 7 : 0) + (utc ? 1 : 0)
        guard (0...9_999).contains(t.year) else {
            var out: [UInt8] = t.year < 0 ? [UInt8(ascii: "-")] : []
            appendDigits(Int(t.year.magnitude), width: 4, to: &out)
            var yearZero = t
            yearZero.year = 0
            return String(decoding: out, as: UTF8.self) + format(yearZero, time: time, utc: utc).dropFirst(4)
        }
        // Written octet by octet: an export writes several of these per event.
        return String(unsafeUninitializedCapacity: count) { out in
            func two(_ v: Int, at i: Int) {
                out[i] = UInt8(truncatingIfNeeded: 48 + v / 10 % 10)
                out[i + 1] = UInt8(truncatingIfNeeded: 48 + v % 10)
            }
            two(t.year / 100, at: 0)
            two(t.year % 100, at: 2)
            two(t.month, at: 4)
            two(t.day, at: 6)
            if time {
                out[8] = UInt8(ascii: "T")
                two(t.hour, at: 9)
                two(t.minute, at: 11)
                two(t.second, at: 13)
            }
            if utc { out[15] = UInt8(ascii: "Z") }
            return count
        }
    }

    private static func appendDigits(_ value: Int, width: Int, to out: inout [UInt8]) {
        var divisor = 1
        var digits = 1
        while value / divisor >= 10 {
            divisor *= 10
            digits += 1
        }
        for _ in digits..<max(width, digits) { out.append(UInt8(ascii: "0")) }
        while divisor > 0 {
            out.append(UInt8(truncatingIfNeeded: 48 + value / divisor % 10))
            divisor /= 10
        }
    }
}
