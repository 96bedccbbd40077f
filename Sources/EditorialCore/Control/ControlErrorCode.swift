/// The stable error codes of the control protocol. Clients branch on these; the message is for people and may
/// change. A code is never renamed or reused for something else.
public enum ControlErrorCode: String, Hashable, Sendable, CaseIterable, Codable {
    /// The line is not JSON, not an object, or lacks `v` or `cmd`.
    case badRequest = "bad-request"
    /// The request line is longer than `ControlProtocol.maxMessageBytes`; the connection is closed.
    case tooLarge = "too-large"
    /// `v` names a version this daemon does not speak; `supported` lists those it does.
    case unsupportedVersion = "unsupported-version"
    /// `cmd` is not a command of this version.
    case unknownCommand = "unknown-command"
    /// An argument is missing, unknown, of the wrong type or out of range.
    case badArgument = "bad-argument"
    /// No item or reminder has that id or key.
    case notFound = "not-found"
    /// The peer may read but not change state (see the config's `control-users` and `control-groups`).
    case forbidden = "forbidden"
    /// `publish` of a post that something blocks, without `force`; `blocked_by` names what.
    case blocked = "blocked"
    /// The change makes no sense for this item (publishing a production item, acknowledging what has not fired).
    case invalidState = "invalid-state"
    /// Too many watchers are connected already.
    case busy = "busy"
    /// The connection sent nothing complete for `control-idle-timeout` and is closed. (A client that stops
    /// reading replies is closed without a message: it would not read one.)
    case timeout = "timeout"
    /// The daemon could not do it (the state database failed); nothing was changed.
    case `internal` = "internal"

    /// Reads a code; one this build does not know reads as `internal` (a newer daemon's code is still a failure).
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        self = ControlErrorCode(rawValue: text) ?? .internal
    }
}
