/// Where a route sends what it matches.
public enum RouteTarget: Hashable, Sendable {
    /// An HTTP(S) POST of a JSON body.
    case webhook(Webhook)
    /// An e-mail through the system's `sendmail` interface.
    case email(Email)
    /// A command run with the event as JSON on its standard input (never through a shell).
    case exec(Exec)

    /// A webhook target.
    public struct Webhook: Hashable, Sendable {
        /// The URL (http or https).
        public var url: String
        /// The body's shape.
        public var shape: WebhookShape
        /// The signing secret's source; nil: unsigned.
        public var secret: SecretSource?
        /// Seconds the whole request may take.
        public var timeout: Double
        /// Extra request headers (an `Authorization` for a ticketing API, say).
        public var headers: [String: String]

        /// A webhook target.
        public init(
            url: String, shape: WebhookShape = .generic, secret: SecretSource? = nil, timeout: Double = 10,
            headers: [String: String] = [:]
        ) {
            self.url = url
            self.shape = shape
            self.secret = secret
            self.timeout = timeout
            self.headers = headers
        }
    }

    /// An e-mail target.
    public struct Email: Hashable, Sendable {
        /// The `From:` address (`editoriald <editoriald@example.com>`).
        public var from: String
        /// Fixed recipients; empty: the owner's address (the route's audience is `owners`).
        public var to: [String]
        /// The sendmail command (`/usr/sbin/sendmail -t -oi`).
        public var sendmail: [String]
        /// Seconds the command may take.
        public var timeout: Double

        /// The default sendmail command: any MTA (postfix, exim, msmtp-mta) provides it.
        public static let defaultSendmail = ["/usr/sbin/sendmail", "-t", "-oi"]

        /// An e-mail target.
        public init(from: String, to: [String] = [], sendmail: [String] = defaultSendmail, timeout: Double = 60) {
            self.from = from
            self.to = to
            self.sendmail = sendmail
            self.timeout = timeout
        }
    }

    /// A command target.
    public struct Exec: Hashable, Sendable {
        /// The program (an absolute path) and its arguments.
        public var command: [String]
        /// Seconds the command may run before it is killed.
        public var timeout: Double

        /// A command target.
        public init(command: [String], timeout: Double = 30) {
            self.command = command
            self.timeout = timeout
        }
    }

    /// `webhook`, `email` or `exec`.
    public var kind: String {
        switch self {
        case .webhook: "webhook"
        case .email: "email"
        case .exec: "exec"
        }
    }
}
