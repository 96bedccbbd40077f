/// A day of the week, numbered as ISO 8601 (Monday = 1 … Sunday = 7).
public enum Weekday: Int, CaseIterable, Hashable, Sendable, Comparable {
    /// Monday.
    case monday = 1
    /// Tuesday.
    case tuesday
    /// Wednesday.
    case wednesday
    /// Thursday.
    case thursday
    /// Friday.
    case friday
    /// Saturday.
    case saturday
    /// Sunday.
    case sunday

    /// The weekday of a day count since 1970-01-01 (a Thursday).
    public static func of(daysSinceEpoch d: Int) -> Weekday {
        let r = ((d % 7) + 7 + 3) % 7  // 0 = Monday
        return Weekday(rawValue: r + 1)!
    }

    /// The two-letter RFC 5545 code (`MO` … `SU`).
    public var code: String {
        ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][rawValue - 1]
    }

    /// Orders Monday first.
    public static func < (a: Weekday, b: Weekday) -> Bool { a.rawValue < b.rawValue }
}
