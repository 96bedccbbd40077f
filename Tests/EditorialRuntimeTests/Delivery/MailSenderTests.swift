import EditorialCore
import EditorialRuntime
import Foundation
import Testing

/// `MailSender` driving msmtp (`/usr/bin/msmtp`, sendmail-compatible) against a real SMTP server
/// (`Tests/Fixtures/smtp-server.py`): what arrives, and what each of msmtp's failures means.
struct MailSenderTests {
    /// An RFC 5322 message with CRLF line ends: non-ASCII subject and body, dot lines, a Bcc, a long line.
    static let message: [UInt8] = {
        let header = [
            "From: Editoriald <editoriald@example.com>", "To: Anna <anna@example.com>", "Cc: ben@example.com",
            "Bcc: chief@example.com", "Subject: =?UTF-8?Q?Due=3A_R=C3=A9sum=C3=A9_post?=",
            "Date: Tue, 01 Dec 2026 12:00:00 +0000", "Message-ID: <delivery-1@editoriald.example>",
            "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit",
        ]
        let body = [
            "Hello Anna,", "", ".", "..two dots", ".leading dot", "caf\u{e9} \u{fc}n\u{ef}c\u{f6}d\u{e9} \u{1F4C5}",
            String(repeating: "long ", count: 180), "-- ", "editoriald",
        ]
        return Array((header.joined(separator: "\r\n") + "\r\n\r\n" + body.joined(separator: "\r\n") + "\r\n").utf8)
    }()

    /// The message as the server must store it: the same bytes without the Bcc line (sendmail -t drops it).
    static let stored: [UInt8] = Array(
        String(decoding: message, as: UTF8.self).replacingOccurrences(of: "Bcc: chief@example.com\r\n", with: "").utf8)

    @Test func deliversTheMessageIntactThroughMsmtp() throws {
        let server = try SMTPServer()
        let outcome = MailSender(command: server.msmtpCommand).send(message: Self.message, timeout: 20)
        #expect(outcome == .delivered("exit status 0"))
        let received = try #require(try server.waitForMessages(count: 1).first)
        #expect(received.mailFrom == "editoriald@example.com")
        #expect(received.recipients == ["anna@example.com", "ben@example.com", "chief@example.com"])
        #expect(received.raw == Self.stored)
        #expect(received.header("Bcc") == nil)
        #expect(received.header("Message-ID") == "<delivery-1@editoriald.example>")

        // Python's email package reads it as a mail client would.
        let parse = """
            import email, email.policy, json, sys
            m = email.message_from_bytes(sys.stdin.buffer.read(), policy=email.policy.default)
            print(json.dumps({"subject": str(m["subject"]), "to": [a.addr_spec for a in m["to"].addresses],
                              "cc": str(m["cc"]), "body": m.get_content()}))
            """
        let parsed = try ChildProcess(
            argv: ["/usr/bin/python3", "-c", parse], environment: ["LANG": "C.UTF-8"], input: received.raw, timeout: 20
        ).run()
        #expect(parsed.termination == .exited(0), "\(String(decoding: parsed.stderr, as: UTF8.self))")
        let fields = try JSONDecoder().decode([String: JSONText].self, from: Data(parsed.stdout))
        #expect(fields["subject"] == .text("Due: R\u{e9}sum\u{e9} post"))
        #expect(fields["to"] == .list(["anna@example.com"]))
        #expect(fields["cc"] == .text("ben@example.com"))
        let body = String(decoding: Self.message, as: UTF8.self).components(separatedBy: "\r\n\r\n").dropFirst()
            .joined(separator: "\r\n\r\n")
        #expect(fields["body"] == .text(body))
    }

