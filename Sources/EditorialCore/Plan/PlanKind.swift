/// The two kinds of plan of the source document.
public enum PlanKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// Every marketing level of the company, month by month, per semester or year: what content is produced
    /// (infographics, e-books, videos, …), when it comes out and where it is delivered.
    case communication
    /// One tool or channel (a blog, a magazine, a social channel): what goes out on Tuesday, what on Friday;
    /// renewed every month or two within the communication plan.
    case editorial
}
