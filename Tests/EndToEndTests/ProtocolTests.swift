import EditorialCore
import EditorialRuntime
import Foundation
import Testing

/// The wire protocol spoken by a client that is not editorialctl (Python's socket module): framing, versions,
/// errors and bounds. The daemon must answer everything with a clear error and stay up.
struct ProtocolTests {
    /// Runs a Python 3 script with the socket path as `sys.argv[1]`; returns what it printed.
    static func python(_ script: String, socket: String) throws -> Run {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("client-\(UUID()).py")
        try script.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        return try Run.command("/usr/bin/env", ["python3", file.path, socket])
    }

    /// The client half every script shares: connect, send, read lines with a 10 s bound.
    static let prelude = """
        import json, socket, sys, time
        def connect():
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.settimeout(10)
            s.connect(sys.argv[1])
            return s
        def lines(s, n):
            data = b""
            while data.count(b"\\n") < n:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
            return [json.loads(l) for l in data.split(b"\\n") if l]
        def closed(s):
            try:
                return s.recv(1) == b""
            except ConnectionResetError:
                return True

        """

    static func daemon(config: String = "") throws -> LiveDaemon {
        try LiveDaemon(plans: ["team.yaml": LiveDaemon.teamPlan(now: LiveDaemon.now())], config: config)
    }

    static func results(_ run: Run) throws -> [JSONValue] {
        #expect(run.status == 0, "\(run.err)")
        return try run.out.split(separator: "\n").map { try JSONParser.parse(String($0)) }
    }