    @Test func messagesWithBareLineFeedsArriveWithCRLF() throws {
        let server = try SMTPServer()
        let lf = Array(String(decoding: Self.message, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n").utf8)
        #expect(MailSender(command: server.msmtpCommand).send(message: lf, timeout: 20) == .delivered("exit status 0"))
        let received = try #require(try server.waitForMessages(count: 1).first)
        #expect(received.raw == Self.stored)
    }

    @Test func aMissingSendmailFailsAndSaysWhatToInstall() {
        let outcome = MailSender(command: ["/nonexistent/sbin/sendmail", "-t", "-oi"]).send(
            message: Self.message, timeout: 5)
        #expect(
            outcome
                == .failed(
                    "no sendmail at /nonexistent/sbin/sendmail: install an MTA (postfix, exim4, msmtp-mta) or set "
                        + "sendmail: in the route"))
        #expect(MailSender().command == ["/usr/sbin/sendmail", "-t", "-oi"])
        if !FileManager.default.fileExists(atPath: "/usr/sbin/sendmail") {
            #expect(
                MailSender().send(message: Self.message, timeout: 5)
                    == .failed(
                        "no sendmail at /usr/sbin/sendmail: install an MTA (postfix, exim4, msmtp-mta) or set "
                            + "sendmail: in the route"))
        }
    }

    @Test func aServerThatIsDownRetries() throws {
        let server = try SMTPServer()
        let command = server.msmtpCommand
        server.stop()
        let outcome = MailSender(command: command).send(message: Self.message, timeout: 20)
        // msmtp: EX_TEMPFAIL (75) when it cannot connect.
        #expect(
            outcome
                == .retry(
                    "/usr/bin/msmtp exited with status 75 (temporary failure): msmtp: cannot connect to 127.0.0.1, "
                        + "port \(server.port): Connection refused; msmtp: could not send mail", after: nil))
    }

    @Test func aRecipientRefusedForGoodFails() throws {
        let server = try SMTPServer(rejectRecipients: 550)
        let outcome = MailSender(command: server.msmtpCommand).send(message: Self.message, timeout: 20)
        // msmtp: EX_DATAERR (65) for a 5xx answer to RCPT TO.
        #expect(
            outcome
                == .failed(
                    "/usr/bin/msmtp exited with status 65 (data format error): msmtp: recipient address "
                        + "anna@example.com not accepted by the server; msmtp: server message: 550 No such user here; "
                        + "msmtp: could not send mail"))
        #expect(try server.messages().isEmpty)
    }

    @Test func aRecipientRefusedForNowRetries() throws {
        let server = try SMTPServer(rejectRecipients: 451)
        let outcome = MailSender(command: server.msmtpCommand).send(message: Self.message, timeout: 20)
        // msmtp: EX_UNAVAILABLE (69) for a 4xx answer to RCPT TO.
        guard case .retry(let why, nil) = outcome else {
            Issue.record("\(outcome)")
            return
        }
        #expect(why.hasPrefix("/usr/bin/msmtp exited with status 69 (service unavailable): "))
        #expect(why.contains("451 Local error in processing"))
    }

    @Test func aMessageRefusedAfterDataRetries() throws {
        // msmtp exits 69 for any refusal after DATA, 4xx or 5xx: it cannot be told from a temporary one.
        for code in [452, 554] {
            let server = try SMTPServer(rejectData: code)
            let outcome = MailSender(command: server.msmtpCommand).send(message: Self.message, timeout: 20)
            guard case .retry(let why, nil) = outcome else {
                Issue.record("\(code): \(outcome)")
                continue
            }
            #expect(why.hasPrefix("/usr/bin/msmtp exited with status 69 (service unavailable): "), "\(code)")
            #expect(why.contains("server message: \(code) "), "\(code)")
        }
    }

    @Test func aMessageWithoutRecipientsFails() throws {
        let server = try SMTPServer()
        let outcome = MailSender(command: server.msmtpCommand).send(
            message: Array("From: editoriald@example.com\r\nSubject: nobody\r\n\r\nhi\r\n".utf8), timeout: 20)
        #expect(
            outcome == .failed("/usr/bin/msmtp exited with status 64 (usage error): msmtp: no recipients found"))
    }
}

/// A JSON value that is a string or a list of strings (what the email parse prints).
private enum JSONText: Decodable, Equatable {
    case text(String)
    case list([String])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let list = try? container.decode([String].self) {
            self = .list(list)
        } else {
            self = .text(try container.decode(String.self))
        }
    }
}
