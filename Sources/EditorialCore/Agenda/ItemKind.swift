/// What kind of due thing an agenda item is.
public enum ItemKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// A one-off post (`posts:`).
    case post
    /// One occurrence of a recurring slot (`slots:`).
    case occurrence
    /// A production item (`content:`).
    case content
    /// The production item a slot's `prepare:` asks of one occurrence.
    case preparation
    /// "Write the next editorial plan": an editorial plan ending with nothing after it.
    case renewal
}
