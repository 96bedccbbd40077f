extension LocalDateTime: Codable {
    /// Reads a wall-clock time `YYYY-MM-DDTHH:MM:SS` (no offset), as `planned` is written.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard case .success(.local(let local, false)) = TimeText.parse(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected a local time YYYY-MM-DDTHH:MM:SS, not '\(text)'")
        }
        self = local
    }

    /// Writes `YYYY-MM-DDTHH:MM:SS`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
