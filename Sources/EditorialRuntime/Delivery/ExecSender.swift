import EditorialCore

/// Delivers by running a route's command (no shell) with the event on its standard input, and reads the result
/// from its exit status, by `sysexits.h`: 0 is delivered; 64–68 and 76–78 (usage, data format, no input,
/// unknown addressee, unknown host, protocol, permission, configuration) are permanent; any other status, a
/// signal or the timeout is worth another try. Safe to call from several threads at once.
public struct ExecSender: Sendable {
    /// The exit statuses that say another try cannot help, with what `sysexits.h` calls them.
    static let permanentStatuses: [Int32: String] = [
        64: "usage error", 65: "data format error", 66: "cannot open input", 67: "addressee unknown",
        68: "host name unknown", 76: "remote error in protocol", 77: "permission denied", 78: "configuration error",
    ]
    /// What `sysexits.h` calls the other statuses it defines (all worth another try).
    static let temporaryStatuses: [Int32: String] = [
        69: "service unavailable", 70: "internal software error", 71: "system error", 72: "critical OS file missing",
        73: "cannot create output file", 74: "input/output error", 75: "temporary failure",
    ]
    /// The most characters of the command's error output a message quotes.
    static let excerptLength = 200

    /// How many bytes of each of the command's outputs are kept (the rest is read and dropped).
    public var outputLimit: Int

    /// A sender keeping `outputLimit` bytes of each output.
    public init(outputLimit: Int = 64 * 1024) {
        self.outputLimit = outputLimit
    }

    /// Runs `command` (`command[0]` an absolute path) with exactly `environment`, writes `input` to it, waits at
    /// most `timeout` seconds (then kills its process group), and says what came of it.
    /// `program` names the command in messages (the real program when `command` is a wrapper such as setpriv).
    public func send(
        command: [String], input: [UInt8], timeout: Double, environment: [String: String], program: String? = nil
    ) -> DeliveryOutcome {
        let child = ChildProcess(
            argv: command, environment: environment, input: input, timeout: timeout, outputLimit: outputLimit)
        do {
            let result = try child.run()
            return Self.outcome(result, program: program ?? command.first ?? "", timeout: timeout)
        } catch {
            return .failed(error.description)
        }
    }

    /// What a finished run of `program` means for a delivery.
    static func outcome(
        _ result: ChildProcess.Result, program: String, timeout: Double,
        permanent: [Int32: String] = permanentStatuses
    ) -> DeliveryOutcome {
        let excerpt = Self.excerpt(result.stderr.isEmpty ? result.stdout : result.stderr)
        let detail = excerpt.isEmpty ? "" : ": " + excerpt
        if result.timedOut {
            return .retry("\(program) timed out after \(seconds(timeout)) and was killed\(detail)", after: nil)
        }
        switch result.termination {
        case .exited(0):
            return .delivered("exit status 0")
        case .exited(let status):
            if let meaning = permanent[status] {
                return .failed("\(program) exited with status \(status) (\(meaning))\(detail)")
            }
            let meaning = temporaryStatuses[status].map { " (\($0))" } ?? ""
            return .retry("\(program) exited with status \(status)\(meaning)\(detail)", after: nil)
        case .signaled(let number):
            return .retry("\(program) was killed by signal \(number)\(signalName(number))\(detail)", after: nil)
        }
    }

    /// The output's lines, trimmed and joined with `; `, control characters made spaces, at most
    /// `excerptLength` characters (msmtp, for one, puts the server's answer on its second line).
    static func excerpt(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.split(whereSeparator: \.isNewline).map { line in
            String(line.map { $0.asciiValue.map { $0 < 0x20 || $0 == 0x7f } == true ? " " : $0 })
                .trimmingWhitespace()
        }
        let joined = lines.filter { !$0.isEmpty }.joined(separator: "; ")
        guard joined.count > excerptLength else { return joined }
        return String(joined.prefix(excerptLength - 1)) + "…"
    }

    /// `10 s`, `2.5 s`.
    static func seconds(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? "\(Int64(value)) s" : "\(value) s"
    }

    /// ` (SIGKILL)` for the signals a command commonly dies of; empty for others.
    private static func signalName(_ number: Int32) -> String {
        let names: [Int32: String] = [
            1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 4: "SIGILL", 5: "SIGTRAP", 6: "SIGABRT", 7: "SIGBUS", 8: "SIGFPE",
            9: "SIGKILL", 10: "SIGUSR1", 11: "SIGSEGV", 12: "SIGUSR2", 13: "SIGPIPE", 14: "SIGALRM", 15: "SIGTERM",
            24: "SIGXCPU", 25: "SIGXFSZ", 31: "SIGSYS",
        ]
        return names[number].map { " (\($0))" } ?? ""
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    fileprivate func trimmingWhitespace() -> String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
