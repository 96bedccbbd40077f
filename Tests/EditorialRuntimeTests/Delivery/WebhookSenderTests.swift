import Dispatch
import EditorialCore
import EditorialRuntime
import Foundation
import Testing

/// `WebhookSender` against a real HTTP server (`Tests/Fixtures/webhook-server.py`): what arrives, what each
/// answer means, the timeout as a bound on the whole request, redirects, TLS, and many callers at once.
struct WebhookSenderTests {
    private let sender = WebhookSender()
    /// 2023-11-14T22:13:20Z.
    private let now: Int64 = 1_700_000_000

    private func post(
        _ server: WebhookServer, body: String = "{\"event\":\"due\"}", headers: [(String, String)] = [],
        timeout: Double = 10, path: String = "/hook"
    ) -> DeliveryOutcome {
        sender.post(url: server.url(path), body: Array(body.utf8), headers: headers, timeout: timeout, now: now)
    }

    /// `t=NOW,v1=HMAC-SHA256(secret, "NOW." + body)`, computed by Python's hmac module.
    private func signature(secret: String, body: String) throws -> String {
        let script = """
            import hashlib, hmac, sys
            secret, stamp, body = sys.argv[1].encode(), sys.argv[2], sys.stdin.buffer.read()
            print("t=%s,v1=%s" % (stamp, hmac.new(secret, stamp.encode() + b"." + body, hashlib.sha256).hexdigest()))
            """
        let result = try ChildProcess(
            argv: ["/usr/bin/python3", "-c", script, secret, String(now)], input: Array(body.utf8), timeout: 20
        ).run()
        return String(decoding: result.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func aTwoHundredIsDeliveredAndTheRequestArrivesAsSent() throws {
        let server = try WebhookServer(secret: "s3cret")
        let body = "{\"event\":\"due\",\"title\":\"R\u{e9}sum\u{e9} \u{1F4C5}\",\"n\":1}"
        let signed = try signature(secret: "s3cret", body: body)
        let headers = [
            ("Idempotency-Key", "k-1"), ("Editoriald-Event", "due"), ("Editoriald-Signature", signed),
        ]
        #expect(post(server, body: body, headers: headers) == .delivered("HTTP 200"))
        // The same signature on another body does not verify.
        #expect(post(server, body: body + " ", headers: headers) == .delivered("HTTP 200"))
        let requests = try server.waitForRequests(count: 2)
        try #require(requests.count == 2)
        let first = requests[0]
        #expect(first.method == "POST" && first.path == "/hook")
        #expect(first.body == body && first.length == body.utf8.count)
        #expect(first.header("Content-Type") == "application/json")
        #expect(first.header("User-Agent") == "editoriald")
        #expect(first.header("Idempotency-Key") == "k-1")
        #expect(first.header("Editoriald-Event") == "due")
        #expect(first.header("Cookie") == nil && first.header("Expect") == nil)
        #expect(first.signature == true)
        #expect(requests[1].signature == false)
    }

    @Test func givenContentTypeAndUserAgentAreKept() throws {
        let server = try WebhookServer()
        let headers = [("Content-Type", "application/cloudevents+json"), ("User-Agent", "editoriald/2 (test)")]
        #expect(post(server, headers: headers) == .delivered("HTTP 200"))
        let request = try #require(try server.waitForRequests(count: 1).first)
        #expect(request.header("Content-Type") == "application/cloudevents+json")
        #expect(request.header("User-Agent") == "editoriald/2 (test)")
        #expect(request.headers?.filter { $0.first?.lowercased() == "content-type" }.count == 1)
    }

    @Test func everyTwoHundredStatusIsDelivered() throws {
        let server = try WebhookServer(script: ["201", "202", "204"])
        #expect(post(server) == .delivered("HTTP 201"))
        #expect(post(server) == .delivered("HTTP 202"))
        #expect(post(server) == .delivered("HTTP 204"))
    }

    @Test func serverErrorsAndThrottlingRetry() throws {
        let server = try WebhookServer(script: ["500", "502:body=upstream%20down", "503", "408", "425", "429"])
        #expect(post(server) == .retry("HTTP 500", after: nil))
        #expect(post(server) == .retry("HTTP 502: upstream down", after: nil))
        #expect(post(server) == .retry("HTTP 503", after: nil))
        #expect(post(server) == .retry("HTTP 408", after: nil))
        #expect(post(server) == .retry("HTTP 425", after: nil))
        #expect(post(server) == .retry("HTTP 429", after: nil))
    }

    @Test func retryAfterInSecondsOrAsADate() throws {
        func action(_ status: Int, _ value: String) -> String {
            "\(status):retry-after=" + value.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        }
        let server = try WebhookServer(script: [
            action(429, "2"), action(503, "Tue, 14 Nov 2023 22:15:20 GMT"),
            action(503, "Tuesday, 14-Nov-23 22:15:20 GMT"),
            action(503, "Tue Nov 14 22:15:20 2023"), action(503, "Tue, 14 Nov 2023 22:00:00 GMT"),
            action(503, "soon"), action(500, "0"),
        ])
        #expect(post(server) == .retry("HTTP 429", after: 2))
        #expect(post(server) == .retry("HTTP 503", after: 120))
        #expect(post(server) == .retry("HTTP 503", after: 120))
        #expect(post(server) == .retry("HTTP 503", after: 120))
        // A date already past: no wait.
        #expect(post(server) == .retry("HTTP 503", after: 0))
        #expect(post(server) == .retry("HTTP 503", after: nil))
        #expect(post(server) == .retry("HTTP 500", after: 0))
    }

    @Test func aServerThatNeverAnswersTimesOutWithinTheBound() throws {
        let server = try WebhookServer(script: ["hang"])
        let started = ContinuousClock.now
        let outcome = post(server, timeout: 2)
        let took = ContinuousClock.now - started
        #expect(outcome == .retry("timed out after 2 s", after: nil))
        #expect(took >= .seconds(2) && took < .seconds(3), "took \(took)")
        #expect(try server.waitForRequests(count: 1).first?.status == nil)
    }

    @Test func theTimeoutBoundsAnAnswerThatTrickles() throws {
        // 100 bytes, one every 0.2 s: 20 s in all, though bytes keep coming.
        let server = try WebhookServer(script: ["200:trickle=0.2"])
        let started = ContinuousClock.now
        let outcome = post(server, timeout: 2)
        let took = ContinuousClock.now - started
        #expect(outcome == .retry("timed out after 2 s", after: nil))
        #expect(took < .seconds(3), "took \(took)")
    }

    @Test func redirectsAreNotFollowed() throws {
        let server = try WebhookServer()
        let target = server.url("/followed").absoluteString.addingPercentEncoding(
            withAllowedCharacters: .alphanumerics)!
        server.stop()
        let redirecting = try WebhookServer(script: ["301", "302", "307", "308"].map { "\($0):location=\(target)" })
        for status in [301, 302, 307, 308] {
            #expect(
                post(redirecting)
                    == .failed(
                        "redirects are not followed: the webhook URL answered \(status) to \(server.url("/followed"))"))
        }
        let requests = try redirecting.waitForRequests(count: 4)
        #expect(requests.map(\.path) == ["/hook", "/hook", "/hook", "/hook"])
        let without = try WebhookServer(script: ["301"])
        #expect(post(without) == .failed("redirects are not followed: the webhook URL answered 301 without a Location"))
    }

    @Test func otherClientErrorsFailQuotingTheBody() throws {
        let long = String(repeating: "y", count: 500)
        let server = try WebhookServer(script: ["404:body=no%20such%20hook", "410", "400:body=\(long)", "401"])
        #expect(post(server) == .failed("HTTP 404: no such hook"))
        #expect(post(server) == .failed("HTTP 410"))
        #expect(post(server) == .failed("HTTP 400: " + String(repeating: "y", count: 200)))
        #expect(post(server) == .failed("HTTP 401"))
    }

    @Test func aClosedPortRetries() throws {
        let server = try WebhookServer()
        let url = server.url()
        server.stop()
        let outcome = sender.post(url: url, body: [], headers: [], timeout: 5, now: now)
        #expect(
            outcome
                == .retry(
                    "cannot connect to 127.0.0.1:\(server.port): connection refused or host unreachable", after: nil))
    }

