/// A reply written straight to its compact JSON text, members in sorted order, without building its `JSONValue`
/// tree first: the pages of `overdue`, `blocked` and `agenda`, up to a thousand entries each and the protocol's
/// most frequent large replies, where the tree's dictionaries and their sorting were most of a request's cost.
/// The tree (`jsonValue`) stays the reference: a test checks, for every such type, that the two agree byte for
/// byte.
public protocol JSONWritable: JSONValueRepresentable {
    /// Appends exactly the UTF-8 of `jsonValue.compact` to `out`.
    func writeJSON(into out: inout [UInt8])
}

extension JSONWritable {
    /// The compact JSON text.
    public var jsonText: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4_096)
        writeJSON(into: &out)
        return out
    }
}

extension [UInt8] {
    /// Appends `text` as a JSON string literal, escaped.
    mutating func appendJSON(_ text: String) { JSONValue.writeString(text, into: &self) }

    /// Appends `text` as a JSON string literal, or `null` when there is none (a member the reply always carries).
    mutating func appendJSON(_ text: String?) {
        if let text { appendJSON(text) } else { append(contentsOf: "null".utf8) }
    }

    /// Appends `value`'s decimal digits.
    mutating func appendJSON(_ value: Int64) { JSONValue.writeInteger(value, into: &self) }

    /// Appends the strings as a JSON array.
    mutating func appendJSON(_ texts: [String]) {
        append(UInt8(ascii: "["))
        for (i, text) in texts.enumerated() {
            if i > 0 { append(UInt8(ascii: ",")) }
            JSONValue.writeString(text, into: &self)
        }
        append(UInt8(ascii: "]"))
    }

    /// Appends the values as a JSON array.
    mutating func appendJSON<T: JSONWritable>(_ values: [T]) {
        append(UInt8(ascii: "["))
        for (i, value) in values.enumerated() {
            if i > 0 { append(UInt8(ascii: ",")) }
            value.writeJSON(into: &self)
        }
        append(UInt8(ascii: "]"))
    }

    /// Appends the instant as a JSON string (RFC 3339, `Z`).
    mutating func appendJSON(_ instant: Instant) {
        append(UInt8(ascii: "\""))
        LocalDateTime(secondsSinceEpochAsUTC: instant.seconds).write(into: &self)
        append(UInt8(ascii: "Z"))
        append(UInt8(ascii: "\""))
    }

    /// Appends the instant with its offset as a JSON string.
    mutating func appendJSON(_ instant: LocalInstant) {
        guard !instant.zulu else { return appendJSON(Instant(instant.seconds)) }
        append(UInt8(ascii: "\""))
        LocalDateTime(secondsSinceEpochAsUTC: instant.seconds + Int64(instant.offset)).write(into: &self)
        append(contentsOf: TimeText.offsetText(instant.offset).utf8)
        append(UInt8(ascii: "\""))
    }

    /// Appends the wall-clock time as a JSON string.
    mutating func appendJSON(_ local: LocalDateTime) {
        append(UInt8(ascii: "\""))
        local.write(into: &self)
        append(UInt8(ascii: "\""))
    }

    /// Appends `,"name":` (or `"name":` when `first`); names are the protocol's own and need no escape.
    mutating func appendKey(_ name: StaticString, first: Bool = false) {
        if !first { append(UInt8(ascii: ",")) }
        append(UInt8(ascii: "\""))
        name.withUTF8Buffer { append(contentsOf: $0) }
        append(UInt8(ascii: "\""))
        append(UInt8(ascii: ":"))
    }
}
