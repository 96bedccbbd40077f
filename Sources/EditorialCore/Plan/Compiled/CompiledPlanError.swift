/// A compiled plan that cannot be trusted: cut short, or holding a value no writer writes.
public struct CompiledPlanError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, and at which byte.
    public var description: String

    /// Creates one.
    public init(_ description: String) { self.description = description }
}
