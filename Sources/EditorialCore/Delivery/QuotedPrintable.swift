/// The quoted-printable body encoding (RFC 2045 §6.7) of UTF-8 text, for mail bodies that any MTA carries unchanged.
enum QuotedPrintable {
    /// The longest encoded line, without the CRLF (RFC 2045 §6.7 rule 5).
    static let lineLimit = 76

    /// `text` encoded, its line breaks (CRLF, LF or a lone CR) as CRLF, every line ending in CRLF.
    ///
    /// Bytes other than printable ASCII, `=`, and a space or tab at the end of a line are written `=XX`; longer lines
    /// are split with soft breaks (`=` CRLF). A `.` or the `F` of `From ` at the start of a line is encoded too, so
    /// that neither SMTP's dot rule nor an mbox file can change the text. Text not ending in a line break ends in a
    /// soft break, so the message still ends in CRLF and the decoded text gains no line break.
    static func encode(_ text: String) -> [UInt8] {
        var lines: [[UInt8]] = [[]]
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte == 0x0A && previous == 0x0D {
                // The LF of a CRLF: the CR already broke the line.
            } else if byte == 0x0A || byte == 0x0D {
                lines.append([])
            } else {
                lines[lines.count - 1].append(byte)
            }
            previous = byte
        }
        var out = [UInt8]()
        for (index, line) in lines.enumerated() {
            encodeLine(line, into: &out)
            if index < lines.count - 1 {
                out += [0x0D, 0x0A]
            } else if !line.isEmpty {
                out += [UInt8(ascii: "="), 0x0D, 0x0A]
            }
        }
        return out
    }

    private static func encodeLine(_ line: [UInt8], into out: inout [UInt8]) {
        var column = 0
        for j in line.indices {
            var piece = encoded(line, at: j, lineStart: column == 0)
            // A soft break's `=` needs the last column, so the text of a line takes at most 75.
            if column + piece.count > lineLimit - 1 {
                out += [UInt8(ascii: "="), 0x0D, 0x0A]
                column = 0
                piece = encoded(line, at: j, lineStart: true)
            }
            out += piece
            column += piece.count
        }
    }

    private static func encoded(_ line: [UInt8], at j: Int, lineStart: Bool) -> [UInt8] {
        let byte = line[j]
        let escape: Bool
        switch byte {
        case 0x20, 0x09: escape = j == line.count - 1
        case UInt8(ascii: "="): escape = true
        case UInt8(ascii: "."): escape = lineStart
        case UInt8(ascii: "F"): escape = lineStart && line[j...].starts(with: "From ".utf8)
        case 0x21...0x7E: escape = false
        default: escape = true
        }
        guard escape else { return [byte] }
        let digits = Array("0123456789ABCDEF".utf8)
        return [UInt8(ascii: "="), digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]]
    }
}
