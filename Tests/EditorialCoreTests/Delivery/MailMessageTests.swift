import Foundation
import Testing

@testable import EditorialCore

/// The composed message read back by python's `email` package (policy `default`): exact Unicode subject and names,
/// exact body text, the date's instant and offset, the message id, and no header that a value tried to inject.
struct DeliveryMailMessageTests {
    /// What python read from one message.
    struct Reading {
        var keys: [String]
        var headers: [String: String]
        var subject: String?
        var from: [[String]]
        var fromPhrase: String?
        var fromWords: Int
        var to: [[String]]
        var date: [Int]
        var messageID: String?
        var contentType: String
        var charset: String?
        var body: String
        var defects: [String]
    }

    static let script = """
        import sys, json, email, email.header, email.policy, email.utils
        for line in sys.stdin:
            data = bytes.fromhex(line.strip())
            m = email.message_from_bytes(data, policy=email.policy.default)
            # policy.default keeps the space between adjacent encoded-words in a display name (RFC 2047 §6.2 says
            # to drop it); decode_header follows the RFC.
            raw = email.message_from_bytes(data)["From"] or ""
            raw = raw.replace("\\r\\n", "").replace("\\n", "")
            phrase = raw[:raw.rfind("<")].strip() if "<" in raw else ""
            words = phrase.count("=?")
            phrase = str(email.header.make_header(email.header.decode_header(phrase))) if words else None
            def addresses(name):
                h = m[name]
                return [[a.display_name, a.addr_spec] for a in h.addresses] if h is not None else []
            d = email.utils.parsedate_to_datetime(str(m["Date"]))
            defects = [type(x).__name__ for x in m.defects]
            defects += [k + ":" + type(x).__name__ for k, v in m.items() for x in getattr(v, "defects", ())]
            print(json.dumps({
                "keys": list(m.keys()),
                "headers": {k: str(v) for k, v in m.items()},
                "subject": None if m["Subject"] is None else str(m["Subject"]),
                "from": addresses("From"), "to": addresses("To"), "fromPhrase": phrase, "fromWords": words,
                "date": [int(d.timestamp()), int(d.utcoffset().total_seconds())],
                "messageID": None if m["Message-ID"] is None else str(m["Message-ID"]),
                "contentType": m.get_content_type(), "charset": m.get_content_charset(),
                "body": m.get_content(), "defects": defects,
            }))
        """

