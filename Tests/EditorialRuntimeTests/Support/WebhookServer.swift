import Foundation

/// `Tests/Fixtures/webhook-server.py` for tests: a scripted HTTP receiver on 127.0.0.1 that logs every request
/// (with whether its `Editoriald-Signature` verified) and answers each with the next action of its script —
/// a status with options (`429:retry-after=2`, `301:location=…`, `404:body=…`, `200:trickle=0.5`) or `hang`
/// — then 200 to the rest. Stopped (and its directory removed) by ``stop()`` or on deinit.
final class WebhookServer {
    /// One request as the server logged it, before answering.
    struct Request: Decodable {
        /// When it was received (Unix seconds).
        var time: Double
        /// `POST`.
        var method: String
        /// `/hook`.
        var path: String
        /// The header lines as name and value, in order (absent in `fast` mode).
        var headers: [[String]]?
        /// The body, decoded as UTF-8.
        var body: String?
        /// The body's length in bytes.
        var length: Int?
        /// The status answered; nil for `hang`.
        var status: Int?
        /// Whether the signature verified; nil without a secret.
        var signature: Bool?

        /// The first value of the header `name` (case-insensitive).
        func header(_ name: String) -> String? {
            headers?.first { $0.count == 2 && $0[0].lowercased() == name.lowercased() }?[1]
        }
    }

    /// The server's log, temporary files and standard error.
    let directory: TemporaryDirectory
    /// The request log, one JSON object a line.
    let logPath: String
    private let server: FixtureServer
    private let scheme: String

    /// The port it listens on.
    var port: Int { server.port }

    /// Starts a server answering with `script` (actions, in order), verifying signatures with `secret` when given,
    /// or answering 200 to everything at once (`fast`, for load); HTTPS with `tls` (PEM certificate and key files).
    init(script: [String] = [], secret: String? = nil, fast: Bool = false, tls: (cert: String, key: String)? = nil)
        throws
    {
        directory = try TemporaryDirectory()
        scheme = tls == nil ? "http" : "https"
        logPath = directory.appending("requests.jsonl")
        var arguments = ["--port", "0", "--log", logPath, "--script", script.joined(separator: ",")]
        if let secret {
            let secretPath = directory.appending("secret")
            try secret.write(toFile: secretPath, atomically: true, encoding: .utf8)
            arguments += ["--secret-file", secretPath]
        }
        if fast { arguments.append("--fast") }
        if let tls { arguments += ["--tls-cert", tls.cert, "--tls-key", tls.key] }
        do {
            server = try FixtureServer(
                interpreter: "/usr/bin/python3", script: "webhook-server.py", arguments: arguments,
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

    /// `http://127.0.0.1:PORT/path` (`https` with `tls`).
    func url(_ path: String = "/hook") -> URL {
        URL(string: "\(scheme)://127.0.0.1:\(port)\(path)")!
    }

    /// The requests logged so far, in the order received.
    func requests() throws -> [Request] {
        guard let data = FileManager.default.contents(atPath: logPath) else { return [] }
        let decoder = JSONDecoder()
        return try data.split(separator: UInt8(ascii: "\n")).map { try decoder.decode(Request.self, from: Data($0)) }
    }

    /// Waits at most `timeout` until `count` requests have been logged, and returns them all.
    func waitForRequests(count: Int, timeout: Duration = .seconds(10)) throws -> [Request] {
        guard server.waitForEvents(count: count, timeout: timeout) else {
            throw FixtureServer.Failure(
                description: "\(server.eventCount) of \(count) requests reached the webhook server within \(timeout)")
        }
        return try requests()
    }

    /// Stops the server (a hanging request's connection closes with it); idempotent.
    func stop() {
        server.stop()
    }
}
