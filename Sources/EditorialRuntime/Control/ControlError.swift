/// A control-socket set-up failure, with a message naming the path.
public struct ControlError: Error, CustomStringConvertible {
    /// What went wrong.
    public var description: String

    /// Creates an error.
    public init(_ description: String) { self.description = description }
}
