import EditorialCore
import Foundation
import Glibc

/// Makes one attempt of one delivery: renders the outbox entry in its route's form and hands it to the route's
/// target — a signed JSON POST, a mail through sendmail, a command with the event on its standard input. Safe to
/// call from several threads at once.
public final class DeliverySender: Sendable {
    /// The routes by name (a delivery whose route is gone from the config fails for good).
    let routes: [String: Route]
    private let webhooks = WebhookSender()
    /// The environment, for `$CREDENTIALS_DIRECTORY`.
    private let environment: [String: String]
    /// Commands run as `nobody` (through setpriv) when the daemon is root: never as root.
    private let isRoot: Bool

    /// A sender for `routes`.
    public init(routes: [Route], environment: [String: String], isRoot: Bool) {
        self.routes = Dictionary(routes.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        self.environment = environment
        self.isRoot = isRoot
    }

    /// One attempt (the `attempt`th) of `entry` at `now`.
    public func attempt(_ entry: OutboxEntry, attempt: Int, now: Int64) -> DeliveryOutcome {
        guard let route = routes[entry.route] else {
            return .failed("the route '\(entry.route)' is no longer in the config")
        }
        let payload: OutboxPayload
        do {
            payload = try OutboxPayload(json: entry.payload)
        } catch {
            return .failed("the stored event cannot be read: \(error)")
        }
        switch route.target {
        case .webhook(let target):
            return post(entry, payload, target, attempt: attempt, now: now)
        case .email(let target):
            let message = MailComposer.message(entry, payload, target, now: now)
            guard !message.to.isEmpty else {
                return .failed(
                    "no address to mail: \(entry.recipient.isEmpty ? "the route has no to:" : "people: gives \(entry.recipient) no email")"
                )
            }
            return MailSender(command: target.sendmail).send(message: message.bytes(), timeout: target.timeout)
        case .exec(let target):
            var input = Array(DeliveryPayload.generic(entry: entry, payload: payload).compact.utf8)
            input.append(0x0A)
            // Never as root: a daemon started by root outside systemd runs commands as nobody.
            let command =
                isRoot
                ? ["/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"] + target.command
                : target.command
            let env = [
                "PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "EDITORIALD_ROUTE": entry.route,
                "EDITORIALD_EVENT": entry.event, "EDITORIALD_IDEMPOTENCY_KEY": entry.key,
                "EDITORIALD_REMINDER_KEY": entry.reminderKey, "EDITORIALD_ATTEMPT": String(attempt),
            ]
            return ExecSender().send(
                command: command, input: input, timeout: target.timeout, environment: env, program: target.command[0])
        }
    }

    private func post(
        _ entry: OutboxEntry, _ payload: OutboxPayload, _ target: RouteTarget.Webhook, attempt: Int, now: Int64
    ) -> DeliveryOutcome {
        guard let url = URL(string: target.url) else { return .failed("the URL \(target.url) cannot be read") }
        let body = Array(DeliveryPayload.body(target.shape, entry: entry, payload: payload).compact.utf8)
        var headers = [
            ("Idempotency-Key", entry.key), ("Editoriald-Event", entry.event),
            ("Editoriald-Delivery", String(entry.id)),
            ("Editoriald-Attempt", String(attempt)),
        ]
        if let source = target.secret {
            switch Secret.read(source, environment: environment) {
            case .success(let secret):
                headers.append(
                    (WebhookSignature.header, WebhookSignature.value(body: body, timestamp: now, secret: secret)))
            case .failure(let problem):
                // The operator can fix the file; the delivery waits for it instead of going out unsigned.
                return .retry(problem.message, after: nil)
            }
        }
        return webhooks.post(url: url, body: body, headers: headers, timeout: target.timeout, now: now)
    }
}
