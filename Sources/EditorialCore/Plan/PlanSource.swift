/// The text of one plan file and the name to use for it in diagnostics.
public struct PlanSource: Hashable, Sendable {
    /// The path as the user gave it.
    public var path: String
    /// The file's contents.
    public var text: String

    /// Creates a source.
    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }
}
