/// An RFC 5545 / ISO 8601 duration such as `P1D`, `PT1H30M` or `P2W`, split as RFC 5545 §3.3.6 does:
/// weeks and days are nominal (calendar days in the plan's zone, so "1 day before 09:30" is 09:30 the
/// day before, even across a daylight-saving change); hours, minutes and seconds are exact.
public struct NominalDuration: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Calendar days (a week is 7).
    public var days: Int
    /// Exact seconds.
    public var seconds: Int

    /// Creates a duration.
    public init(days: Int = 0, seconds: Int = 0) {
        self.days = days
        self.seconds = seconds
    }

    /// Zero: "at the time".
    public static let zero = NominalDuration()

    /// The approximate length in seconds (a day counted as 86,400 s), for ordering and windows.
    public var approximateSeconds: Int { days * 86_400 + seconds }

    /// Canonical ISO 8601 text: `P1D`, `PT1H`, `P1DT2H30M`, `PT0S`, `P2W` when whole weeks.
    public var description: String {
        if days == 0 && seconds == 0 { return "PT0S" }
        var text = "P"
        if seconds == 0 && days % 7 == 0 { return "P\(days / 7)W" }
        if days != 0 { text += "\(days)D" }
        if seconds != 0 {
            text += "T"
            let h = seconds / 3600
            let m = seconds / 60 % 60
            let s = seconds % 60
            if h != 0 { text += "\(h)H" }
            if m != 0 { text += "\(m)M" }
            if s != 0 { text += "\(s)S" }
        }
        return text
    }

    /// Orders by approximate length.
    public static func < (a: NominalDuration, b: NominalDuration) -> Bool {
        (a.approximateSeconds, a.days) < (b.approximateSeconds, b.days)
    }

    /// Parses `P…` text; the error says what is wrong and at which character offset.
    public init(parsing text: String) throws(NominalDurationError) {
        let chars = Array(text.uppercased().unicodeScalars)
        guard chars.first == "P" else {
            throw NominalDurationError(
                message: "duration '\(text)' must be ISO 8601, such as P1D, PT1H, PT30M, P1DT12H or PT0S",
                offset: 0)
        }
        var days = 0
        var seconds = 0
        var inTime = false
        var number: Int? = nil
        var seenUnits = Set<Character>()
        var sawAny = false
        var sawTimeUnit = false
        for (i, c) in chars.enumerated().dropFirst() {
            if c.value >= 48 && c.value <= 57 {
                let digit = Int(c.value) - 48
                let (next, overflow) = (number ?? 0).multipliedReportingOverflow(by: 10)
                guard !overflow, next < 100_000_000 else {
                    throw NominalDurationError(message: "duration '\(text)' is too long", offset: i)
                }
                number = next + digit
                continue
            }
            let unit = Character(c)
            if unit == "T" {
                guard !inTime, number == nil else {
                    throw NominalDurationError(message: "misplaced 'T' in duration '\(text)'", offset: i)
                }
                inTime = true
                continue
            }
            guard let n = number else {
                throw NominalDurationError(
                    message: "expected a number before '\(unit)' in duration '\(text)'", offset: i)
            }
            let key: Character = inTime ? Character(unit.lowercased()) : unit
            guard !seenUnits.contains(key) else {
                throw NominalDurationError(message: "unit '\(unit)' appears twice in duration '\(text)'", offset: i)
            }
            seenUnits.insert(key)
            switch (inTime, unit) {
            case (false, "W"): days += 7 * n
            case (false, "D"): days += n
            case (true, "H"): seconds += 3600 * n
            case (true, "M"): seconds += 60 * n
            case (true, "S"): seconds += n
            case (false, "Y"), (false, "M"):
                throw NominalDurationError(
                    message: "years and months are not fixed lengths; write the lead time in weeks or days (P4W, P30D)",
                    offset: i)
            case (false, "H"), (false, "S"):
                throw NominalDurationError(
                    message: "hours, minutes and seconds go after 'T' (PT\(n)\(unit)), in duration '\(text)'", offset: i
                )
            default:
                throw NominalDurationError(message: "unknown unit '\(unit)' in duration '\(text)'", offset: i)
            }
            number = nil
            sawAny = true
            sawTimeUnit = sawTimeUnit || inTime
        }
        guard number == nil, sawAny, !inTime || sawTimeUnit else {
            throw NominalDurationError(
                message: "duration '\(text)' is incomplete; write it like P1D, PT1H or PT0S", offset: chars.count)
        }
        self.init(days: days, seconds: seconds)
    }
}
