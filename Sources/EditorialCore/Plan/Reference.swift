/// A reference written in a plan (`ebook-q1` or `acme-2027-h1/ebook-q1`), with where it was written.
public struct Reference: Hashable, Sendable, CustomStringConvertible {
    /// The text as written.
    public var text: String
    /// Where it was written.
    public var location: SourceLocation
    /// The qualified id (`plan/id`) it resolves to, once `PlanSet` has resolved it.
    public var target: String?

    /// Creates a reference.
    public init(_ text: String, at location: SourceLocation) {
        self.text = text
        self.location = location
    }

    /// The text as written.
    public var description: String { text }
}
