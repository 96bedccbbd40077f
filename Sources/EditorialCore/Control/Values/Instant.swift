/// An instant on the wire: whole seconds since the epoch, written as RFC 3339 in UTC (`2027-01-05T08:30:00Z`).
/// Read back from any RFC 3339 text with `Z` or an offset, so a client may send its own zone's form.
public struct Instant: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
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

    /// Reads the RFC 3339 text.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let instant = Instant(text: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected an RFC 3339 instant with Z or an offset, not '\(text)'")
        }
        self = instant
    }

    /// Writes the RFC 3339 text in UTC.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Orders by time.
    public static func < (a: Instant, b: Instant) -> Bool { a.seconds < b.seconds }
}