    @Test func anUntrustedCertificateRetries() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let cert = directory.appending("cert.pem")
        let key = directory.appending("key.pem")
        let made = try ChildProcess(
            argv: [
                "/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                "-days", "2", "-subj", "/CN=127.0.0.1",
            ], environment: ["PATH": "/usr/bin:/bin"], timeout: 60
        ).run()
        try #require(made.termination == .exited(0), "\(String(decoding: made.stderr, as: UTF8.self))")
        let server = try WebhookServer(tls: (cert, key))
        let outcome = post(server)
        #expect(
            outcome
                == .retry("TLS: certificate not trusted (SSL certificate problem: self-signed certificate)", after: nil)
        )
        #expect(try server.requests().isEmpty)
    }

    @Test func aURLThatIsNotHTTPFails() throws {
        let outcome = sender.post(url: URL(string: "ftp://127.0.0.1/x")!, body: [], headers: [], timeout: 5, now: now)
        #expect(outcome == .failed("the webhook URL ftp://127.0.0.1/x is not an http or https URL"))
    }

    @Test func eightCallersOnAConcurrentQueueAtOnce() throws {
        let server = try WebhookServer()
        let run = try send(callers: 8, each: 25, to: server)
        #expect(run.outcomes.allSatisfy { $0 == .delivered("HTTP 200") })
        let requests = try server.waitForRequests(count: 200)
        #expect(Set(requests.compactMap(\.body)) == Set((0..<200).map { "{\"n\":\($0)}" }))
        print("WebhookSenderTests: 200 posts from 8 callers in \(run.seconds) s, slowest \(run.slowest) s")
        // With the session's default delegate queue, completions starved behind the blocked callers: up to 6 s.
        #expect(run.slowest < 3, "the slowest post took \(run.slowest) s")
    }

    @Test func tenThousandPostsUnderLoad() throws {
        let server = try WebhookServer(fast: true)
        let run = try send(callers: 8, each: 1250, to: server)
        #expect(run.outcomes.filter { $0 != .delivered("HTTP 200") }.isEmpty)
        #expect(try server.waitForRequests(count: 10_000, timeout: .seconds(30)).count == 10_000)
        print("WebhookSenderTests: 10000 posts from 8 callers in \(run.seconds) s, slowest \(run.slowest) s")
    }

    /// `callers` blocking callers on a concurrent Dispatch queue (as the delivery worker calls), `each` posts
    /// each: the outcomes, the seconds it took, and the slowest post's seconds.
    private func send(callers: Int, each: Int, to server: WebhookServer) throws
        -> (outcomes: [DeliveryOutcome], seconds: Double, slowest: Double)
    {
        let queue = DispatchQueue(label: "webhook-test.callers", attributes: .concurrent)
        let group = DispatchGroup()
        let results = Results()
        let url = server.url()
        let started = ContinuousClock.now
        for caller in 0..<callers {
            queue.async(group: group) { [sender, now] in
                for index in 0..<each {
                    let n = caller * each + index
                    let postStarted = ContinuousClock.now
                    let outcome = sender.post(
                        url: url, body: Array("{\"n\":\(n)}".utf8), headers: [], timeout: 10, now: now)
                    results.append(outcome, took: ContinuousClock.now - postStarted)
                }
            }
        }
        try #require(group.wait(timeout: .now() + 120) == .success, "the callers did not finish in 120 s")
        let (outcomes, slowest) = results.all
        #expect(outcomes.count == callers * each)
        return (outcomes, Self.seconds(ContinuousClock.now - started), Self.seconds(slowest))
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

/// Outcomes appended by several threads, with the longest time one took.
private final class Results: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var outcomes: [DeliveryOutcome] = []
    private var slowest: Duration = .zero

    func append(_ outcome: DeliveryOutcome, took: Duration) {
        lock.withLock {
            outcomes.append(outcome)
            slowest = max(slowest, took)
        }
    }

    var all: ([DeliveryOutcome], Duration) { lock.withLock { (outcomes, slowest) } }
}
