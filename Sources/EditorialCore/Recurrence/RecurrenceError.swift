/// A problem in recurrence rule text (RFC 5545 RRULE or the `every:` shorthand).
public struct RecurrenceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Human-readable explanation.
    public var message: String
    /// 0-based character offset in the source text where the problem starts, when known.
    public var offset: Int?

    /// Creates an error.
    public init(_ message: String, offset: Int? = nil) {
        self.message = message
        self.offset = offset
    }

    /// The message, prefixed with the offset when known.
    public var description: String {
        guard let offset else { return message }
        return "at offset \(offset): \(message)"
    }
}
