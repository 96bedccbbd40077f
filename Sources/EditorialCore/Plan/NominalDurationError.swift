/// Why a duration could not be read.
public struct NominalDurationError: Error, Hashable, Sendable {
    /// A sentence for a person.
    public var message: String
    /// 0-based character offset in the text.
    public var offset: Int
}
