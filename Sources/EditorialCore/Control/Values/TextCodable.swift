/// A value that travels as one JSON string in its own notation (`Instant`, `LocalInstant`, `LocalDateTime`):
/// written as its `description`, read back with `init?(text:)`; a string it cannot read is `dataCorrupted`,
/// naming the expected form.
public protocol TextCodable: Codable, CustomStringConvertible {
    /// The form, for errors: "an RFC 3339 instant with Z or an offset".
    static var expectedText: String { get }
    /// Reads the notation; `nil` for anything else.
    init?(text: String)
}

extension TextCodable {
    /// Reads the string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Self(text: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected \(Self.expectedText), not '\(text)'")
        }
        self = value
    }

    /// Writes the string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
