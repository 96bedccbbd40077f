/// A plain-text mail message (RFC 5322, with MIME's RFC 2045–2047), composed to bytes that any MTA accepts: a
/// sender, recipients, a subject, a date shown in the recipient's UTC offset, a message id, a few extra header
/// fields and a UTF-8 body.
///
/// Header text is never trusted to be one line: CR, LF and other control characters in any header value (the
/// subject comes from plan titles) become spaces, so no value can add a header field. Text that is not plain ASCII
/// is written as RFC 2047 encoded-words; lines are folded to 78 characters (an address longer than a line aside).
/// The body is quoted-printable, so lines of any length and any characters arrive as they were.
public struct MailMessage: Sendable {
    /// The sender: an address (`editoriald@example.com`) or a mailbox (`Editorial calendar <editoriald@example.com>`,
    /// the name quoted when it needs it, as `mailbox(name:address:)` writes it).
    public var from: String
    /// The recipients, each an address or a mailbox like `from`.
    public var to: [String]
    /// The subject, any Unicode text.
    public var subject: String
    /// The message's date, in Unix seconds.
    public var date: Int64
    /// The UTC offset the `Date` field is written in, in seconds east of UTC (the recipient's, so that the date reads
    /// as their local time); rounded to minutes.
    public var utcOffset: Int
    /// The message id without its angle brackets (`a1b2@editoriald.example.com`).
    public var messageID: String
    /// Further header fields, in order (`X-Editoriald-Key`). Fields that the message writes itself (`Date`, `From`,
    /// `To`, `Subject`, `Message-ID`, `MIME-Version`, `Content-*`) and names that are not valid field names are left
    /// out; an `Auto-Submitted` field replaces the default `Auto-Submitted: auto-generated` (RFC 3834), which keeps
    /// vacation responders quiet.
    public var headers: [(String, String)]
    /// The text of the body; its line breaks, whatever they are, are sent as CRLF.
    public var body: String

    /// Creates a message.
    public init(
        from: String, to: [String], subject: String, date: Int64, utcOffset: Int = 0, messageID: String,
        headers: [(String, String)] = [], body: String
    ) {
        self.from = from
        self.to = to
        self.subject = subject
        self.date = date
        self.utcOffset = utcOffset
        self.messageID = messageID
        self.headers = headers
        self.body = body
    }

    /// True when the sender and every recipient read as mailboxes, there is a recipient, and the message id is
    /// `left@right` with each side a dot-atom; `bytes()` leaves out what fails these checks.
    public var isValid: Bool {
        Self.mailbox(from) != nil && !to.isEmpty && to.allSatisfy { Self.mailbox($0) != nil }
            && Self.isMessageID(messageID)
    }

    /// The message as sent: header fields (CRLF line ends, folded), a blank line, the quoted-printable body.
    public func bytes() -> [UInt8] {
        var out = [UInt8]()
        func add(_ writer: MailHeaderWriter) { out += writer.bytes + [0x0D, 0x0A] }

        var date = MailHeaderWriter(name: "Date")
        date.token(Self.dateText(date: self.date, utcOffset: utcOffset))
        add(date)
        if let sender = Self.mailbox(from) { add(Self.addressField("From", [sender])) }
        let recipients = to.compactMap(Self.mailbox)
        if !recipients.isEmpty { add(Self.addressField("To", recipients)) }
        add(Self.textField("Subject", subject))
        if Self.isMessageID(messageID) {
            var id = MailHeaderWriter(name: "Message-ID")
            id.token("<" + messageID + ">")
            add(id)
        }
        let extra = headers.filter { Self.isFieldName($0.0) && !Self.written.contains(Self.lowered($0.0)) }
        if !extra.contains(where: { Self.lowered($0.0) == "auto-submitted" }) {
            add(Self.textField("Auto-Submitted", "auto-generated"))
        }
        for (name, value) in extra { add(Self.textField(name, value)) }
        add(Self.textField("MIME-Version", "1.0"))
        add(Self.textField("Content-Type", "text/plain; charset=utf-8"))
        add(Self.textField("Content-Transfer-Encoding", "quoted-printable"))
        out += [0x0D, 0x0A]
        out += QuotedPrintable.encode(body)
        return out
    }

    // MARK: Addresses

