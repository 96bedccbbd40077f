/// Writes one header field of a mail message (RFC 5322 §2.2), folded so that its lines stay within 78 characters:
/// tokens separated by folding white space, and text as RFC 2047 encoded-words (`=?UTF-8?B?…?=` or `=?UTF-8?Q?…?=`,
/// at most 75 characters each).
struct MailHeaderWriter {
    /// The longest line wanted (RFC 5322 §2.1.1's "SHOULD"), without the CRLF.
    static let lineLimit = 78
    /// The longest encoded-word (RFC 2047 §2).
    static let encodedWordLimit = 75

    /// The field so far, without its final CRLF.
    private(set) var bytes: [UInt8]
    private var column: Int
    /// True once something follows the field's name: a fold may go before the next piece.
    private(set) var hasToken = false

    /// Starts the field `name:`.
    init(name: String) {
        bytes = Array(name.utf8) + [UInt8(ascii: ":")]
        column = bytes.count
    }

    /// True when a piece `width` characters wide (white space first, where a fold may go) fits on the current line.
    func fits(_ width: Int) -> Bool { column + width <= Self.lineLimit }

    /// True when a piece of `width` characters (with its white space) can go here within the line limit: on this
    /// line, or on a new one when something precedes it (never a fold straight after the name, which some readers
    /// take as a leading space).
    func canPlace(_ width: Int) -> Bool { fits(width) || (hasToken && width <= Self.lineLimit) }

    /// Appends `piece`, which starts with a space or tab: on this line when it fits, else after a fold (a CRLF
    /// before the piece's white space, which unfolding removes again); never folds before the first piece.
    mutating func append(_ piece: String) {
        let width = piece.utf8.count
        if !fits(width) && hasToken {
            bytes += [0x0D, 0x0A]
            column = 0
        }
        bytes += piece.utf8
        column += width
        hasToken = true
    }

    /// Appends a token after one space.
    mutating func token(_ text: String) { append(" " + text) }

    /// Appends `text` as encoded-words, each after one space (white space between encoded-words is not part of the
    /// text, RFC 2047 §6.2): one word when the text fits one (on a new line if need be), else words filling each line.
    /// Each word is B or Q, whichever is shorter, and breaks between Unicode scalars, never inside one.
    mutating func encoded(_ text: String) {
        let scalars = text.unicodeScalars.map { Array(String($0).utf8) }
        // Python's phrase decoder (3.11) keeps the space between adjacent encoded-words, against RFC 2047: a text
        // that fits one word is sent as one.
        let whole = scalars.flatMap { $0 }
        if Self.encodedCount(whole) <= Self.encodedWordLimit && canPlace(Self.encodedCount(whole) + 1) {
            append(" " + Self.encodedWord(whole))
            return
        }
        var i = 0
        while i < scalars.count {
            // The charset and delimiters take 12 characters; a 4-byte scalar needs up to 12 more.
            var room = min(Self.encodedWordLimit, Self.lineLimit - column - 1)
            if room < 24 && hasToken { room = Self.encodedWordLimit }
            var chunk = scalars[i]
            i += 1
            while i < scalars.count, Self.encodedCount(chunk + scalars[i]) <= room {
                chunk += scalars[i]
                i += 1
            }
            append(" " + Self.encodedWord(chunk))
        }
    }

    // The length of the shorter encoded-word for `bytes`.
    private static func encodedCount(_ bytes: [UInt8]) -> Int {
        12 + min((bytes.count + 2) / 3 * 4, bytes.reduce(0) { $0 + (isQSafe($1) ? 1 : 3) })
    }

    private static func encodedWord(_ bytes: [UInt8]) -> String {
        let q = bytes.reduce(0) { $0 + (isQSafe($1) ? 1 : 3) }
        guard q < (bytes.count + 2) / 3 * 4 else { return "=?UTF-8?B?" + base64(bytes) + "?=" }
        let digits = Array("0123456789ABCDEF".utf8)
        var out = [UInt8]()
        for byte in bytes {
            if byte == 0x20 {
                out.append(UInt8(ascii: "_"))
            } else if isQSafe(byte) {
                out.append(byte)
            } else {
                out += [UInt8(ascii: "="), digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]]
            }
        }
        return "=?UTF-8?Q?" + String(decoding: out, as: UTF8.self) + "?="
    }

    // The characters a Q encoded-word may carry as themselves even in a phrase (RFC 2047 §5 (3)); a space is `_`.
    private static func isQSafe(_ c: UInt8) -> Bool {
        switch c {
        case 0x20, 0x30...0x39, 0x41...0x5A, 0x61...0x7A, UInt8(ascii: "!"), UInt8(ascii: "*"), UInt8(ascii: "+"),
            UInt8(ascii: "-"), UInt8(ascii: "/"):
            true
        default: false
        }
    }

    /// RFC 4648 base64 with padding.
    static func base64(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out = [UInt8]()
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i < bytes.count {
            let n = min(3, bytes.count - i)
            let b0 = UInt32(bytes[i])
            let b1 = n > 1 ? UInt32(bytes[i + 1]) : 0
            let b2 = n > 2 ? UInt32(bytes[i + 2]) : 0
            let v = b0 << 16 | b1 << 8 | b2
            out.append(alphabet[Int(v >> 18 & 63)])
            out.append(alphabet[Int(v >> 12 & 63)])
            out.append(n > 1 ? alphabet[Int(v >> 6 & 63)] : UInt8(ascii: "="))
            out.append(n > 2 ? alphabet[Int(v & 63)] : UInt8(ascii: "="))
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
