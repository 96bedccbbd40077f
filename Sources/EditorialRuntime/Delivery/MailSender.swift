import EditorialCore
import Glibc

/// Delivers an e-mail by piping the whole RFC 5322 message to a sendmail-compatible command (`sendmail -t` reads
/// the recipients from the `To:`/`Cc:`/`Bcc:` headers), with no shell. The exit status reads as for
/// ``ExecSender``, by `sysexits.h`: `EX_TEMPFAIL` (75) and `EX_UNAVAILABLE` (69) are worth another try, an
/// an unknown addressee (67), bad data (65) and the like are not, an unresolvable mail host (68, usually a resolver
/// briefly down) is; a missing sendmail is a permanent
/// failure that says what to install. Safe to call from several threads at once.
///
/// msmtp, as measured: 0 sent; 75 when the server cannot be reached (connection refused); 65 when the server
/// refuses a recipient with a 5xx; 69 when it refuses one with a 4xx or refuses the message (4xx or 5xx) after
/// DATA; 68 when the server's name does not resolve; 64 when the message names no recipient.
public struct MailSender: Sendable {
    /// `/usr/sbin/sendmail -t -oi`: recipients from the headers; a line with a single dot does not end the input.
    public static let defaultCommand = ["/usr/sbin/sendmail", "-t", "-oi"]
    /// What the command gets as its environment (nothing else is inherited).
    public static let defaultEnvironment = ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8"]
    /// The statuses that kill a mail: a command's, but EX_NOHOST (68), which from a sendmail is most often a
    /// resolver briefly down rather than a wrong address.
    static let permanentStatuses = ExecSender.permanentStatuses.filter { $0.key != 68 }

    /// The command and its arguments, `command[0]` an absolute path.
    public var command: [String]
    /// The command's whole environment.
    public var environment: [String: String]

    /// A sender piping messages to `command`.
    public init(command: [String] = MailSender.defaultCommand, environment: [String: String] = defaultEnvironment) {
        self.command = command
        self.environment = environment
    }

    /// Pipes `message` (headers, blank line, body; LF or CRLF line ends) to the command, waits at most `timeout`
    /// seconds (then kills it), and says what came of it.
    public func send(message: [UInt8], timeout: Double) -> DeliveryOutcome {
        guard let program = command.first, !program.isEmpty else {
            return .failed("no sendmail command: set sendmail: in the route")
        }
        let child = ChildProcess(argv: command, environment: environment, input: message, timeout: timeout)
        do {
            let result = try child.run()
            return ExecSender.outcome(result, program: program, timeout: timeout, permanent: Self.permanentStatuses)
        } catch  where error.code == ENOENT {
            return .failed(
                "no sendmail at \(program): install an MTA (postfix, exim4, msmtp-mta) or set sendmail: in the route")
        } catch {
            return .failed(error.description)
        }
    }
}