    /// The addr-spec of `text`, an address (`anna@example.com`) or a mailbox (`Anna <anna@example.com>`), when it is
    /// one this composer sends to: a dot-atom local part of at most 64 characters, a host name (letters, digits and
    /// inner hyphens in each label; `localhost` too), 254 characters in all; nil otherwise.
    public static func address(_ text: String) -> String? { mailbox(text)?.address }

    /// `Name <address>` with the name quoted when it is not a run of atoms (`"Rossi, Anna" <anna@example.com>`),
    /// control characters made spaces and white space collapsed; just the address when the name is nil or empty;
    /// nil when `address` is not one `address(_:)` accepts. Non-ASCII names stay as they are: `bytes()` encodes them.
    public static func mailbox(name: String?, address: String) -> String? {
        guard let spec = Self.address(address) else { return nil }
        let name = name.map(cleanName) ?? ""
        guard !name.isEmpty else { return spec }
        let words = name.split(separator: " ")
        if words.allSatisfy({ $0.unicodeScalars.allSatisfy { isAtext($0) || $0.value > 0x7F } }) {
            return name + " <" + spec + ">"
        }
        return quotedString(name) + " <" + spec + ">"
    }

    // RFC 5322 §3.2.4: the text in double quotes, `"` and `\` escaped.
    private static func quotedString(_ text: String) -> String {
        var quoted = "\""
        for c in text.unicodeScalars {
            if c == "\"" || c == "\\" { quoted += "\\" }
            quoted.unicodeScalars.append(c)
        }
        return quoted + "\""
    }

    // A display name and addr-spec from an address or `Name <addr>` (the name perhaps quoted).
    static func mailbox(_ text: String) -> (name: String?, address: String)? {
        let text = trimmed(Substring(text))
        guard text.last == ">", let open = text.lastIndex(of: "<") else {
            return isAddrSpec(text) ? (nil, String(text)) : nil
        }
        let spec = text[text.index(after: open)..<text.index(before: text.endIndex)]
        guard isAddrSpec(spec) else { return nil }
        var name = trimmed(text[..<open])
        if name.count >= 2, name.first == "\"", name.last == "\"" {
            var unquoted = ""
            var escaped = false
            for c in name.dropFirst().dropLast() {
                if !escaped && c == "\\" {
                    escaped = true
                } else {
                    unquoted.append(c)
                    escaped = false
                }
            }
            name = Substring(unquoted)
        }
        let clean = cleanName(String(name))
        return (clean.isEmpty ? nil : clean, String(spec))
    }

