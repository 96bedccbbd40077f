extension JSONValue {
    /// The value on one line (no newline inside, so it can be a protocol message), keys sorted.
    public var compact: String {
        var out: [UInt8] = []
        out.reserveCapacity(1_024)
        write(into: &out, indent: nil, depth: 0)
        return String(decoding: out, as: UTF8.self)
    }

    /// The value indented by two spaces per level, keys sorted, for people and `--json` output.
    public var pretty: String {
        var out: [UInt8] = []
        write(into: &out, indent: 2, depth: 0)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the UTF-8 text of the value to `out`; `indent` nil means compact.
    public func write(into out: inout [UInt8], indent: Int?, depth: Int) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): Self.writeInteger(i, into: &out)
        case .double(let d):
            // JSON has no NaN or infinity; such a value is our bug, and null is the least harmful spelling.
            out.append(contentsOf: (d.isFinite ? "\(d)" : "null").utf8)
        case .string(let s): Self.writeString(s, into: &out)
        case .array(let elements):
            guard !elements.isEmpty else {
                out.append(contentsOf: "[]".utf8)
                return
            }
            out.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                Self.newline(&out, indent, depth + 1)
                element.write(into: &out, indent: indent, depth: depth + 1)
            }
            Self.newline(&out, indent, depth)
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            guard !members.isEmpty else {
                out.append(contentsOf: "{}".utf8)
                return
            }
            out.append(UInt8(ascii: "{"))
            // Sorting the pairs, not the keys: no second hash lookup per member.
            for (i, member) in members.sorted(by: { $0.key < $1.key }).enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                Self.newline(&out, indent, depth + 1)
                Self.writeString(member.key, into: &out)
                out.append(UInt8(ascii: ":"))
                if indent != nil { out.append(UInt8(ascii: " ")) }
                member.value.write(into: &out, indent: indent, depth: depth + 1)
            }
            Self.newline(&out, indent, depth)
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func newline(_ out: inout [UInt8], _ indent: Int?, _ depth: Int) {
        guard let indent else { return }
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * depth))
    }

    private static let hex = Array("0123456789abcdef".utf8)

    /// Writes the decimal digits of `value` without making a `String`.
    static func writeInteger(_ value: Int64, into out: inout [UInt8]) {
        guard value != 0 else {
            out.append(UInt8(ascii: "0"))
            return
        }
        if value < 0 { out.append(UInt8(ascii: "-")) }
        // The magnitude as unsigned, so that Int64.min works too.
        var rest = value.magnitude
        var digits: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0
        )
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            while rest > 0 {
                buffer[count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            }
            for i in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[i]) }
        }
    }

    /// Writes a JSON string literal: quotes, backslashes and control characters escaped, the rest as UTF-8.
    static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Most strings need no escape: one scan, then one copy.
        let plain = s.utf8.withContiguousStorageIfAvailable { bytes in
            !bytes.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
        }
        if plain == true {
            out.append(contentsOf: s.utf8)
            out.append(UInt8(ascii: "\""))
            return
        }
        // Escapes are appended byte by byte and the plain runs between them in one copy each: an export's
        // calendar is tens of megabytes with an escaped CRLF every few dozen bytes.
        out.reserveCapacity(out.count + s.utf8.count + s.utf8.count / 16 + 2)
        func escape(_ byte: UInt8, into out: inout [UInt8]) {
            out.append(UInt8(ascii: "\\"))
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(byte)
            case 0x0A: out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(UInt8(ascii: "r"))
            case 0x09: out.append(UInt8(ascii: "t"))
            default:
                out.append(UInt8(ascii: "u"))
                out.append(UInt8(ascii: "0"))
                out.append(UInt8(ascii: "0"))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            }
        }
        let done: Void? = s.utf8.withContiguousStorageIfAvailable { bytes in
            var run = 0
            for i in 0..<bytes.count {
                let byte = bytes[i]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if run < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i])) }
                escape(byte, into: &out)
                run = i + 1
            }
            if run < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run...])) }
        }
        if done == nil {
            for byte in s.utf8 {
                if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                    escape(byte, into: &out)
                } else {
                    out.append(byte)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