    @Test func everyKindOfBadRequestGetsItsStableCodeAndTheConnectionGoesOn() throws {
        let d = try Self.daemon()
        let run = try Self.python(
            Self.prelude + """
                s = connect()
                for line in [b"garbage", b"[1,2]", b'{"cmd":"status"}', b'{"v":2,"cmd":"status","id":7}',
                             b'{"v":1,"cmd":"stauts","id":"a"}', b'{"v":1,"cmd":"show","item":"team/launch","colour":1}',
                             b'{"v":1,"cmd":"overdue","limit":0}', b'{"v":1,"cmd":"show"}', b'{"v":1,"v":1,"cmd":"status"}',
                             b'{"v":1,"cmd":"done","item":"team/launch"}', b'\\xff\\xfe', b'{"v":1,"cmd":"status","id":[1]}']:
                    s.sendall(line + b"\\n")
                for reply in lines(s, 12):
                    print(json.dumps(reply, sort_keys=True))
                """, socket: d.socket)
        let replies = try Self.results(run)
        #expect(replies.count == 12)
        #expect(
            replies.map { $0["error"]?["code"]?.string ?? "ok" } == [
                "bad-request", "bad-request", "bad-request", "unsupported-version", "unknown-command", "bad-argument",
                "bad-argument", "bad-argument", "bad-request", "invalid-state", "bad-request", "ok",
            ])
        #expect(replies.allSatisfy { $0["v"]?.int == 1 })
        #expect(replies[3]["id"]?.int == 7)
        #expect(replies[3]["error"]?["supported"] == .array([.int(1)]))
        #expect(replies[4]["error"]?["message"]?.string == "unknown command 'stauts'; did you mean 'status'?")
        #expect(replies[5]["error"]?["message"]?.string?.contains("no argument 'colour'") == true)
        #expect(replies[11]["id"] == .array([.int(1)]))
        #expect(replies[11]["result"]?["daemon"]?.string == "editoriald")
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        let d = try Self.daemon()
        let run = try Self.python(
            Self.prelude + """
                s = connect()
                s.sendall(b"".join(b'{"v":1,"cmd":"%s","id":%d}\\n' % (c, i) for i, c in
                          enumerate([b"status", b"overdue", b"blocked", b"reload", b"status"] * 20)))
                for reply in lines(s, 100):
                    print(json.dumps({"id": reply["id"], "ok": reply["ok"]}))
                """, socket: d.socket)
        let replies = try Self.results(run)
        #expect(replies.map { $0["id"]?.int ?? -1 } == (0..<100).map(Int64.init))
        #expect(replies.allSatisfy { $0["ok"]?.bool == true })
    }

    @Test func anOversizedRequestIsRefusedAndItsConnectionClosed() throws {
        let d = try Self.daemon()
        let run = try Self.python(
            Self.prelude + """
                s = connect()
                try:
                    s.sendall(b'{"v":1,"cmd":"status","pad":"' + b"x" * 200000 + b'"}\\n')
                except (BrokenPipeError, ConnectionResetError):
                    pass
                print(json.dumps(lines(s, 1)[0]))
                print(json.dumps({"closed": closed(s)}))
                t = connect()
                t.sendall(b'{"v":1,"cmd":"status"}\\n')
                print(json.dumps(lines(t, 1)[0]))
                """, socket: d.socket)
        let replies = try Self.results(run)
        #expect(replies.first?["error"]?["code"]?.string == "too-large")
        #expect(replies.dropFirst().first?["closed"]?.bool == true)
        #expect(replies.last?["ok"]?.bool == true)
    }

    @Test func aRequestJustUnderTheCapIsRead() throws {
        let d = try Self.daemon()
        let run = try Self.python(
            Self.prelude + """
                s = connect()
                line = b'{"v":1,"cmd":"show","item":"' + b"x" * 65000 + b'"}\\n'
                s.sendall(line)
                print(json.dumps({"code": lines(s, 1)[0]["error"]["code"], "length": len(line)}))
                """, socket: d.socket)
        let replies = try Self.results(run)
        #expect(replies.first?["code"]?.string == "not-found")
    }

    @Test func halfWrittenAndSlowRequests() throws {
        let d = try Self.daemon()
        let run = try Self.python(
            Self.prelude + """
                # Half a request, then the client shuts its side: a clear error, not a hang.
                s = connect()
                s.sendall(b'{"v":1,"cmd":"sta')
                s.shutdown(socket.SHUT_WR)
                print(json.dumps(lines(s, 1)[0]))
                print(json.dumps({"closed": closed(s)}))
                # A whole request without its newline before the shutdown counts.
                s = connect()
                s.sendall(b'{"v":1,"cmd":"status","id":"last"}')
                s.shutdown(socket.SHUT_WR)
                print(json.dumps(lines(s, 1)[0]["id"]))
                # A request dribbled a byte at a time.
                s = connect()
                for b in b'{"v":1,"cmd":"status","id":"slow"}\\n':
                    s.sendall(bytes([b]))
                    time.sleep(0.005)
                print(json.dumps(lines(s, 1)[0]["id"]))
                """, socket: d.socket)
        let replies = try Self.results(run)
        #expect(replies.count == 4)
        #expect(replies.first?["error"]?["code"]?.string == "bad-request")
        #expect(replies.dropFirst().first?["closed"]?.bool == true)
        #expect(replies.dropFirst(2).first == .string("last"))
        #expect(replies.last == .string("slow"))
    }

    @Test func anIdleConnectionIsToldAndClosed() throws {
        let d = try Self.daemon(config: "control-idle-timeout: PT1S")
        let run = try Self.python(
            Self.prelude + """
                s = connect()
                s.sendall(b'{"v":1,"cmd":"st')
                start = time.monotonic()
                reply = lines(s, 1)[0]
                print(json.dumps({"code": reply["error"]["code"], "closed": closed(s),
                                  "waited": time.monotonic() - start}))
                """, socket: d.socket)
        let reply = try #require(try Self.results(run).first)
        #expect(reply["code"]?.string == "timeout")
        #expect(reply["closed"]?.bool == true)
        if case .double(let waited)? = reply["waited"] { #expect(waited >= 0.9 && waited < 8) }
    }

    /// The idle limit counts from the last request, however long the connection was busy before: a client that
    /// keeps asking past the first deadline the timer was armed for is answered throughout, and once quiet is told
    /// a full limit after its last request.
    @Test func theIdleLimitCountsFromTheLastRequest() throws {
        let d = try Self.daemon(config: "control-idle-timeout: PT1S")
        let run = try Self.python(
            Self.prelude + """
                s = connect()
                start = time.monotonic()
                sent = answered = 0
                while time.monotonic() - start < 2.5:
                    sent += 1
                    s.sendall(b'{"v":1,"id":1,"cmd":"status"}\\n')
                    answered += 1 if lines(s, 1)[0].get("ok") else 0
                last = time.monotonic()
                reply = lines(s, 1)[0]
                print(json.dumps({"sent": sent, "answered": answered, "code": reply["error"]["code"], "closed": closed(s),
                                  "busy": last - start, "waited": time.monotonic() - last}))
                """, socket: d.socket)
        let reply = try #require(try Self.results(run).first)
        #expect((reply["answered"]?.int ?? 0) > 20 && reply["answered"] == reply["sent"])
        #expect(reply["code"]?.string == "timeout")
        #expect(reply["closed"]?.bool == true)
        if case .double(let busy)? = reply["busy"] { #expect(busy >= 2.5) }
        if case .double(let waited)? = reply["waited"] { #expect(waited >= 0.9 && waited < 8) }
    }

    @Test func aClientThatNeverReadsDoesNotStallOthers() throws {
        let d = try Self.daemon()
        let run = try Self.python(
            Self.prelude + """
                # 3000 pipelined agenda requests whose replies are never read fill the socket buffers.
                hog = connect()
                hog.setblocking(False)
                req = b'{"v":1,"cmd":"agenda","from":0,"to":864000000,"limit":1000}\\n'
                sent = 0
                try:
                    for _ in range(3000):
                        hog.send(req)
                        sent += 1
                except BlockingIOError:
                    pass
                t = connect()
                start = time.monotonic()
                t.sendall(b'{"v":1,"cmd":"status","id":1}\\n')
                print(json.dumps({"ok": lines(t, 1)[0]["ok"], "seconds": time.monotonic() - start}))
                """, socket: d.socket)
        let reply = try #require(try Self.results(run).first)
        #expect(reply["ok"]?.bool == true)
    }

    @Test func aWatcherThatOnlyShutsDownItsWritingSideKeepsReceivingEvents() throws {
        let d = try Self.daemon()
        let run = try Self.python(
            Self.prelude + """
                w = connect()
                w.sendall(b'{"v":1,"cmd":"watch","id":"w"}\\n')
                print(json.dumps(lines(w, 1)[0]["result"]))
                w.shutdown(socket.SHUT_WR)
                s = connect()
                s.sendall(b'{"v":1,"cmd":"reload"}\\n')
                lines(s, 1)
                print(json.dumps(lines(w, 1)[0]["event"]["type"]))
                """, socket: d.socket)
        let replies = try Self.results(run)
        #expect(replies.first?["watching"]?.bool == true)
        #expect(replies.last == .string("plans-loaded"))
    }
}