    private static func isAddrSpec(_ text: Substring) -> Bool {
        guard text.utf8.count <= 254, let at = text.lastIndex(of: "@") else { return false }
        let local = text[..<at]
        let domain = text[text.index(after: at)...]
        guard local.utf8.count <= 64, isDotAtom(local), !domain.isEmpty else { return false }
        return domain.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            let utf8 = label.utf8
            return (1...63).contains(utf8.count) && utf8.first != UInt8(ascii: "-") && utf8.last != UInt8(ascii: "-")
                && utf8.allSatisfy { isLetterOrDigit($0) || $0 == UInt8(ascii: "-") }
        }
    }

    private static func isDotAtom(_ text: Substring) -> Bool {
        !text.isEmpty
            && text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy {
                !$0.isEmpty && $0.unicodeScalars.allSatisfy(isAtext)
            }
    }

    private static func isMessageID(_ text: String) -> Bool {
        guard let at = text.lastIndex(of: "@"), text.utf8.count <= 900 else { return false }
        return isDotAtom(text[..<at]) && isDotAtom(text[text.index(after: at)...])
    }

    // RFC 5322 §3.2.3 atext.
    private static func isAtext(_ c: Unicode.Scalar) -> Bool {
        c.isASCII && (isLetterOrDigit(UInt8(c.value)) || "!#$%&'*+-/=?^_`{|}~".unicodeScalars.contains(c))
    }

    private static func isLetterOrDigit(_ c: UInt8) -> Bool {
        (0x30...0x39).contains(c) || (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c)
    }

    // MARK: Header fields

    private static let written: Set<String> = [
        "date", "from", "to", "subject", "message-id", "mime-version", "content-type", "content-transfer-encoding",
    ]

    // RFC 5322 §3.6.8: printable ASCII but the colon.
    private static func isFieldName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 76 && name.utf8.allSatisfy { $0 >= 0x21 && $0 <= 0x7E && $0 != 0x3A }
    }

    private static func lowered(_ name: String) -> String {
        String(decoding: name.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
    }

    // Control characters and Unicode's line and paragraph separators become spaces: a value stays one line.
    private static func oneLine(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for c in text.unicodeScalars {
            let breaking =
                c.value < 0x20 && c != "\t" || (0x7F...0x9F).contains(c.value) || c == "\u{2028}"
                || c == "\u{2029}"
            out.append(breaking ? " " : c)
        }
        return String(trimmed(Substring(String(out))))
    }

    private static func cleanName(_ text: String) -> String {
        oneLine(text).split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }

    private static func trimmed(_ text: Substring) -> Substring {
        var text = text
        while let c = text.first, c == " " || c == "\t" { text.removeFirst() }
        while let c = text.last, c == " " || c == "\t" { text.removeLast() }
        return text
    }

    // Unstructured text (RFC 5322 §3.2.5): ASCII folded at its own white space when every piece fits a line, else
    // encoded-words (so too when the text could be read as an encoded-word).
    private static func textField(_ name: String, _ value: String) -> MailHeaderWriter {
        var field = MailHeaderWriter(name: name)
        let text = oneLine(value)
        guard !text.isEmpty else { return field }
        var pieces: [String] = []
        var piece = " "
        var inWord = false
        for c in text.unicodeScalars {
            let space = c == " " || c == "\t"
            if space && inWord {
                pieces.append(piece)
                piece = ""
            }
            inWord = !space
            piece.unicodeScalars.append(c)
        }
        pieces.append(piece)
        let plain =
            text.unicodeScalars.allSatisfy { $0.isASCII } && !text.contains("=?")
            && field.fits(pieces[0].utf8.count) && pieces.allSatisfy { $0.utf8.count <= MailHeaderWriter.lineLimit }
        guard plain else {
            field.encoded(text)
            return field
        }
        for piece in pieces { field.append(piece) }
        return field
    }

    // An address list (RFC 5322 §3.4): names as atoms, a quoted string or encoded-words; commas between mailboxes.
    private static func addressField(_ name: String, _ mailboxes: [(name: String?, address: String)])
        -> MailHeaderWriter
    {
        var field = MailHeaderWriter(name: name)
        for (index, mailbox) in mailboxes.enumerated() {
            let comma = index < mailboxes.count - 1 ? "," : ""
            guard let display = mailbox.name else {
                field.token(mailbox.address + comma)
                continue
            }
            let ascii = display.unicodeScalars.allSatisfy { $0.isASCII } && !display.contains("=?")
            let atoms = display.split(separator: " ").map(String.init)
            let tokens =
                atoms.allSatisfy { $0.unicodeScalars.allSatisfy(isAtext) } ? atoms : [quotedString(display)]
            if ascii && field.canPlace(tokens[0].utf8.count + 1)
                && tokens.allSatisfy({ $0.utf8.count < MailHeaderWriter.lineLimit })
            {
                for token in tokens { field.token(token) }
            } else {
                field.encoded(display)
            }
            field.token("<" + mailbox.address + ">" + comma)
        }
        return field
    }

    // MARK: Date

    // RFC 5322 §3.3: `Thu, 14 Jan 2027 09:00:00 +0100`.
    static func dateText(date: Int64, utcOffset: Int) -> String {
        let minutes = max(-(99 * 60 + 59), min(99 * 60 + 59, utcOffset / 60))
        let local = date + Int64(minutes) * 60
        let days = local >= 0 ? local / 86_400 : -((-local + 86_399) / 86_400)
        let second = Int(local - days * 86_400)
        let (year, month, day) = LocalDateTime.civil(fromDays: Int(days))
        let weekday = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][
            Weekday.of(daysSinceEpoch: Int(days)).rawValue - 1]
        let monthName = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][month - 1]
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let sign = minutes < 0 ? "-" : "+"
        let zone = sign + two(abs(minutes) / 60) + two(abs(minutes) % 60)
        return "\(weekday), \(two(day)) \(monthName) \(year) \(two(second / 3600)):\(two(second / 60 % 60)):"
            + "\(two(second % 60)) \(zone)"
    }
}
