/// One node of a YAML document read by `YAMLDocuments`: a scalar, a sequence or a mapping, with the line and column
/// where it starts. A handle into its document's `YAMLTree`; an alias is the node its anchor names.
struct YAMLNode: Sendable {
    /// What a node is.
    enum Kind: UInt8, Sendable {
        /// A single value.
        case scalar
        /// A list.
        case sequence
        /// Keys and values.
        case mapping
    }

    /// The document's nodes.
    let tree: YAMLTree
    /// This node's position in them.
    let index: Int

    /// What it is.
    var kind: Kind { tree.records[index].kind }
    /// Its first line (1-based).
    var line: Int { Int(tree.records[index].line) }
    /// Its first column (1-based, in characters).
    var column: Int { Int(tree.records[index].column) }

    /// True for a list or mapping written in block style (indented lines, not brackets or braces).
    var isBlockCollection: Bool {
        let r = tree.records[index]
        return r.kind != .scalar && r.style != YAMLTree.flowStyle
    }

    /// Its scalar, when it is one.
    var scalar: YAMLScalar? {
        let r = tree.records[index]
        guard r.kind == .scalar else { return nil }
        return YAMLScalar(
            string: tree.strings[Int(r.start)], style: YAMLScalar.Style(rawValue: r.style) ?? .plain,
            tag: r.tag < 0 ? nil : tree.strings[Int(r.tag)])
    }

    /// Its items, when it is a sequence.
    var sequence: [YAMLNode]? {
        let r = tree.records[index]
        guard r.kind == .sequence else { return nil }
        return (Int(r.start)..<Int(r.start + r.count)).map { YAMLNode(tree: tree, index: Int(tree.children[$0])) }
    }

    /// Its keys and values in the order written, when it is a mapping.
    var mapping: [(key: YAMLNode, value: YAMLNode)]? {
        let r = tree.records[index]
        guard r.kind == .mapping else { return nil }
        return stride(from: Int(r.start), to: Int(r.start + r.count), by: 2).map {
            (
                YAMLNode(tree: tree, index: Int(tree.children[$0])),
                YAMLNode(tree: tree, index: Int(tree.children[$0 + 1]))
            )
        }
    }

    /// How many key-value pairs a mapping has (nil for another kind); `pair(_:)` reads one without building the
    /// whole list.
    var pairCount: Int? {
        let r = tree.records[index]
        return r.kind == .mapping ? Int(r.count) / 2 : nil
    }

    /// The `i`-th key and value of a mapping.
    func pair(_ i: Int) -> (key: YAMLNode, value: YAMLNode) {
        let start = Int(tree.records[index].start) + 2 * i
        return (
            YAMLNode(tree: tree, index: Int(tree.children[start])),
            YAMLNode(tree: tree, index: Int(tree.children[start + 1]))
        )
    }
}
