/// An error reply's `error` object: a stable code, a message for people, and the details some codes carry
/// (`supported` versions for a version error, `blocked_by` for a refused publish).
public struct ControlFailure: Error, Hashable, Sendable, Codable {
    /// The stable code.
    public var code: ControlErrorCode
    /// What went wrong, in a sentence.
    public var message: String
    /// The versions the daemon speaks (`unsupported-version`, a request without `v`).
    public var supported: [Int64]?
    /// What blocks the post (`blocked`).
    public var blockedBy: [BlameEntry]?

    /// The member names of the protocol.
    enum CodingKeys: String, CodingKey {
        case code, message, supported
        case blockedBy = "blocked_by"
    }

    /// Creates a failure.
    public init(
        _ code: ControlErrorCode, _ message: String, supported: [Int64]? = nil, blockedBy: [BlameEntry]? = nil
    ) {
        self.code = code
        self.message = message
        self.supported = supported
        self.blockedBy = blockedBy
    }

    /// The `error` object of the reply.
    public var json: JSONValue {
        // Strings, integers and plain structs: encoding cannot fail.
        (try? JSONValueEncoder().encode(self))
            ?? .object(["code": .string(code.rawValue), "message": .string(message)])
    }
}
