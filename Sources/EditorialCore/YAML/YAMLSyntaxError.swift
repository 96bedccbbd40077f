/// A plan file that is not YAML (or that libyaml or the composer refuses): where, and why, in the words of the
/// message a plan diagnostic gets (`YAML: …`).
struct YAMLSyntaxError: Error, Sendable {
    /// The problem's line (1-based).
    let line: Int
    /// The problem's column (1-based).
    let column: Int
    /// The message, starting with `YAML: `.
    let message: String
}
