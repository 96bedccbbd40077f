/// One property parameter of an iCalendar content line (RFC 5545 §3.2), such as `TZID=Europe/Rome` or
/// `VALUE=DATE`.
///
/// The name is written as given and must be an `iana-token` or `x-name` (letters, digits and `-`). Values are
/// written by `ICalendarWriter`: a value containing `:`, `;` or `,` is enclosed in double quotes. RFC 5545 allows
/// neither DQUOTE nor control characters in a parameter value, so `"` is replaced by `'` and control characters
/// (U+0000–U+001F except HTAB, and U+007F) are dropped. RFC 6868's `^` escapes would keep them, but readers
/// disagree on them: Debian 12's python icalendar and vobject show `^'`, `^n` and `^^` as typed, and libical 3.0
/// decodes `^^` alone (so every `^` in a value would have to be written in a form some reader shows wrongly). The
/// values written here are zone identifiers, value types and names, for which the replacement loses nothing that
/// matters.
public struct ICalendarParameter: Sendable, Hashable {
    /// The parameter name, such as `TZID`.
    public var name: String
    /// The values, written separated by `,` (most parameters have one).
    public var values: [String]

    /// A parameter with one value.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.values = [value]
    }

    /// A parameter with several values (such as `MEMBER` or `DELEGATED-TO`).
    public init(_ name: String, values: [String]) {
        self.name = name
        self.values = values
    }

    /// `TZID=identifier`, naming the `VTIMEZONE` a local date-time is in.
    public static func tzid(_ identifier: String) -> ICalendarParameter { ICalendarParameter("TZID", identifier) }

    /// `VALUE=type`, such as `VALUE=DATE` for a date without a time.
    public static func value(_ type: String) -> ICalendarParameter { ICalendarParameter("VALUE", type) }
}
