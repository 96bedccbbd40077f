/// A scalar of a plan file: its text, how it was written, and its explicit tag (`nil` for none, `!`, or `!!str`:
/// every scalar is text to the plan reader, which interprets values itself).
struct YAMLScalar: Sendable {
    /// How a scalar was written.
    enum Style: UInt8, Sendable {
        /// `value`
        case plain
        /// `'value'`
        case singleQuoted
        /// `"value"`
        case doubleQuoted
        /// `|` block
        case literal
        /// `>` block
        case folded
    }

    /// The text, escapes and folding resolved.
    let string: String
    /// How it was written.
    let style: Style
    /// An explicit tag other than a string's (`!person`), as written after resolution by libyaml.
    let tag: String?
}
