import CYAML

/// The documents of a YAML text, composed one at a time from libyaml's event stream into `YAMLTree`s: positions on
/// every node, no tag resolution (every scalar is text), anchors and aliases followed, and the composer's checks
/// (a key twice in one mapping, an undefined alias) as Yams' composer words them, so a plan file's diagnostics
/// read as before.
///
/// Bounded: nesting is composed without recursion, and aliases may stand for at most `aliasBudget` nodes in all
/// (an alias bomb — "billion laughs" — is refused at the alias that exceeds it, instead of expanding).
final class YAMLDocuments {
    /// The most nodes aliases may stand for in one document, beyond the nodes written.
    static let aliasBudget = 1_000_000

    private var parser = yaml_parser_t()
    private let bytes: UnsafeMutableBufferPointer<UInt8>
    private var finished = false

    /// A reader of `text`.
    convenience init(_ text: String) { self.init(utf8: Array(text.utf8)) }

    /// A reader of the UTF-8 text `utf8`.
    init(utf8: [UInt8]) {
        bytes = .allocate(capacity: max(1, utf8.count))
        _ = utf8.withUnsafeBufferPointer { bytes.initialize(fromContentsOf: $0) }
        yaml_parser_initialize(&parser)
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(&parser, bytes.baseAddress, utf8.count)
    }

    deinit {
        yaml_parser_delete(&parser)
        bytes.deallocate()
    }

    /// The next document's tree, `nil` after the last; throws at the first problem (and gives nothing after it).
    func next() throws(YAMLSyntaxError) -> YAMLTree? {
        guard !finished else { return nil }
        do throws(YAMLSyntaxError) {
            while true {
                var event = try parse()
                defer { yaml_event_delete(&event) }
                switch event.type {
                case YAML_STREAM_START_EVENT, YAML_DOCUMENT_END_EVENT: continue
                case YAML_STREAM_END_EVENT:
                    finished = true
                    return nil
                case YAML_DOCUMENT_START_EVENT: return try document()
                default: throw syntax("unexpected event \(event.type.rawValue)", event.start_mark)
                }
            }
        } catch {
            finished = true
            throw error
        }
    }

    /// One open collection while its children are read.
    private struct Open {
        /// Its record.
        var index: Int
        /// Where its children start in the stack of children of open collections (one stack for all, not an array
        /// for each of a million posts).
        var firstChild: Int
        /// Its anchor, registered once it is complete.
        var anchor: String?
    }

