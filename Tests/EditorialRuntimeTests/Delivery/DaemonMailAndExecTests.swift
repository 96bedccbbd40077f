import EditorialClient
import EditorialCore
import Foundation
import Testing

@testable import EditorialRuntime

/// E-mail through a real MTA client (msmtp, as sendmail) to a real SMTP server on loopback, read back and parsed
/// by Python's `email` package; commands run without a shell, never as root; failures that cost retries while
/// firing goes on.
@Suite(.serialized) struct DaemonMailAndExecTests {
    static let base = DaemonDeliveryTests.base

    /// Python's reading of a message: decoded headers and body (what a mail client shows).
    static func parsed(_ raw: [UInt8]) throws -> JSONValue {
        let script = """
            import email, email.policy, email.utils, json, sys
            m = email.message_from_bytes(sys.stdin.buffer.read(), policy=email.policy.default)
            d = email.utils.parsedate_to_datetime(m['Date'])
            print(json.dumps({'subject': str(m['Subject']), 'from': str(m['From']), 'to': str(m['To']),
                'message_id': str(m['Message-ID']), 'offset': int(d.utcoffset().total_seconds()),
                'timestamp': int(d.timestamp()), 'auto': str(m['Auto-Submitted']),
                'charset': m.get_content_charset(), 'body': m.get_content(), 'defects': len(m.defects)}))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(raw))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return try JSONParser.parse([UInt8](data))
    }

    /// Each owner of a blocked post (the post's and the late video's) gets their own mail, at the address and in
    /// the time zone people: gives, with the chain of blame; the Message-ID is the idempotency key.
    @Test func ownersGetTheirOwnMailWithTheChainOfBlame() throws {
        let smtp = try SMTPServer()
        let h = try DaemonHarness(
            plans: ["acme.yaml": DaemonDeliveryTests.plan, "people.yaml": DaemonDeliveryTests.people],
            now: Self.base - 60)
        h.configure = {
            $0.routes = [
                Route(
                    name: "mine", events: ["blocked"], audience: .owners,
                    target: .email(
                        RouteTarget.Email(
                            from: "Calendario editoriale <editoriald@example.com>", sendmail: smtp.msmtpCommand)))
            ]
        }
        try h.start()
        h.advance(to: Self.base + 1)
        let messages = try smtp.waitForMessages(count: 2)
        #expect(h.waitForDeliveries())
        let rows = try h.store().outbox(state: nil, before: nil, limit: 10)
        #expect(rows.count == 2)
        #expect(rows.allSatisfy { $0.state == .delivered && $0.lastResult == "delivered: exit status 0" })
        let byRecipient = Dictionary(uniqueKeysWithValues: rows.map { ($0.recipient, $0) })
        for message in messages {
            let mail = try Self.parsed(message.raw)
            #expect(mail["defects"] == .int(0))
            #expect(mail["subject"]?.string == "[editoriald] Blocked: 'Launch' on linkedin")
            #expect(mail["from"]?.string == "Calendario editoriale <editoriald@example.com>")
            #expect(mail["auto"]?.string == "auto-generated")
            #expect(mail["charset"]?.string == "utf-8")
            let body = try #require(mail["body"]?.string)
            #expect(body.contains("Blocked: post 'Launch' (acme/launch) on linkedin"))
            #expect(body.contains("Chain of blame"))
            #expect(body.contains("1. acme/video 'Launch video' is overdue"))
            #expect(body.contains("owner paolo"))
            if message.recipients == ["anna@example.com"] {
                let row = try #require(byRecipient["anna"])
                #expect(mail["to"]?.string == "Anna Rossi <anna@example.com>")
                #expect(mail["message_id"]?.string == "<\(row.key)@example.com>")
                // Her zone is Rome: the date and the due time read in it.
                #expect(mail["offset"] == .int(3600))
                #expect(body.hasPrefix("Hello Anna Rossi,"))
                #expect(body.contains("(Thu 2027-01-14 11:00 +01:00 in Europe/Rome)"))
            } else {
                let row = try #require(byRecipient["paolo"])
                #expect(message.recipients == ["paolo@example.com"])
                #expect(mail["message_id"]?.string == "<\(row.key)@example.com>")
                #expect(mail["offset"] == .int(0))
            }
        }
    }

    /// An SMTP server that is down costs retries (msmtp's EX_UNAVAILABLE / EX_TEMPFAIL), not the reminder.
    @Test func aDownMailServerCostsRetries() throws {
        let smtp = try SMTPServer()
        let command = smtp.msmtpCommand
        smtp.stop()
        let h = try DaemonHarness(plans: ["acme.yaml": DaemonDeliveryTests.plan], now: Self.base - 60)
        h.configure = {
            $0.routes = [
                Route(
                    name: "ops", events: ["due"],
                    target: .email(
                        RouteTarget.Email(from: "editoriald@example.com", to: ["ops@example.com"], sendmail: command)))
            ]
        }
        try h.start()
        #expect(h.advance(to: Self.base).contains { $0.messageID == .due })
        #expect(h.waitForDeliveries())
        let row = try #require(try h.store().outbox(state: nil, before: nil, limit: 1).first)
        #expect(row.state == .retrying, "\(row.lastResult ?? "")")
    }

    /// A command gets the event as JSON on its standard input, as nobody (the tests run as root), with the
    /// delivery's key in its environment; a failing one and an unreachable webhook retry while firing goes on.
    @Test func commandsRunWithoutAShellNeverAsRootAndFailuresRetry() throws {
        let h = try DaemonHarness(plans: ["acme.yaml": DaemonDeliveryTests.plan], now: Self.base - 60)
        let drop = h.directory.appending("drop")
        try FileManager.default.createDirectory(atPath: drop, withIntermediateDirectories: true)
        chmod(drop, 0o777)
        chmod(h.directory.path, 0o755)
        let script = h.directory.appending("record.py")
        try """
        import json, os, sys
        event = json.load(sys.stdin)
        with open(sys.argv[1], 'a') as f:
            f.write(json.dumps({'uid': os.getuid(), 'key': os.environ['EDITORIALD_IDEMPOTENCY_KEY'],
                'event': event['event'], 'reminder_key': event['reminder_key'], 'arg': sys.argv[2]}) + '\\n')
        """.write(toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o644)
        let out = drop + "/events.jsonl"
        h.configure = {
            $0.routes = [
                Route(
                    name: "record", events: ["due"],
                    target: .exec(RouteTarget.Exec(command: ["/usr/bin/python3", script, out, "a;b $(id) `x`"]))),
                Route(name: "broken", events: ["due"], target: .exec(RouteTarget.Exec(command: ["/bin/false"]))),
                Route(
                    name: "nowhere", events: ["due"],
                    target: .webhook(RouteTarget.Webhook(url: "http://127.0.0.1:1/hook", timeout: 2))),
            ]
        }
        try h.start()
        #expect(h.advance(to: Self.base).contains { $0.messageID == .due })
        #expect(h.waitForDeliveries())
        let rows = Dictionary(
            uniqueKeysWithValues: try h.store().outbox(state: nil, before: nil, limit: 10).map { ($0.route, $0) })
        #expect(rows["record"]?.state == .delivered)
        #expect(rows["broken"]?.state == .retrying)
        #expect(
            rows["broken"]?.lastResult?.contains("exited with status 1") == true, "\(rows["broken"]?.lastResult ?? "")")
        #expect(rows["nowhere"]?.state == .retrying)
        #expect(rows["nowhere"]?.lastResult?.contains("refused") == true, "\(rows["nowhere"]?.lastResult ?? "")")
        let line = try #require(try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").first)
        let got = try JSONParser.parse(String(line))
        #expect(got["uid"] == .int(65534), "run as nobody, not root")
        #expect(got["key"]?.string == rows["record"]?.key)
        #expect(got["event"]?.string == "due")
        #expect(got["reminder_key"]?.string == "acme/video!PT0S")
        #expect(got["arg"]?.string == "a;b $(id) `x`", "no shell: the argument arrives as written")
        // Firing went on: the post's due time an hour later is journaled too.
        #expect(h.advance(to: Self.base + 3600).contains { $0.messageID == .due })
    }
}

/// What is wrong with the routes as the people stand: each a warning at start (with the person's position where
/// there is one), and firing goes on; a host that does not resolve costs retries.
@Suite struct RouteWarningTests {
    @Test func unknownPeopleRoutesProgramsAndAddressesAreWarnings() throws {
        let roster = """
            people:
              anna: {name: Anna, routes: [mail, nosuch]}
              paolo: {email: paolo@example.com, routes: [mail]}
            """
        let h = try DaemonHarness(
            plans: ["acme.yaml": DaemonDeliveryTests.plan, "people.yaml": roster], now: DaemonDeliveryTests.base - 60)
        h.configure = {
            $0.routes = [
                Route(
                    name: "mail", owners: ["ghost"], audience: .owners,
                    target: .email(RouteTarget.Email(from: "e@example.com", sendmail: ["/nonexistent/sendmail"]))),
                Route(name: "run", target: .exec(RouteTarget.Exec(command: ["/nonexistent/notify"]))),
                Route(
                    name: "dns", events: ["due"],
                    target: .webhook(RouteTarget.Webhook(url: "http://editoriald-test.invalid/hook", timeout: 3))),
            ]
        }
        try h.start()
        let warnings = h.sink.entries.filter { $0.priority == .warning }.map(\.message)
        let people = h.directory.appending("plans/people.yaml")
        #expect(warnings.contains("route 'mail' names owner 'ghost', whom no people: document declares"))
        #expect(
            warnings.contains {
                $0.hasPrefix("route 'mail': no sendmail at /nonexistent/sendmail: install an MTA")
            })
        #expect(warnings.contains("\(people):2:3: anna wants route 'mail' but has no email: in people:"))
        #expect(
            warnings.contains(
                "\(people):2:3: anna wants route 'nosuch', which the daemon config does not define"))
        #expect(
            warnings.contains("route 'run': /nonexistent/notify is not an executable file; its deliveries will fail"))
        // Firing goes on; the unresolvable host retries.
        #expect(h.advance(to: DaemonDeliveryTests.base).contains { $0.messageID == .due })
        #expect(h.waitForDeliveries())
        let dns = try #require(try h.store().outbox(state: nil, before: nil, limit: 20).first { $0.route == "dns" })
        #expect(dns.state == .retrying, "\(dns.lastResult ?? "")")
    }
}
