/// A request that could not be parsed: the failure, and the request's `id` if it could be read.
public struct ControlRequestError: Error, Hashable, Sendable {
    /// The `id` to echo (`null` if unknown).
    public var id: JSONValue
    /// What is wrong.
    public var failure: ControlFailure

    /// Creates one.
    public init(id: JSONValue, _ failure: ControlFailure) {
        self.id = id
        self.failure = failure
    }
}
