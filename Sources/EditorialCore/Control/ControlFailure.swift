/// An error reply: a stable code, a message for people, and optional details (`supported` versions,
/// `blocked_by` chains).
public struct ControlFailure: Error, Hashable, Sendable {
    /// The stable code.
    public var code: ControlErrorCode
    /// What went wrong, in a sentence.
    public var message: String
    /// Extra members of the error object.
    public var details: [String: JSONValue]

    /// Creates a failure.
    public init(_ code: ControlErrorCode, _ message: String, details: [String: JSONValue] = [:]) {
        self.code = code
        self.message = message
        self.details = details
    }

    /// The `error` object of the reply.
    public var json: JSONValue {
        var members = details
        members["code"] = .string(code.rawValue)
        members["message"] = .string(message)
        return .object(members)
    }
}