    /// Composes the events up to the end of the document's root node.
    private func document() throws(YAMLSyntaxError) -> YAMLTree {
        var records: [YAMLTree.Record] = []
        var strings: [String] = []
        var children: [Int32] = []
        var sizes: [Int32] = []
        var anchors: [String: Int] = [:]
        var stack: [Open] = []
        var openChildren: [Int32] = []
        var aliased = 0
        func record(_ kind: YAMLNode.Kind, _ mark: yaml_mark_t, style: UInt8 = 0, start: Int = 0, tag: Int32 = -1)
            -> Int
        {
            records.append(
                YAMLTree.Record(
                    kind, line: Int(mark.line) + 1, column: Int(mark.column) + 1, style: style, start: start, tag: tag))
            sizes.append(1)
            return records.count - 1
        }
        // Hands a complete node to its parent; true when it was the root.
        func add(_ node: Int) -> Bool {
            guard !stack.isEmpty else { return true }
            openChildren.append(Int32(truncatingIfNeeded: node))
            return false
        }
        while true {
            var event = try parse()
            defer { yaml_event_delete(&event) }
            let node: Int
            switch event.type {
            case YAML_SCALAR_EVENT:
                let s = event.data.scalar
                let text = String(
                    decoding: UnsafeBufferPointer(start: s.value, count: Int(s.length)), as: UTF8.self)
                var tag: Int32 = -1
                if let name = Self.explicitTag(s.tag) {
                    strings.append(name)
                    tag = Int32(truncatingIfNeeded: strings.count - 1)
                }
                strings.append(text)
                node = record(
                    .scalar, event.start_mark, style: Self.style(s.style), start: strings.count - 1, tag: tag)
                if let anchor = s.anchor { anchors[String(cString: anchor)] = node }
            case YAML_ALIAS_EVENT:
                let name = String(cString: event.data.alias.anchor)
                guard let target = anchors[name] else { throw syntax("found undefined alias", event.start_mark) }
                aliased += Int(sizes[target])
                if aliased > Self.aliasBudget {
                    throw syntax(
                        "aliases stand for more than \(Self.aliasBudget) nodes (at '*\(name)'); a plan needs none so "
                            + "large", event.start_mark)
                }
                node = target
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                let sequence = event.type == YAML_SEQUENCE_START_EVENT
                let flow =
                    sequence
                    ? event.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE
                    : event.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE
                let index = record(
                    sequence ? .sequence : .mapping, event.start_mark, style: flow ? YAMLTree.flowStyle : 0)
                let anchor = sequence ? event.data.sequence_start.anchor : event.data.mapping_start.anchor
                stack.append(
                    Open(index: index, firstChild: openChildren.count, anchor: anchor.map { String(cString: $0) }))
                continue
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                let open = stack.removeLast()
                let own = open.firstChild..<openChildren.count
                // No slice of `openChildren` outlives a statement: one held while it shrinks would copy it whole.
                if records[open.index].kind == .mapping {
                    try checkDuplicates(openChildren[own], records: records, strings: strings, children: children)
                }
                records[open.index].start = Int32(truncatingIfNeeded: children.count)
                records[open.index].count = Int32(truncatingIfNeeded: own.count)
                children.append(contentsOf: openChildren[own])
                var size: Int32 = 1
                for k in own { size = size &+ sizes[Int(openChildren[k])] }
                openChildren.removeLast(own.count)
                sizes[open.index] = size
                if let anchor = open.anchor { anchors[anchor] = open.index }
                node = open.index
            default:
                throw syntax("unexpected event \(event.type.rawValue) inside a document", event.start_mark)
            }
            guard add(node) else { continue }
            // The document's end is read before it is handed out, as Yams does: a problem right after the root node
            // fails the document.
            var end = try parse()
            defer { yaml_event_delete(&end) }
            guard end.type == YAML_DOCUMENT_END_EVENT else {
                throw syntax("expected the end of the document", end.start_mark)
            }
            return YAMLTree(records: records, strings: strings, children: children)
        }
    }

