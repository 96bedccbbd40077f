import Foundation

/// `Tests/Fixtures/smtp-server.py` for tests: an SMTP server on 127.0.0.1 (Debian's python3-aiosmtpd) that
/// stores every message it accepts, exactly as received, with its envelope; it can refuse every recipient or every
/// message with a given code. Stopped (and its directory removed) by ``stop()`` or on deinit.
final class SMTPServer {
    /// One stored message.
    struct Message {
        /// The envelope sender (`MAIL FROM`).
        var mailFrom: String
        /// The envelope recipients (`RCPT TO`).
        var recipients: [String]
        /// The DATA bytes as received (CRLF line ends, dot-stuffing undone).
        var raw: [UInt8]
        /// The header fields, unfolded, in order.
        var headers: [(name: String, value: String)]
        /// The bytes after the blank line that ends the header.
        var body: [UInt8]

        /// The first value of the header `name` (case-insensitive).
        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }
    }

    private struct Envelope: Decodable {
        var mailFrom: String
        var recipients: [String]

        enum CodingKeys: String, CodingKey {
            case mailFrom = "mail_from"
            case recipients = "rcpt_tos"
        }
    }

    /// The server's message directory and standard error.
    let directory: TemporaryDirectory
    /// Where the messages are stored (`0001.eml` and `0001.json`, …).
    let messageDirectory: String
    private let server: FixtureServer

    /// The port it listens on.
    var port: Int { server.port }

    /// msmtp sending through this server, without authentication or TLS, from `editoriald@example.com`;
    /// recipients from the message's headers.
    var msmtpCommand: [String] {
        [
            "/usr/bin/msmtp", "--host=127.0.0.1", "--port=\(port)", "--auth=off", "--tls=off",
            "--from=editoriald@example.com", "-t", "-oi",
        ]
    }

    /// Starts a server; `rejectRecipients` or `rejectData` make it answer every `RCPT TO` or `DATA` with that code.
    init(rejectRecipients: Int? = nil, rejectData: Int? = nil) throws {
        directory = try TemporaryDirectory()
        messageDirectory = directory.appending("messages")
        var arguments = ["--directory", messageDirectory, "--port", "0"]
        if let rejectRecipients { arguments += ["--reject-rcpt", String(rejectRecipients)] }
        if let rejectData { arguments += ["--reject-data", String(rejectData)] }
        do {
            server = try FixtureServer(
                interpreter: "/usr/bin/python3", script: "smtp-server.py", arguments: arguments,
                errorLog: directory.appending("stderr"))
        } catch {
            directory.remove()
            throw error
        }
    }

    deinit {
        stop()
        directory.remove()
    }

    /// The messages stored so far, in the order received.
    func messages() throws -> [Message] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: messageDirectory)) ?? []
        return try names.filter { $0.hasSuffix(".eml") }.sorted().map { name in
            let stem = (messageDirectory as NSString).appendingPathComponent(String(name.dropLast(4)))
            let envelope = try JSONDecoder().decode(
                Envelope.self, from: try Data(contentsOf: URL(fileURLWithPath: stem + ".json")))
            let raw = [UInt8](try Data(contentsOf: URL(fileURLWithPath: stem + ".eml")))
            let (headers, body) = Self.split(raw)
            return Message(
                mailFrom: envelope.mailFrom, recipients: envelope.recipients, raw: raw, headers: headers, body: body)
        }
    }

    /// Waits at most `timeout` until `count` messages are stored, and returns them all.
    func waitForMessages(count: Int, timeout: Duration = .seconds(10)) throws -> [Message] {
        guard server.waitForEvents(count: count, timeout: timeout) else {
            throw FixtureServer.Failure(
                description: "\(server.eventCount) of \(count) messages reached the SMTP server within \(timeout)")
        }
        return try messages()
    }

    /// Stops the server; idempotent.
    func stop() {
        server.stop()
    }

    /// A message's header fields (continuation lines unfolded) and its body.
    private static func split(_ raw: [UInt8]) -> ([(name: String, value: String)], [UInt8]) {
        let crlf: [UInt8] = [13, 10, 13, 10]
        var end = raw.count
        var bodyStart = raw.count
        for index in 0..<max(0, raw.count - 3) where Array(raw[index..<index + 4]) == crlf {
            end = index
            bodyStart = index + 4
            break
        }
        var fields: [(name: String, value: String)] = []
        for line in String(decoding: raw[0..<end], as: UTF8.self).components(separatedBy: "\r\n") {
            if line.first == " " || line.first == "\t", let last = fields.popLast() {
                fields.append((last.name, last.value + line))
            } else if let colon = line.firstIndex(of: ":") {
                let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                fields.append((String(line[..<colon]), value))
            }
        }
        return (fields, Array(raw[bodyStart...]))
    }
}
