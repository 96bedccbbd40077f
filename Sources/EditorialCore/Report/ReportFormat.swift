/// How the report writes dates, times, spans and shares: short English forms a manager reads at a glance
/// (`Tue 12 Jan`, `10:00`, `2 d 4 h`, `58%`), in the team's zone.
public enum ReportFormat {
    /// Three-letter month names, January first.
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    /// Three-letter weekday names, Monday first.
    static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    /// `Tue 12 Jan` for a local day (days since the epoch).
    public static func day(_ days: Int) -> String {
        let date = LocalDateTime(daysSinceEpoch: days)
        return "\(weekdays[date.weekday.rawValue - 1]) \(date.day) \(months[date.month - 1])"
    }

    /// `12 Jan` for a local day (days since the epoch).
    public static func shortDay(_ days: Int) -> String {
        let date = LocalDateTime(daysSinceEpoch: days)
        return "\(date.day) \(months[date.month - 1])"
    }

    /// `Tue 12 Jan 2027, 10:00 +01:00` for an instant in `zone`.
    public static func dateTime(_ instant: Int64, in zone: ZoneRules) -> String {
        let offset = zone.offset(atUTC: instant)
        let local = LocalDateTime(secondsSinceEpochAsUTC: instant + Int64(offset))
        return "\(day(local.daysSinceEpoch)) \(local.year), \(clock(local)) \(TimeText.offsetText(offset))"
    }

    /// `Tue 12 Jan, 10:00` for an instant in `zone` (no year, no offset: inside the report's weeks).
    public static func when(_ instant: Int64, in zone: ZoneRules) -> String {
        let local = zone.local(instant)
        return "\(day(local.daysSinceEpoch)), \(clock(local))"
    }

    /// The local day (days since the epoch) of an instant in `zone`.
    public static func localDay(_ instant: Int64, in zone: ZoneRules) -> Int {
        zone.local(instant).daysSinceEpoch
    }

    /// `09:05`.
    static func clock(_ local: LocalDateTime) -> String {
        "\(local.hour < 10 ? "0" : "")\(local.hour):\(local.minute < 10 ? "0" : "")\(local.minute)"
    }

    /// A span of seconds: `45 s`, `12 min`, `3 h 20 min`, `2 d 4 h`.
    public static func span(_ seconds: Int64) -> String { TimeText.span(max(0, seconds)) }

    /// `77,000`: a count with thousands separated.
    public static func count(_ n: Int) -> String {
        let digits = String(abs(n))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }

    /// `58%` for a share between 0 and 1 (rounded to the nearest whole percent).
    public static func percent(_ share: Double) -> String {
        "\(Int((min(1, max(0, share)) * 100).rounded()))%"
    }

    /// A number for SVG: at most one decimal, no exponent (`12`, `12.5`, `-3.2`).
    static func number(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        let whole = tenths / 10
        let fraction = abs(tenths % 10)
        if fraction == 0 { return String(whole) }
        return (tenths < 0 && whole == 0 ? "-0" : String(whole)) + "." + String(fraction)
    }
}
