/// A reason the daemon cannot start, with a message naming what is in the way.
public struct DaemonError: Error, CustomStringConvertible {
    /// What went wrong.
    public var description: String

    /// Creates an error.
    public init(_ description: String) { self.description = description }
}
