/// An instant with the UTC offset of some zone at that moment, written as RFC 3339 with the offset
/// (`2027-01-05T09:30:00+01:00`): the `*_local` members of replies.
public struct LocalInstant: Hashable, Sendable, TextCodable {
    /// Seconds since the epoch.
    public var seconds: Int64
    /// The zone's offset from UTC at that instant, in seconds east.
    public var offset: Int
    /// Written with `Z` rather than `+00:00`: UTC standing in for a zone (the daemon without plans).
    public var zulu: Bool

    /// The instant `seconds` with `offset`.
    public init(_ seconds: Int64, offset: Int) {
        self.seconds = seconds
        self.offset = offset
        zulu = false
    }

    /// The instant in UTC, written with `Z`.
    public init(utc seconds: Int64) {
        self.seconds = seconds
        offset = 0
        zulu = true
    }

    /// The instant in `zone`, with the zone's offset then.
    public init(_ seconds: Int64, in zone: ZoneRules) {
        self.init(seconds, offset: zone.offset(atUTC: seconds))
    }

    /// RFC 3339 with the offset.
    public var description: String { zulu ? TimeText.utc(seconds) : TimeText.local(seconds, offset: offset) }

    /// The wall-clock time it shows.
    public var local: LocalDateTime { LocalDateTime(secondsSinceEpochAsUTC: seconds + Int64(offset)) }

    /// Reads `YYYY-MM-DDTHH:MM:SS±HH:MM` (or `Z`, offset zero); `nil` for anything else.
    public init?(text: String) {
        guard case .success(.instant(let t)) = TimeText.parse(text),
            case .success(.local(let wall, false)) = TimeText.parse(String(text.prefix(19)))
        else { return nil }
        seconds = t
        offset = Int(wall.secondsSinceEpochAsUTC - t)
        zulu = text.hasSuffix("Z") || text.hasSuffix("z")
    }

    /// The notation, for errors.
    public static let expectedText = "an RFC 3339 time with its UTC offset"
}
