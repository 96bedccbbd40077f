extension LocalDateTime: TextCodable {
    /// The notation, for errors.
    public static let expectedText = "a local time YYYY-MM-DDTHH:MM:SS"

    /// Reads a wall-clock time `YYYY-MM-DDTHH:MM:SS` (no offset), as `planned` is written.
    public init?(text: String) {
        guard case .success(.local(let local, false)) = TimeText.parse(text) else { return nil }
        self = local
    }
}
