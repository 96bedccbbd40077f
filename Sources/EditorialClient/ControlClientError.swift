import EditorialCore

/// Why a control request did not get a result.
public enum ControlClientError: Error, Sendable {
    /// Could not connect (no daemon, wrong path, no permission).
    case unreachable(String)
    /// Connected, but the connection broke or timed out before a reply.
    case lost(String)
    /// The daemon answered with an error.
    case failed(ControlFailure)

    /// A sentence for people.
    public var message: String {
        switch self {
        case .unreachable(let m), .lost(let m): m
        case .failed(let f): f.message
        }
    }
}
