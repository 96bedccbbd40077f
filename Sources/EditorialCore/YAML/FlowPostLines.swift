/// The `posts:` lists of a plan file written one post per line as flow mappings
/// (`  - {id: p1, channel: blog, at: 2027-03-02T09:30, title: Launch}`), read without libyaml: the form a million
/// hand-listed posts take, where libyaml's tokens and events were a third of a cold start.
///
/// Only what is certain to read as libyaml reads it is taken: a line `posts:` at the first column, then lines each
/// holding one whole flow mapping of plain words as keys and plain, single-quoted or double-quoted (without
/// escapes) scalars as values, all at one indentation, with blank and comment lines between. A list with any other
/// line (a block-style post, a nested list, a tab, a trailing comma, a value that goes on to the next line) is left
/// whole to libyaml, and so is every file with a line break that is not `\n` (libyaml counts those as lines too).
///
/// The text libyaml then reads has the taken lines emptied (their line breaks kept, so every position stays
/// where it was) and the posts come as `YAMLTree`s of their own, one per list, with the positions libyaml would
/// give. Whether each `posts:` line really is a key of a document's top-level block mapping (and not text inside
/// a quoted scalar or a flow collection) only libyaml can tell; `PlanParser` checks it on the emptied text's tree
/// and reads the file the usual way when any list is not where it was expected.
struct FlowPostLines {
    /// The text with the taken lines emptied.
    let text: [UInt8]
    /// Each taken list's items, by the line (1-based) of its `posts:` key.
    let lists: [Int: YAMLTree]