    /// Refuses a key written twice in one mapping (same text and tag; a list or mapping key the same nodes), naming
    /// the keys in order and placing the error at the first key's first appearance, as Yams does.
    private func checkDuplicates(
        _ pairs: ArraySlice<Int32>, records: [YAMLTree.Record], strings: [String], children: [Int32]
    ) throws(YAMLSyntaxError) {
        // Plain keys without tags (a post's handful) are compared as they are, without building their identities.
        if pairs.count <= 32 {
            var simple = true
            var clash = false
            outer: for i in stride(from: pairs.startIndex, to: pairs.endIndex, by: 2) {
                let a = records[Int(pairs[i])]
                guard a.kind == .scalar, a.tag < 0 else {
                    simple = false
                    break
                }
                for j in stride(from: i + 2, to: pairs.endIndex, by: 2) {
                    let b = records[Int(pairs[j])]
                    if b.kind == .scalar, b.tag < 0, strings[Int(a.start)] == strings[Int(b.start)] {
                        clash = true
                        break outer
                    }
                }
            }
            if simple && !clash { return }
        }
        let pairs = Array(pairs)
        // A key's identity: its text and tag, or for a list or mapping key its nodes written out flow style.
        func identity(_ node: Int) -> String {
            let r = records[node]
            switch r.kind {
            case .scalar: return strings[Int(r.start)] + (r.tag < 0 ? "" : "\u{0}" + strings[Int(r.tag)])
            case .sequence, .mapping:
                // A complete key's children are in `children` already (only the mapping being closed is not).
                let items = (Int(r.start)..<Int(r.start + r.count)).map { identity(Int(children[$0])) }
                if r.kind == .sequence { return "[" + items.joined(separator: ", ") + "]" }
                return "{"
                    + stride(from: 0, to: items.count, by: 2).map { items[$0] + ": " + items[$0 + 1] }.joined(
                        separator: ", ") + "}"
            }
        }
        var keys: [(text: String, index: Int)] = []
        keys.reserveCapacity(pairs.count / 2)
        for i in stride(from: 0, to: pairs.count, by: 2) { keys.append((identity(Int(pairs[i])), Int(pairs[i]))) }
        var duplicated: [(text: String, first: Int)] = []
        if keys.count <= 16 {
            // Small mappings (a post's handful of keys) are compared pairwise: no dictionary for each.
            for (i, key) in keys.enumerated() where !duplicated.contains(where: { keys[$0.first].text == key.text }) {
                if keys[(i + 1)...].contains(where: { $0.text == key.text }) { duplicated.append((key.text, i)) }
            }
        } else {
            var seen: [String: Int] = [:]
            var twice: Set<String> = []
            for (i, key) in keys.enumerated() {
                if seen[key.text] == nil { seen[key.text] = i } else { twice.insert(key.text) }
            }
            duplicated = twice.map { ($0, seen[$0]!) }
        }
        guard !duplicated.isEmpty else { return }
        duplicated.sort { $0.text < $1.text }
        let first = records[keys[duplicated[0].first].index]
        let names = duplicated.map { "'" + ($0.text.split(separator: "\u{0}").first.map(String.init) ?? "") + "'" }
        throw YAMLSyntaxError(
            line: Int(first.line), column: Int(first.column),
            message: "YAML: key \(names.joined(separator: ", ")) appears twice in one mapping")
    }

    /// The next event; libyaml's scanner, parser and reader errors are thrown as Yams words them.
    private func parse() throws(YAMLSyntaxError) -> yaml_event_t {
        var event = yaml_event_t()
        guard yaml_parser_parse(&parser, &event) == 1 else {
            let problem = parser.problem.map { String(cString: $0) } ?? "cannot read the text"
            switch parser.error {
            case YAML_SCANNER_ERROR, YAML_PARSER_ERROR:
                let context = parser.context.map {
                    " (\(String(cString: $0)) at line \(Int(parser.context_mark.line) + 1))"
                }
                throw YAMLSyntaxError(
                    line: Int(parser.problem_mark.line) + 1, column: Int(parser.problem_mark.column) + 1,
                    message: "YAML: " + problem + (context ?? ""))
            default:
                throw YAMLSyntaxError(line: 1, column: 1, message: "YAML: " + problem)
            }
        }
        return event
    }

    private func syntax(_ problem: String, _ mark: yaml_mark_t) -> YAMLSyntaxError {
        YAMLSyntaxError(line: Int(mark.line) + 1, column: Int(mark.column) + 1, message: "YAML: " + problem)
    }

    /// A tag that is not a string's (no tag, `!` and `!!str` all mean text here), or nil.
    private static func explicitTag(_ tag: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let tag else { return nil }
        let name = String(cString: tag)
        return name == "!" || name == "tag:yaml.org,2002:str" ? nil : name
    }

    private static func style(_ style: yaml_scalar_style_t) -> UInt8 {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: YAMLScalar.Style.singleQuoted.rawValue
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: YAMLScalar.Style.doubleQuoted.rawValue
        case YAML_LITERAL_SCALAR_STYLE: YAMLScalar.Style.literal.rawValue
        case YAML_FOLDED_SCALAR_STYLE: YAMLScalar.Style.folded.rawValue
        default: YAMLScalar.Style.plain.rawValue
        }
    }
}
