/// Text made safe for HTML: every character that could open markup, end an attribute or start an entity is
/// written as a character reference, and control characters are dropped (they are not allowed in HTML text).
public enum HTMLText {
    /// `text` escaped for element content and for double- or single-quoted attribute values.
    public static func escape(_ text: String) -> String {
        // Most titles need nothing: one pass over the bytes decides.
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || special.contains($0) }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out += " "
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `text` cut to at most `length` characters (an ellipsis ending a cut one), then escaped.
    public static func clipped(_ text: String, to length: Int) -> String {
        escape(clip(text, to: length))
    }

    /// `text` cut to at most `length` characters, the last one an ellipsis when it was cut; not escaped.
    public static func clip(_ text: String, to length: Int) -> String {
        guard text.count > length else { return text }
        return String(text.prefix(max(0, length - 1))) + "…"
    }

    /// The bytes that need a reference: `&`, `<`, `>`, `"` and `'`.
    private static let special: Set<UInt8> = [0x26, 0x3C, 0x3E, 0x22, 0x27]
}