    /// Python's reading of each message, in order.
    static func read(_ messages: [MailMessage]) throws -> [Reading] {
        let input = messages.map { Hex.string($0.bytes()) + "\n" }.joined()
        let result = try #require(
            ReferenceProcesses.run(URL(fileURLWithPath: "/usr/bin/python3"), ["-c", script], input: input),
            "cannot start /usr/bin/python3")
        try #require(result.status == 0, "python failed: \(result.error)")
        return try result.output.split(separator: "\n").map { line in
            let json = try #require(
                try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
            return Reading(
                keys: json["keys"] as? [String] ?? [], headers: json["headers"] as? [String: String] ?? [:],
                subject: json["subject"] as? String, from: json["from"] as? [[String]] ?? [],
                fromPhrase: json["fromPhrase"] as? String, fromWords: json["fromWords"] as? Int ?? 0,
                to: json["to"] as? [[String]] ?? [], date: json["date"] as? [Int] ?? [],
                messageID: json["messageID"] as? String, contentType: json["contentType"] as? String ?? "",
                charset: json["charset"] as? String, body: json["body"] as? String ?? "",
                defects: json["defects"] as? [String] ?? [])
        }
    }

    /// The wire rules every message keeps: ASCII only, CRLF line ends, header lines ≤ 78, body lines ≤ 76.
    static func checkWire(
        _ bytes: [UInt8], _ context: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        #expect(bytes.allSatisfy { $0 < 0x80 }, "non-ASCII byte: \(context)", sourceLocation: sourceLocation)
        var lines: [[UInt8]] = []
        var line: [UInt8] = []
        var bare = false
        for (i, b) in bytes.enumerated() {
            if b == 0x0D {
                if i + 1 >= bytes.count || bytes[i + 1] != 0x0A { bare = true }
            } else if b == 0x0A {
                if i == 0 || bytes[i - 1] != 0x0D { bare = true }
                lines.append(line)
                line = []
            } else {
                line.append(b)
            }
        }
        #expect(!bare, "bare CR or LF: \(context)", sourceLocation: sourceLocation)
        #expect(line.isEmpty, "no CRLF at the end: \(context)", sourceLocation: sourceLocation)
        let blank = lines.firstIndex(of: []) ?? lines.count
        for (i, l) in lines.enumerated() {
            let limit = i < blank ? 78 : 76
            #expect(
                l.count <= limit,
                "line \(i) has \(l.count) characters: \(String(decoding: l, as: UTF8.self)) \(context)",
                sourceLocation: sourceLocation)
        }
    }

    /// The sender python read is `name` at `address`: through policy `default` when the name took at most one
    /// encoded-word, through RFC 2047's own decoding when it took any.
    static func checkFrom(
        _ r: Reading, _ name: String, _ address: String, _ context: String,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        #expect(r.from.count == 1 && r.from.first?.last == address, "\(context)", sourceLocation: sourceLocation)
        if r.fromWords <= 1 {
            #expect(r.from.first?.first == name, "\(context)", sourceLocation: sourceLocation)
        }
        if r.fromWords >= 1 {
            #expect(r.fromPhrase == name, "\(context)", sourceLocation: sourceLocation)
        }
    }

    static let date: Int64 = 1_800_003_600  // 2027-01-15T09:00:00Z

    static func message(
        subject: String = "Reminder", from: String = "Editorial calendar <editoriald@example.com>",
        to: [String] = ["anna@example.com"], date: Int64 = date, utcOffset: Int = 0,
        headers: [(String, String)] = [], body: String = "Hello.\n"
    ) -> MailMessage {
        MailMessage(
            from: from, to: to, subject: subject, date: date, utcOffset: utcOffset,
            messageID: "ed1-0123456789abcdef@editoriald.example.com", headers: headers, body: body)
    }

    @Test func dateFieldInTheRecipientsOffset() {
        // 1_800_003_600 is Friday 15 January 2027, 09:00 UTC.
        #expect(MailMessage.dateText(date: Self.date, utcOffset: 3600) == "Fri, 15 Jan 2027 10:00:00 +0100")
        #expect(MailMessage.dateText(date: Self.date, utcOffset: -34_200) == "Thu, 14 Jan 2027 23:30:00 -0930")
        #expect(MailMessage.dateText(date: 0, utcOffset: 0) == "Thu, 01 Jan 1970 00:00:00 +0000")
        #expect(MailMessage.dateText(date: -1, utcOffset: 0) == "Wed, 31 Dec 1969 23:59:59 +0000")
        #expect(MailMessage.dateText(date: Self.date, utcOffset: 50_400) == "Fri, 15 Jan 2027 23:00:00 +1400")
    }

    @Test func headersInOrderWithDefaults() throws {
        let text = String(decoding: Self.message().bytes(), as: UTF8.self)
        #expect(
            text == """
                Date: Fri, 15 Jan 2027 09:00:00 +0000\r
                From: Editorial calendar <editoriald@example.com>\r
                To: anna@example.com\r
                Subject: Reminder\r
                Message-ID: <ed1-0123456789abcdef@editoriald.example.com>\r
                Auto-Submitted: auto-generated\r
                MIME-Version: 1.0\r
                Content-Type: text/plain; charset=utf-8\r
                Content-Transfer-Encoding: quoted-printable\r
                \r
                Hello.\r

                """)
    }

    @Test func pythonReadsBackUnicodeHeadersBodyDateAndID() throws {
        let longLine = String(repeating: "Caffè ☕️ e cornetto, ", count: 95) + "fine"
        let body = [
            "Ciao Lucía,", "", "il post «Consigli della settimana» è in scadenza 🎉👩🏽‍💻 — domani alle 09:30.",
            longLine, "From the desk of the editor", "From", ".", ". leading dot", "..", "trailing spaces   ",
            "trailing tab\t", "a = b, 100% =?utf-8?q?no?=", "\tindented", "   ", "end",
        ].joined(separator: "\n")
        let cases: [(MailMessage, subject: String, from: [String], to: [[String]], offset: Int)] = [
            (
                Self.message(
                    subject: "Promemoria: «Consigli della settimana» è in scadenza domani alle 09:30 🎉 — grazie!",
                    from: "Calendario editoriale <editoriald@example.com>",
                    to: [
                        "Lucía Pérez <lucia@example.com>",
                        MailMessage.mailbox(name: "Rossi, Anna", address: "anna@example.com")!,
                    ],
                    utcOffset: 3600, body: body),
                "Promemoria: «Consigli della settimana» è in scadenza domani alle 09:30 🎉 — grazie!",
                ["Calendario editoriale", "editoriald@example.com"],
                [["Lucía Pérez", "lucia@example.com"], ["Rossi, Anna", "anna@example.com"]], 3600
            ),
            (
                Self.message(
                    subject: String(repeating: "日本語のテキスト、", count: 12),
                    from: "\"Zoë 🐙 O'Brien-Łukasiewicz, Ñandú Ünïcödé Ærøskøbing Ðörðhildur\" <z@example.org>",
                    to: ["a@example.com", "b.c+d@sub.example.co.uk", "\"quoted \\\"name\\\"\" <q@example.com>"],
                    utcOffset: -19_800, body: "short"),
                String(repeating: "日本語のテキスト、", count: 12),
                ["Zoë 🐙 O'Brien-Łukasiewicz, Ñandú Ünïcödé Ærøskøbing Ðörðhildur", "z@example.org"],
                [["", "a@example.com"], ["", "b.c+d@sub.example.co.uk"], ["quoted \"name\"", "q@example.com"]], -19_800
            ),
            (
                Self.message(
                    subject: "A long plain subject that has to be folded at its spaces because it is longer than"
                        + " one line of seventy-eight characters, twice over in fact, so three lines",
                    to: (1...8).map { "person\($0)@example.com" }, utcOffset: 50_400, body: ""),
                "A long plain subject that has to be folded at its spaces because it is longer than"
                    + " one line of seventy-eight characters, twice over in fact, so three lines",
                ["Editorial calendar", "editoriald@example.com"], (1...8).map { ["", "person\($0)@example.com"] },
                50_400
            ),
            (
                Self.message(
                    subject:
                        "=?utf-8?q?not_an_encoded_word?= and https://example.com/a/very/long/path/that/cannot/be/folded/anywhere",
                    body: "no final newline\nsecond line"),
                "=?utf-8?q?not_an_encoded_word?= and https://example.com/a/very/long/path/that/cannot/be/folded/anywhere",
                ["Editorial calendar", "editoriald@example.com"], [["", "anna@example.com"]], 0
            ),
        ]
        let readings = try Self.read(cases.map(\.0))
        try #require(readings.count == cases.count)
        for (c, r) in zip(cases, readings) {
            let bytes = c.0.bytes()
            let context = String(decoding: bytes, as: UTF8.self)
            Self.checkWire(bytes, context)
            #expect(c.0.isValid)
            #expect(r.defects == [], "\(context)")
            #expect(r.subject == c.subject, "\(context)")
            Self.checkFrom(r, c.from[0], c.from[1], context)
            #expect(r.to == c.to, "\(context)")
            #expect(r.date == [Int(Self.date), c.offset], "\(context)")
            #expect(r.messageID == "<ed1-0123456789abcdef@editoriald.example.com>")
            #expect(r.contentType == "text/plain" && r.charset == "utf-8")
            #expect(r.headers["Auto-Submitted"] == "auto-generated")
            #expect(r.headers["MIME-Version"] == "1.0")
            #expect(r.headers["Content-Transfer-Encoding"] == "quoted-printable")
            #expect(r.body.replacingOccurrences(of: "\r\n", with: "\n") == c.0.body, "\(context)")
        }
    }

    @Test func lineBreaksOfAnyKindBecomeCRLF() throws {
        let message = Self.message(body: "one\r\ntwo\rthree\nfour\r\n\r\nsix\n")
        let text = String(decoding: message.bytes(), as: UTF8.self)
        #expect(text.hasSuffix("\r\n\r\none\r\ntwo\r\nthree\r\nfour\r\n\r\nsix\r\n"))
        let reading = try #require(try Self.read([message]).first)
        #expect(reading.body.replacingOccurrences(of: "\r\n", with: "\n") == "one\ntwo\nthree\nfour\n\nsix\n")
    }

    @Test func headerInjectionAddsNoField() throws {
        let attempts = [
            Self.message(subject: "Launch\r\nBcc: victim@example.com"),
            Self.message(subject: "Launch\nBcc: victim@example.com\n\nbody"),
            Self.message(subject: "Lancio «prodotto»\r\nBcc: victim@example.com"),
            Self.message(from: "Evil\r\nBcc: victim@example.com <editoriald@example.com>"),
            Self.message(to: [
                "Anna\nBcc: victim@example.com <anna@example.com>", "x@example.com\r\nBcc: v@example.com",
            ]),
            Self.message(headers: [
                ("X-Editoriald-Key", "k\r\nBcc: victim@example.com"), ("Bcc: victim@example.com\r\nX-A", "1"),
                ("Bad Name", "1"), ("", "1"), ("Subject", "second subject"), ("X-Ok", "fine"),
            ]),
            Self.message(subject: "Launch\u{2028}Bcc: victim@example.com\u{85}X-B: 1\u{0B}X-C: 2"),
        ]
        let readings = try Self.read(attempts)
        try #require(readings.count == attempts.count)
        let allowed: Set<String> = [
            "Date", "From", "To", "Subject", "Message-ID", "Auto-Submitted", "MIME-Version", "Content-Type",
            "Content-Transfer-Encoding", "X-Editoriald-Key", "X-Ok",
        ]
        for (message, reading) in zip(attempts, readings) {
            let bytes = message.bytes()
            let context = String(decoding: bytes, as: UTF8.self)
            Self.checkWire(bytes, context)
            #expect(Set(reading.keys).isSubset(of: allowed), "\(reading.keys): \(context)")
            #expect(Set(reading.keys).count == reading.keys.count, "\(reading.keys): \(context)")
            #expect(reading.body == "Hello.\r\n" || reading.body == "Hello.\n", "\(context)")
        }
        #expect(readings[0].subject == "Launch  Bcc: victim@example.com")
        #expect(readings[2].subject == "Lancio «prodotto»  Bcc: victim@example.com")
        #expect(readings[3].from == [["Evil Bcc: victim@example.com", "editoriald@example.com"]])
        // The second recipient is no address at all (CR LF inside): left out, and the message says it is invalid.
        #expect(readings[4].to == [["Anna Bcc: victim@example.com", "anna@example.com"]])
        #expect(!attempts[4].isValid)
        #expect(readings[5].headers["X-Editoriald-Key"] == "k  Bcc: victim@example.com")
        #expect(readings[5].subject == "Reminder")
        #expect(readings[5].keys.filter { $0 == "Auto-Submitted" }.count == 1)
        #expect(readings[6].subject == "Launch Bcc: victim@example.com X-B: 1 X-C: 2")
    }

    @Test func extraHeadersAndAutoSubmittedOverride() throws {
        let message = Self.message(headers: [
            ("Auto-Submitted", "auto-replied"), ("X-Editoriald-Key", "instagram-2027-01/tip-tuesday@2027-01-05T09:30"),
            ("List-Unsubscribe", "<mailto:editoriald@example.com?subject=unsubscribe>"),
        ])
        let reading = try #require(try Self.read([message]).first)
        #expect(reading.headers["Auto-Submitted"] == "auto-replied")
        #expect(reading.keys.filter { $0 == "Auto-Submitted" }.count == 1)
        #expect(reading.headers["X-Editoriald-Key"] == "instagram-2027-01/tip-tuesday@2027-01-05T09:30")
        #expect(String(decoding: message.bytes(), as: UTF8.self).contains("\r\nX-Editoriald-Key: instagram-2027-01/"))
    }

    // Random subjects, names and bodies from a palette that mixes ASCII, spaces, `=`, `?`, accents, CJK and emoji.
    @Test func randomMessagesRoundTrip() throws {
        let seed =
            ProcessInfo.processInfo.environment["MAIL_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 1...1 << 48)
        print("DeliveryMailMessageTests seed \(seed)")
        var random = SplitMix64(state: seed)
        let palette = Array("aZ09 .,:;=?_-\"'()<>@\\/éèàÆØŁñß«»—…中文日本語한국어🎉👍🏽👩‍👩‍👧✓\u{301}")
        func text(_ range: ClosedRange<Int>, _ extra: [Character] = []) -> String {
            let chars = palette + extra
            return String((0..<Int.random(in: range, using: &random)).map { _ in chars.randomElement(using: &random)! })
        }
        func clean(_ s: String) -> String {
            s.trimmingCharacters(in: .whitespaces)
        }
        var messages: [MailMessage] = []
        var expected: [(subject: String, name: String, body: String)] = []
        for _ in 0..<60 {
            let subject = text(1...150)
            let name = text(1...60)
            let body = text(0...400, ["\n", "\n", " ", "\t"])
            let sender = try #require(MailMessage.mailbox(name: name, address: "sender@example.com"))
            let offset = Int.random(in: -12...14, using: &random) * 3600 + Int.random(in: 0...3, using: &random) * 900
            messages.append(
                Self.message(subject: subject, from: sender, utcOffset: offset, body: body))
            expected.append((clean(subject), clean(name).split(separator: " ").joined(separator: " "), body))
        }
        let readings = try Self.read(messages)
        try #require(readings.count == messages.count, "seed \(seed)")
        for ((message, e), r) in zip(zip(messages, expected), readings) {
            let bytes = message.bytes()
            let context = "seed \(seed): " + String(decoding: bytes, as: UTF8.self)
            Self.checkWire(bytes, context)
            #expect(r.defects == [], "\(context)")
            #expect(r.subject == e.subject, "\(context)")
            Self.checkFrom(r, e.name, "sender@example.com", context)
            #expect(r.date == [Int(Self.date), message.utcOffset], "\(context)")
            #expect(r.body.replacingOccurrences(of: "\r\n", with: "\n") == e.body, "\(context)")
        }
    }

    @Test func addresses() {
        #expect(MailMessage.address("anna@example.com") == "anna@example.com")
        #expect(
            MailMessage.address("  Anna Rossi <anna.rossi+news@mail.example.com> ")
                == "anna.rossi+news@mail.example.com")
        #expect(MailMessage.address("\"Rossi, Anna\" <anna@example.com>") == "anna@example.com")
        #expect(MailMessage.address("<root@localhost>") == "root@localhost")
        for bad in [
            "", "anna", "anna@", "@example.com", "anna@@example.com", "an na@example.com", "anna@exa mple.com",
            "anna..r@example.com", ".anna@example.com", "anna@-example.com", "anna@example..com", "anna@example.com.",
            "Anna <anna@example.com", "anna@example.com>", "ànna@example.com", "anna@exämple.com",
            "anna@example.com\r\nBcc: x@example.com", String(repeating: "a", count: 65) + "@example.com",
            "a@" + String(repeating: "b", count: 64) + ".com", "\"an na\"@example.com", "anna@[127.0.0.1]",
        ] {
            #expect(MailMessage.address(bad) == nil, "\(bad)")
        }
    }

    @Test func mailboxesQuoteOnlyWhenNeeded() {
        #expect(MailMessage.mailbox(name: "Anna Rossi", address: "anna@example.com") == "Anna Rossi <anna@example.com>")
        #expect(MailMessage.mailbox(name: "Lucía", address: "l@example.com") == "Lucía <l@example.com>")
        #expect(MailMessage.mailbox(name: "Rossi, Anna", address: "a@example.com") == "\"Rossi, Anna\" <a@example.com>")
        #expect(
            MailMessage.mailbox(name: "Anna \"the editor\" R.", address: "a@example.com")
                == "\"Anna \\\"the editor\\\" R.\" <a@example.com>")
        #expect(
            MailMessage.mailbox(name: "  Anna\r\n  Rossi ", address: "a@example.com") == "Anna Rossi <a@example.com>")
        #expect(MailMessage.mailbox(name: nil, address: "a@example.com") == "a@example.com")
        #expect(MailMessage.mailbox(name: " ", address: "a@example.com") == "a@example.com")
        #expect(MailMessage.mailbox(name: "Anna", address: "not an address") == nil)
        let back = MailMessage.mailbox(name: "a \\ b \"c\" <d>", address: "a@example.com")!
        #expect(MailMessage.mailbox(back)?.name == "a \\ b \"c\" <d>")
    }
}
