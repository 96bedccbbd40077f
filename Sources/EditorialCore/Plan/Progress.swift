/// How far an item has got, as recorded in the plan file itself or by the daemon's state.
public enum Progress: String, Hashable, Sendable, Codable, CaseIterable {
    /// Production finished (content items and preparations).
    case done
    /// The post went out.
    case published
    /// Deliberately not done; items that need it stay blocked.
    case skipped
}
