/// Reads a YAML node tree with positions, collecting a diagnostic for every problem instead of stopping at the first.
///
/// The plan parser asks it for typed values ("a string", "a list", "a mapping with these keys"); every
/// answer it cannot give becomes a positioned error, so one run of `editorialctl check` reports every
/// mistake in a file.
struct NodeReader {
    /// The file name used in diagnostics.
    let file: String
    /// Everything found so far: the first `DiagnosticBudget.perFile`, then how many more.
    var diagnostics: [Diagnostic] { listed + budget.summaries }
    /// The diagnostics listed.
    private var listed: [Diagnostic] = []
    /// What is listed and what only counted.
    private var budget = DiagnosticBudget(what: "problems")

    /// The source text, to place positions inside multi-line (literal block) scalars.
    private let text: String

    init(file: String, text: String = "") {
        self.file = file
        self.text = text
    }

    /// Where a node starts.
    func location(of node: YAMLNode) -> SourceLocation {
        SourceLocation(file: file, line: node.line, column: node.column)
    }

    /// Where the character at `offset` of a scalar's text is, allowing for an opening quote.
    func location(of node: YAMLNode, offset: Int?) -> SourceLocation {
        let start = location(of: node)
        guard let offset, let scalar = node.scalar else { return start }
        let quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
        if !scalar.string.contains("\n") { return start.advanced(by: offset + (quoted ? 1 : 0)) }
        guard scalar.style == .literal else { return start }
        // A literal block's text starts on the line after its `|`; each of its lines keeps the block's indentation.
        let before = scalar.string.prefix(offset)
        let lineInBlock = before.filter { $0 == "\n" }.count
        let column =
            before.count
            - (before.lastIndex(of: "\n").map { before.distance(from: before.startIndex, to: $0) + 1 } ?? 0)
        let fileLine = start.line + 1 + lineInBlock
        // Split only here: errors inside literal blocks are rare, and the files can be large.
        let lines = text.split(separator: "\n", maxSplits: fileLine, omittingEmptySubsequences: false)
        guard fileLine - 1 < lines.count else { return start }
        let indent = lines[fileLine - 1].prefix { $0 == " " }.count
        return SourceLocation(file: file, line: fileLine, column: indent + column + 1)
    }

    mutating func error(_ code: DiagnosticCode, _ node: YAMLNode, _ message: String, offset: Int? = nil) {
        add(Diagnostic(.error, code, at: location(of: node, offset: offset), message))
    }

    mutating func error(_ code: DiagnosticCode, at location: SourceLocation, _ message: String) {
        add(Diagnostic(.error, code, at: location, message))
    }

    mutating func warning(_ code: DiagnosticCode, _ node: YAMLNode, _ message: String) {
        add(Diagnostic(.warning, code, at: location(of: node), message))
    }

    mutating func warning(_ code: DiagnosticCode, at location: SourceLocation, _ message: String) {
        add(Diagnostic(.warning, code, at: location, message))
    }

    private mutating func add(_ diagnostic: Diagnostic) {
        if budget.admit(diagnostic) { listed.append(diagnostic) }
    }

    /// The keys and values of a mapping, checked against the schema: unknown keys and missing required
    /// keys are errors (a typo must never silently drop a post).
    mutating func fields(
        _ node: YAMLNode, of what: String, allowed: [String], required: [String] = []
    ) -> Fields? {
        guard let pairCount = node.pairCount else {
            error(.wrongType, node, "\(what) must be a mapping (key: value), not \(describe(node))")
            return nil
        }
        // A list, not dictionaries: a mapping has a handful of keys, and two dictionaries for each of a million posts
        // were a tenth of the time `check` took over them.
        var entries: [(key: String, node: YAMLNode, value: YAMLNode)] = []
        entries.reserveCapacity(pairCount)
        for i in 0..<pairCount {
            let (keyNode, value) = node.pair(i)
            guard let key = keyNode.scalar?.string else {
                error(.wrongType, keyNode, "keys of \(what) must be plain words")
                continue
            }
            guard allowed.contains(key) else {
                var message = "unknown key '\(key)' in \(what)"
                if let near = Suggestion.nearest(to: key, among: allowed) {
                    message += "; did you mean '\(near)'?"
                } else {
                    message += " (known keys: \(allowed.joined(separator: ", ")))"
                }
                error(.unknownKey, keyNode, message)
                continue
            }
            entries.append((key, keyNode, value))
        }
        for key in required where !entries.contains(where: { $0.key == key }) {
            error(.missingKey, node, "\(what) needs '\(key)'")
        }
        return Fields(node: node, entries: entries)
    }

    /// A scalar's text; lists and mappings are errors. `null`/`~`/empty are reported as missing values.
    mutating func string(_ node: YAMLNode, _ what: String) -> String? {
        guard let scalar = node.scalar else {
            error(.wrongType, node, "\(what) must be a single value, not \(describe(node))")
            return nil
        }
        if scalar.style == .plain && Self.isNull(scalar.string) {
            error(.invalidValue, node, "\(what) is empty")
            return nil
        }
        return scalar.string
    }

    /// YAML's spellings of null (and the empty value).
    private static func isNull(_ text: String) -> Bool {
        switch text {
        case "", "~", "null", "Null", "NULL": true
        default: false
        }
    }

    /// The items of a list; a single scalar is read as a one-item list (`needs: ebook` means `needs: [ebook]`).
    mutating func list(_ node: YAMLNode, _ what: String) -> [YAMLNode]? {
        if let sequence = node.sequence { return Array(sequence) }
        if node.scalar != nil { return [node] }
        error(.wrongType, node, "\(what) must be a list, not \(describe(node))")
        return nil
    }

    /// `true`/`false` (and YAML's yes/no spellings).
    mutating func bool(_ node: YAMLNode, _ what: String) -> Bool? {
        guard let text = string(node, what) else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            error(.invalidValue, node, "\(what) must be true or false, not '\(text)'")
            return nil
        }
    }

    /// What a node is, for messages: `the value 'x'`, `a mapping`, `a list`.
    func describe(_ node: YAMLNode) -> String {
        switch node.kind {
        case .scalar: return "the value '\(node.scalar?.string ?? "")'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }

    /// A mapping's values by key, with the key nodes for positions.
    struct Fields {
        /// The mapping node itself.
        let node: YAMLNode
        /// The allowed keys found, with their key nodes and values, in the order written (the last of a key written twice with two tags counts).
        let entries: [(key: String, node: YAMLNode, value: YAMLNode)]

        /// The value of `key`.
        subscript(_ key: String) -> YAMLNode? { entries.last { $0.key == key }?.value }

        /// The node of the key `key` itself, for positions.
        func key(_ key: String) -> YAMLNode? { entries.last { $0.key == key }?.node }
    }
}
