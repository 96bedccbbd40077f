import Dispatch
import EditorialCore
import Foundation
import FoundationNetworking
import Synchronization

/// Delivers by POSTing to a webhook URL through one shared `URLSession` (libcurl under FoundationNetworking: TLS
/// checked against the system's CA store), blocking the calling thread until the answer or the timeout. Safe to
/// call from several threads at once; never call it from the session's own delegate queue.
///
/// The answer reads as: 2xx delivered; 408, 425, 429 and 5xx worth another try, after the `Retry-After` the
/// receiver asked for; a redirect a permanent failure (redirects are never followed: the operator fixes the URL);
/// any other status a permanent failure quoting the start of the body. Transport failures (refused, DNS, TLS, the
/// timeout) are worth another try. The timeout bounds the whole request.
///
/// The session is ephemeral (no cookies, cache or credential storage) and keeps up to
/// `maximumConnectionsPerHost` connections to a host alive. Its delegate keeps only the first `excerptLength`
/// bytes of an answer's body (a huge answer costs no memory), and runs on a serial queue of its own: with the
/// session's default delegate queue, callers blocked on a concurrent Dispatch queue starve the thread pool that
/// would run the completions (measured on 2 cores: 8 blocked callers, answers up to 6 s late).
public final class WebhookSender: Sendable {
    /// The most bytes of a refusing answer's body a message quotes.
    static let excerptLength = 200

    private let session: URLSession
    private let delegate = SessionDelegate()
    /// The serial queue under the session's delegate queue (`OperationQueue` holds it `unowned(unsafe)`).
    private let completions = DispatchQueue(label: "editoriald.webhook")

    /// A sender with its own session.
    public init(maximumConnectionsPerHost: Int = 8) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.urlCache = nil
        configuration.urlCredentialStorage = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.httpMaximumConnectionsPerHost = maximumConnectionsPerHost
        let queue = OperationQueue()
        queue.name = "editoriald.webhook"
        queue.underlyingQueue = completions
        queue.maxConcurrentOperationCount = 1
        session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: queue)
    }

    deinit {
        // The session holds its delegate until it is invalidated.
        session.invalidateAndCancel()
    }

    /// POSTs `body` to `url` with `headers` (plus `Content-Type: application/json` and `User-Agent: editoriald`
    /// unless given), waiting at most `timeout` seconds; `now` (Unix seconds) reads a `Retry-After` date.
    public func post(url: URL, body: [UInt8], headers: [(String, String)], timeout: Double, now: Int64)
        -> DeliveryOutcome
    {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil else {
            return .failed("the webhook URL \(url.absoluteString) is not an http or https URL")
        }
        let bound = timeout.isFinite && timeout > 0 ? timeout : 30
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: bound)
        request.httpMethod = "POST"
        request.httpBody = Data(body)
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if request.value(forHTTPHeaderField: "Content-Type") == nil {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if request.value(forHTTPHeaderField: "User-Agent") == nil {
            request.setValue("editoriald", forHTTPHeaderField: "User-Agent")
        }
        let answer = Answer()
        let task = session.dataTask(with: request)
        delegate.expect(task.taskIdentifier) { response, body, error in
            Self.outcome(body, response, error, url: url, timeout: bound, now: now)
        } then: {
            answer.finish($0)
        }
        task.resume()
        // URLSession's timeout here is libcurl's for a silent connection (an answer trickling a byte at a time
        // outlasts it, and timeoutIntervalForResource is not applied): this one bounds the whole request.
        guard let outcome = answer.wait(seconds: bound + 0.5) else {
            task.cancel()
            return .retry("timed out after \(ExecSender.seconds(bound))", after: nil)
        }
        return outcome
    }

    /// What an answer (or the failure to get one) means for a delivery.
    private static func outcome(
        _ body: [UInt8], _ response: URLResponse?, _ error: (any Error)?, url: URL, timeout: Double, now: Int64
    ) -> DeliveryOutcome {
        if let error {
            return transportOutcome(error, url: url, timeout: timeout)
        }
        guard let http = response as? HTTPURLResponse else {
            return .retry("the answer from \(url.host ?? "the server") is not HTTP", after: nil)
        }
        let status = http.statusCode
        let excerpt = Self.excerpt(body)
        let detail = excerpt.isEmpty ? "" : ": " + excerpt
        switch status {
        case 200...299:
            return .delivered("HTTP \(status)")
        case 408, 425, 429, 500...599:
            let after = retryAfter(http.value(forHTTPHeaderField: "Retry-After"), now: now)
            return .retry("HTTP \(status)\(detail)", after: after)
        case 300...399:
            let location = http.value(forHTTPHeaderField: "Location").map { " to \($0)" } ?? " without a Location"
            return .failed("redirects are not followed: the webhook URL answered \(status)\(location)")
        default:
            return .failed("HTTP \(status)\(detail)")
        }
    }

    /// A failure before an answer, in words: refused, DNS, TLS, the timeout.
    private static func transportOutcome(_ error: any Error, url: URL, timeout: Double) -> DeliveryOutcome {
        let host = url.host ?? "the server"
        let port = url.port ?? (url.scheme?.lowercased() == "https" ? 443 : 80)
        let described = (error as NSError).userInfo[NSLocalizedDescriptionKey] as? String ?? "\(error)"
        guard let code = (error as? URLError)?.code else {
            return .retry(described, after: nil)
        }
        switch code {
        case .timedOut:
            return .retry("timed out after \(ExecSender.seconds(timeout))", after: nil)
        case .cannotConnectToHost:
            return .retry("cannot connect to \(host):\(port): connection refused or host unreachable", after: nil)
        case .cannotFindHost, .dnsLookupFailed:
            return .retry("cannot resolve the host name \(host)", after: nil)
        case .networkConnectionLost:
            return .retry("\(host):\(port) closed the connection before answering", after: nil)
        case .notConnectedToInternet:
            return .retry("no network to reach \(host)", after: nil)
        case .badURL, .unsupportedURL:
            return .failed("the webhook URL \(url.absoluteString) cannot be used: \(described)")
        case .cancelled:
            return .retry("cancelled (the daemon is stopping)", after: nil)
        case .serverCertificateUntrusted, .serverCertificateHasBadDate, .serverCertificateHasUnknownRoot,
            .serverCertificateNotYetValid:
            return .retry("TLS: certificate not trusted (\(described))", after: nil)
        default:
            // libcurl's TLS failures arrive as an unknown error with its message ("SSL certificate problem: …").
            if described.localizedCaseInsensitiveContains("certificate") {
                return .retry("TLS: certificate not trusted (\(described))", after: nil)
            }
            if described.contains("SSL") || described.contains("TLS") || code == .secureConnectionFailed {
                return .retry("TLS: \(described)", after: nil)
            }
            return .retry(described, after: nil)
        }
    }

    /// The start of a body as text: at most `excerptLength` bytes, control characters made spaces, trimmed.
    private static func excerpt(_ body: [UInt8]) -> String {
        let text = String(decoding: body.prefix(excerptLength), as: UTF8.self)
        let printable = String(text.map { $0.asciiValue.map { $0 < 0x20 || $0 == 0x7f } == true ? " " : $0 })
        return printable.trimmingCharacters(in: .whitespaces)
    }

    /// Seconds to wait from a `Retry-After` value (RFC 9110: delta-seconds, or an HTTP-date taken relative to
    /// `now`); nil when absent or unreadable.
    private static func retryAfter(_ value: String?, now: Int64) -> Int64? {
        guard let value, !value.isEmpty else { return nil }
        return RetryAfter.seconds(value, now: now)
    }
}

