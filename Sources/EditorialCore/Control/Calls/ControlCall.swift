/// A typed request of protocol version 1: what a client sends (its arguments encode to the request's members)
/// and what the daemon reads back from a parsed `ControlRequest`, with the reply type both ends share.
public protocol ControlCall: Encodable, Sendable {
    /// The result object of a successful reply.
    associatedtype Reply: Codable & Sendable

    /// The command sent.
    var command: ControlCommand { get }

    /// Reads the call from a parsed request, checking every argument's value (a `bad-argument` failure names
    /// the argument and what it must be).
    init(_ request: ControlRequest) throws(ControlFailure)
}

extension ControlCall {
    /// The request (arguments as JSON members) with the correlation `id`.
    public func request(id: JSONValue = .null) -> ControlRequest {
        let arguments: [String: JSONValue]
        // Encoding plain strings, integers and booleans cannot fail; an empty object is the safe fallback.
        if case .object(let members)? = try? JSONValueEncoder().encode(self) {
            arguments = members
        } else {
            arguments = [:]
        }
        return ControlRequest(id: id, command: command, arguments: arguments.filter { $0.value != .null })
    }
}
