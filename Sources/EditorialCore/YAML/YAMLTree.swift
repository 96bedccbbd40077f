/// The nodes of one YAML document, in flat arrays: a record per node, the scalars' texts, and each collection's
/// children as a run of positions. Built by `YAMLDocuments`, read through `YAMLNode` handles; never changed once
/// handed out.
final class YAMLTree: Sendable {
    /// One node.
    struct Record: Sendable {
        /// What it is.
        var kind: YAMLNode.Kind
        /// A scalar's `YAMLScalar.Style`; for a list or mapping, `YAMLTree.flowStyle` when written in brackets or
        /// braces, else 0.
        var style: UInt8
        /// The line it starts on (1-based).
        var line: Int32
        /// The column it starts at (1-based, in characters).
        var column: Int32
        /// A scalar's text in `strings`; a collection's first child in `children`.
        var start: Int32
        /// A collection's children (a mapping's keys and values, alternating).
        var count: Int32
        /// A scalar's explicit tag in `strings`, or -1.
        var tag: Int32

        /// A node of `kind` at `line` and `column` (1-based), with no children yet.
        init(_ kind: YAMLNode.Kind, line: Int, column: Int, style: UInt8 = 0, start: Int = 0, tag: Int32 = -1) {
            self.kind = kind
            self.style = style
            self.line = Int32(truncatingIfNeeded: line)
            self.column = Int32(truncatingIfNeeded: column)
            self.start = Int32(truncatingIfNeeded: start)
            count = 0
            self.tag = tag
        }
    }

    /// A collection's `style` when it is written in brackets or braces.
    static let flowStyle: UInt8 = 1

    /// The nodes, each collection before its children; the document's root is the first.
    let records: [Record]
    /// Scalar texts and tags.
    let strings: [String]
    /// Children of collections, by position in `records`.
    let children: [Int32]

    /// A tree of these nodes.
    init(records: [Record], strings: [String], children: [Int32]) {
        self.records = records
        self.strings = strings
        self.children = children
    }

    /// The root node.
    var root: YAMLNode { YAMLNode(tree: self, index: 0) }
}