    /// The lists of `bytes`, or nil when there is none to take.
    init?(_ bytes: [UInt8]) {
        let found = bytes.withUnsafeBufferPointer { Scanner(bytes: $0).run() }
        guard let found, !found.lists.isEmpty else { return nil }
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count - found.emptied.reduce(0) { $0 + $1.count })
        var from = 0
        for range in found.emptied {
            text.append(contentsOf: bytes[from..<range.lowerBound])
            from = range.upperBound
        }
        text.append(contentsOf: bytes[from...])
        self.text = text
        self.lists = found.lists
    }

    /// What a scan found: the byte ranges to empty (each a taken line without its line break) and the lists.
    private struct Found {
        var emptied: [Range<Int>] = []
        var lists: [Int: YAMLTree] = [:]
    }

    /// One pass over the bytes.
    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>

        /// The lists, or nil when the file has a line break libyaml counts and this scanner does not.
        func run() -> Found? {
            for k in 0..<bytes.count where bytes[k] == 0x0D || bytes[k] == 0xC2 || bytes[k] == 0xE2 {
                guard isPlainLineByte(at: k) else { return nil }
            }
            var found = Found()
            var start = 0
            var line = 1
            let n = bytes.count
            while start < n {
                let end = lineEnd(from: start)
                if isPostsKey(start, end) {
                    // The list's lines, up to the next line that starts at the first column with anything but `-`
                    // or a comment.
                    var list = ListBuilder()
                    var taken: [Range<Int>] = []
                    var ok = true
                    var next = end + 1
                    var nextLine = line + 1
                    while next < n {
                        let e = lineEnd(from: next)
                        let first = bytes[next]
                        if first != 0x20 && first != 0x2D && first != 0x23 && first != 0x0A {
                            // The list ends where the mapping goes on; at anything else there (a tab, a control
                            // character) it is left to libyaml, whose reading of it the emptied text could change.
                            if first <= 0x20 || first == 0x7F { ok = false }
                            break
                        }
                        if first == 0x2D && isDocumentMarker(next, e) { break }
                        if ok {
                            switch item(next, e, line: nextLine, into: &list) {
                            case .item: taken.append(next..<e)
                            case .nothing: break
                            case .refused: ok = false
                            }
                        }
                        next = e + 1
                        nextLine += 1
                    }
                    if ok, let tree = list.tree() {
                        found.lists[line] = tree
                        found.emptied += taken
                    }
                    start = next
                    line = nextLine
                    continue
                }
                start = end + 1
                line += 1
            }
            return found
        }

        /// False at a `\r`, or at the start of U+0085, U+2028 or U+2029 (libyaml's other line breaks).
        private func isPlainLineByte(at k: Int) -> Bool {
            switch bytes[k] {
            case 0x0D: return false
            case 0xC2: return !(k + 1 < bytes.count && bytes[k + 1] == 0x85)
            case 0xE2:
                return !(k + 2 < bytes.count && bytes[k + 1] == 0x80 && (bytes[k + 2] == 0xA8 || bytes[k + 2] == 0xA9))
            default: return true
            }
        }

        /// The position of the `\n` that ends the line at `start`, or the end of the text.
        private func lineEnd(from start: Int) -> Int {
            var k = start
            while k < bytes.count && bytes[k] != 0x0A { k += 1 }
            return k
        }

        /// `posts:` at the first column, then nothing but spaces and a comment.
        private func isPostsKey(_ start: Int, _ end: Int) -> Bool {
            let key: [UInt8] = [0x70, 0x6F, 0x73, 0x74, 0x73, 0x3A]
            guard end - start >= key.count else { return false }
            for (i, b) in key.enumerated() where bytes[start + i] != b { return false }
            return restIsBlank(from: start + key.count, to: end)
        }

        /// Nothing but spaces up to `end`, or spaces then a comment.
        private func restIsBlank(from: Int, to end: Int) -> Bool {
            var k = from
            var space = false
            while k < end {
                let b = bytes[k]
                if b == 0x20 {
                    space = true
                } else if b == 0x23 && space {
                    return isCommentText(k + 1, end)
                } else {
                    return false
                }
                k += 1
            }
            return true
        }

        /// A comment's text: anything printable (libyaml refuses control characters anywhere).
        private func isCommentText(_ from: Int, _ end: Int) -> Bool {
            var k = from
            while k < end {
                guard let next = printable(at: k, end) else { return false }
                k = next
            }
            return true
        }

        /// `---` or `...` followed by a blank or the line's end: a document's start or end.
        private func isDocumentMarker(_ start: Int, _ end: Int) -> Bool {
            guard end - start >= 3 else { return false }
            let b = bytes[start]
            guard (b == 0x2D || b == 0x2E) && bytes[start + 1] == b && bytes[start + 2] == b else { return false }
            return end - start == 3 || bytes[start + 3] == 0x20 || bytes[start + 3] == 0x09
        }

        /// What a line of a list holds.
        private enum Line {
            /// One post, added to the list.
            case item
            /// Nothing (blank, or a comment).
            case nothing
            /// Anything else: the list is left to libyaml.
            case refused
        }

        /// Reads the line `start..<end` of a list into `list`.
        private func item(_ start: Int, _ end: Int, line: Int, into list: inout ListBuilder) -> Line {
            var k = start
            while k < end && bytes[k] == 0x20 { k += 1 }
            if k == end { return .nothing }
            if bytes[k] == 0x23 { return isCommentText(k + 1, end) ? .nothing : .refused }
            let indent = k - start
            guard bytes[k] == 0x2D, list.indent == nil || list.indent == indent else { return .refused }
            k += 1
            guard k < end, bytes[k] == 0x20 else { return .refused }
            while k < end && bytes[k] == 0x20 { k += 1 }
            guard k < end, bytes[k] == 0x7B else { return .refused }
            var ascii = true
            for j in start..<end where bytes[j] >= 0x80 {
                ascii = false
                break
            }
            func column(_ offset: Int) -> Int {
                if ascii { return offset - start + 1 }
                var c = 1
                for j in start..<offset where bytes[j] & 0xC0 != 0x80 { c += 1 }
                return c
            }
            var post = PostBuilder(line: line, column: column(k))
            k += 1
            while true {
                while k < end && bytes[k] == 0x20 { k += 1 }
                // A key: a plain lowercase word, then `: `.
                let keyStart = k
                while k < end, isKeyByte(bytes[k]) { k += 1 }
                guard k > keyStart, bytes[keyStart] >= 0x61, bytes[keyStart] <= 0x7A, k + 1 < end, bytes[k] == 0x3A,
                    bytes[k + 1] == 0x20
                else { return .refused }
                let key = String(decoding: UnsafeBufferPointer(rebasing: bytes[keyStart..<k]), as: UTF8.self)
                guard !post.has(key) else { return .refused }
                let keyColumn = column(keyStart)
                k += 2
                while k < end && bytes[k] == 0x20 { k += 1 }
                guard k < end else { return .refused }
                let valueStart = k
                guard let (value, style, after) = scalar(at: k, end) else { return .refused }
                post.add(
                    key: key, keyColumn: keyColumn, value: value, style: style, valueColumn: column(valueStart))
                k = after
                while k < end && bytes[k] == 0x20 { k += 1 }
                guard k < end else { return .refused }
                if bytes[k] == 0x2C {
                    k += 1
                    continue
                }
                guard bytes[k] == 0x7D else { return .refused }
                k += 1
                break
            }
            guard restIsBlank(from: k, to: end) else { return .refused }
            if list.indent == nil { list.start(indent: indent, line: line) }
            list.add(post)
            return .item
        }

        /// A key's letters: `a`–`z`, digits, `-` and `_`.
        private func isKeyByte(_ b: UInt8) -> Bool {
            (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x5F
        }

        /// A value at `k`: its text, style and the position after it; nil for anything but a one-line scalar of the
        /// kinds taken.
        private func scalar(at k: Int, _ end: Int) -> (String, YAMLScalar.Style, Int)? {
            let first = bytes[k]
            if first == 0x22 || first == 0x27 {
                // Quoted: to the closing quote (`''` is a single quote; no backslash escapes are taken).
                var text: [UInt8] = []
                var j = k + 1
                while true {
                    guard j < end else { return nil }
                    let b = bytes[j]
                    if b == first {
                        if first == 0x27 && j + 1 < end && bytes[j + 1] == 0x27 {
                            text.append(0x27)
                            j += 2
                            continue
                        }
                        break
                    }
                    if first == 0x22 && b == 0x5C { return nil }
                    guard let next = printable(at: j, end) else { return nil }
                    text.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[j..<next]))
                    j = next
                }
                let style: YAMLScalar.Style = first == 0x22 ? .doubleQuoted : .singleQuoted
                return (String(decoding: text, as: UTF8.self), style, j + 1)
            }
            // Plain: not starting with an indicator, ending before `,` or `}` (and its trailing spaces); a `:` only
            // inside a word (a time's), no `[`, `]`, `{`, ` #`.
            guard isPlainStart(first) else { return nil }
            var j = k
            var last = k
            while j < end {
                let b = bytes[j]
                if b == 0x2C || b == 0x7D { break }
                if b == 0x5B || b == 0x5D || b == 0x7B { return nil }
                if b == 0x3A {
                    guard j + 1 < end, isWordByte(bytes[j + 1]) else { return nil }
                }
                if b == 0x20 {
                    if j + 1 < end && bytes[j + 1] == 0x23 { return nil }
                    j += 1
                    continue
                }
                guard let next = printable(at: j, end) else { return nil }
                j = next
                last = j
            }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[k..<last]), as: UTF8.self)
            return (text, .plain, j)
        }

        /// A byte a plain scalar may start with here: a letter, a digit, `_`, `.`, `(`, `+`, `$`, `/` or the start
        /// of a non-ASCII character (libyaml's indicators and a leading space are refused).
        private func isPlainStart(_ b: UInt8) -> Bool {
            isWordByte(b) || b == 0x5F || b == 0x2E || b == 0x28 || b == 0x2B || b == 0x24 || b == 0x2F || b >= 0xC2
        }

        /// An ASCII letter or digit.
        private func isWordByte(_ b: UInt8) -> Bool {
            (b >= 0x30 && b <= 0x39) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A)
        }

        /// The position after the character at `k` when it is one libyaml takes in a scalar on one line (printable,
        /// not a tab, well-formed UTF-8, not a byte order mark or line break), else nil.
        private func printable(at k: Int, _ end: Int) -> Int? {
            let b = bytes[k]
            if b < 0x80 { return b >= 0x20 && b != 0x7F ? k + 1 : nil }
            let length: Int
            var scalar: UInt32
            switch b {
            case 0xC2...0xDF:
                length = 2
                scalar = UInt32(b & 0x1F)
            case 0xE0...0xEF:
                length = 3
                scalar = UInt32(b & 0x0F)
            case 0xF0...0xF4:
                length = 4
                scalar = UInt32(b & 0x07)
            default: return nil
            }
            guard k + length <= end else { return nil }
            for j in (k + 1)..<(k + length) {
                guard bytes[j] & 0xC0 == 0x80 else { return nil }
                scalar = scalar << 6 | UInt32(bytes[j] & 0x3F)
            }
            let shortest: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
            guard scalar >= shortest, scalar <= 0x10FFFF else { return nil }
            switch scalar {
            case 0x80..<0xA0, 0xD800...0xDFFF, 0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF: return nil
            default: return k + length
            }
        }
    }

    /// One post's keys and values while its line is read.
    private struct PostBuilder {
        let line: Int
        let column: Int
        var pairs: [(key: String, keyColumn: Int, value: String, style: YAMLScalar.Style, valueColumn: Int)] = []

        init(line: Int, column: Int) {
            self.line = line
            self.column = column
            pairs.reserveCapacity(6)
        }

        func has(_ key: String) -> Bool { pairs.contains { $0.key == key } }

        mutating func add(key: String, keyColumn: Int, value: String, style: YAMLScalar.Style, valueColumn: Int) {
            pairs.append((key, keyColumn, value, style, valueColumn))
        }
    }

    /// A list's tree as it grows: the sequence first, then each post's mapping and its keys and values.
    private struct ListBuilder {
        private(set) var indent: Int?
        private var records: [YAMLTree.Record] = []
        private var strings: [String] = []
        private var children: [Int32] = []
        private var items: [Int32] = []

        /// Records the sequence, which starts at the first item's `-`.
        mutating func start(indent: Int, line: Int) {
            self.indent = indent
            records.append(YAMLTree.Record(.sequence, line: line, column: indent + 1))
        }

        mutating func add(_ post: PostBuilder) {
            items.append(Int32(truncatingIfNeeded: records.count))
            records.append(YAMLTree.Record(.mapping, line: post.line, column: post.column, style: YAMLTree.flowStyle))
            let first = records.count
            for pair in post.pairs {
                strings.append(pair.key)
                records.append(
                    YAMLTree.Record(.scalar, line: post.line, column: pair.keyColumn, start: strings.count - 1))
                strings.append(pair.value)
                records.append(
                    YAMLTree.Record(
                        .scalar, line: post.line, column: pair.valueColumn, style: pair.style.rawValue,
                        start: strings.count - 1))
            }
            let mapping = first - 1
            records[mapping].start = Int32(truncatingIfNeeded: children.count)
            records[mapping].count = Int32(truncatingIfNeeded: records.count - first)
            for k in first..<records.count { children.append(Int32(truncatingIfNeeded: k)) }
        }

        /// The tree, or nil when the list has no post.
        mutating func tree() -> YAMLTree? {
            guard !items.isEmpty else { return nil }
            records[0].start = Int32(truncatingIfNeeded: children.count)
            records[0].count = Int32(truncatingIfNeeded: items.count)
            children += items
            return YAMLTree(records: records, strings: strings, children: children)
        }
    }
}