extension WebhookSender {
    /// The one answer of one request, handed from the session's queue to the waiting caller.
    private final class Answer: Sendable {
        private let outcome = Mutex<DeliveryOutcome?>(nil)
        private let done = DispatchSemaphore(value: 0)

        /// Records the outcome (the first one) and wakes the caller.
        func finish(_ value: DeliveryOutcome) {
            outcome.withLock { if $0 == nil { $0 = value } }
            done.signal()
        }

        /// The outcome, waiting at most `seconds`; nil when it did not come in time.
        func wait(seconds: Double) -> DeliveryOutcome? {
            guard done.wait(timeout: .now() + seconds) == .success else { return nil }
            return outcome.withLock { $0 }
        }
    }

    /// The session's delegate: declines every redirect (the 3xx answer itself completes the task), keeps the start
    /// of each answer's body, and hands each finished task to the function its caller registered.
    private final class SessionDelegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
        // @unchecked: the only state is `pending`, behind its Mutex (the callbacks also run on one serial queue).

        /// A task's caller: what to make of the answer, whom to give it, and the body so far.
        struct Pending {
            var body: [UInt8] = []
            let read: @Sendable (URLResponse?, [UInt8], (any Error)?) -> DeliveryOutcome
            let then: @Sendable (DeliveryOutcome) -> Void
        }

        private let pending = Mutex<[Int: Pending]>([:])

        /// Registers the caller of the task `identifier`, before the task is resumed.
        func expect(
            _ identifier: Int, read: @escaping @Sendable (URLResponse?, [UInt8], (any Error)?) -> DeliveryOutcome,
            then: @escaping @Sendable (DeliveryOutcome) -> Void
        ) {
            pending.withLock { $0[identifier] = Pending(read: read, then: then) }
        }

        func urlSession(
            _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
            newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
        ) {
            completionHandler(nil)
        }

        func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
            pending.withLock { tasks in
                guard var entry = tasks[dataTask.taskIdentifier] else { return }
                let room = WebhookSender.excerptLength - entry.body.count
                guard room > 0 else { return }
                entry.body.append(contentsOf: data.prefix(room))
                tasks[dataTask.taskIdentifier] = entry
            }
        }

        func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
            guard let entry = pending.withLock({ $0.removeValue(forKey: task.taskIdentifier) }) else { return }
            entry.then(entry.read(task.response, entry.body, error))
        }
    }
}
