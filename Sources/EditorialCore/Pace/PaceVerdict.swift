/// How a page keeps up with its plan over the window, from what was actually published (see `PaceThresholds`).
public enum PaceVerdict: String, Codable, Hashable, Sendable, CaseIterable {
    /// At least the on-time share of the posts due went out within the tolerance, and the page is not stalled.
    case keepingPace = "keeping-pace"
    /// Posts still go out, but fewer than the on-time share of them on time.
    case slipping
    /// Posts were due in the last weeks and none of them went out: the block the source document warns of.
    case stalled
}
