/// An instant on the wire: whole seconds since the epoch, written as RFC 3339 in UTC (`2027-01-05T08:30:00Z`).
/// Read back from any RFC 3339 text with `Z` or an offset, so a client may send its own zone's form.
public struct Instant: Hashable, Sendable, Comparable, TextCodable {
    /// Seconds since the epoch.
    public var seconds: Int64

    /// The instant `seconds` after the epoch.
    public init(_ seconds: Int64) { self.seconds = seconds }

    /// RFC 3339 in UTC.
    public var description: String { TimeText.utc(seconds) }

    /// Reads RFC 3339 text with `Z` or an offset; `nil` for anything else (a local time, a date alone).
    public init?(text: String) {
        guard case .success(.instant(let t)) = TimeText.parse(text) else { return nil }
        seconds = t
    }

    /// The notation, for errors.
    public static let expectedText = "an RFC 3339 instant with Z or an offset"

    /// Orders by time.
    public static func < (a: Instant, b: Instant) -> Bool { a.seconds < b.seconds }
}
