import EditorialCore
import EditorialRuntime
import Foundation
import Testing

/// `ExecSender` with real commands: what each way of ending means for a delivery, and the messages a person
/// reads.
struct ExecSenderTests {
    private let sender = ExecSender()
    private let environment = ["PATH": "/usr/bin:/bin"]

    private func send(_ script: String, input: [UInt8] = [], timeout: Double = 10) -> DeliveryOutcome {
        sender.send(command: ["/bin/sh", "-c", script], input: input, timeout: timeout, environment: environment)
    }

    @Test func exitZeroIsDelivered() {
        #expect(send("cat >/dev/null; exit 0", input: Array("{}\n".utf8)) == .delivered("exit status 0"))
    }

    @Test(
        arguments: [
            (64, "usage error"), (65, "data format error"), (66, "cannot open input"), (67, "addressee unknown"),
            (68, "host name unknown"), (76, "remote error in protocol"), (77, "permission denied"),
            (78, "configuration error"),
        ] as [(Int32, String)])
    func permanentSysexitsFail(status: Int32, meaning: String) {
        #expect(
            send("echo '  no such recipient: anna  ' >&2; echo second line >&2; exit \(status)")
                == .failed("/bin/sh exited with status \(status) (\(meaning)): no such recipient: anna; second line"))
    }

    @Test(
        arguments: [
            (1, ""), (2, ""), (69, " (service unavailable)"), (70, " (internal software error)"),
            (75, " (temporary failure)"), (126, ""), (255, ""),
        ] as [(Int32, String)])
    func otherStatusesRetry(status: Int32, meaning: String) {
        #expect(
            send("echo 'try later' >&2; exit \(status)")
                == .retry("/bin/sh exited with status \(status)\(meaning): try later", after: nil))
    }

    @Test func aStatusWithoutOutputSaysJustThat() {
        #expect(send("exit 78") == .failed("/bin/sh exited with status 78 (configuration error)"))
        #expect(
            send("echo 'on stdout only'; exit 3") == .retry("/bin/sh exited with status 3: on stdout only", after: nil))
    }

    @Test func aSignalRetries() {
        #expect(send("kill -TERM $$") == .retry("/bin/sh was killed by signal 15 (SIGTERM)", after: nil))
        #expect(send("kill -SEGV $$") == .retry("/bin/sh was killed by signal 11 (SIGSEGV)", after: nil))
    }

    @Test func aTimeoutRetriesAndSaysItKilledTheCommand() {
        let started = ContinuousClock.now
        let outcome = sender.send(
            command: ["/bin/sleep", "100"], input: [], timeout: 1, environment: environment)
        #expect(outcome == .retry("/bin/sleep timed out after 1 s and was killed", after: nil))
        #expect(ContinuousClock.now - started < .seconds(3))
        #expect(
            send("echo 'connecting…' >&2; exec /bin/sleep 100", timeout: 0.5)
                == .retry("/bin/sh timed out after 0.5 s and was killed: connecting…", after: nil))
    }

    @Test func aMissingOrUnrunnableCommandFails() {
        #expect(
            sender.send(command: ["/usr/local/bin/no-such-notify"], input: [], timeout: 5, environment: [:])
                == .failed("cannot run /usr/local/bin/no-such-notify: No such file or directory"))
        #expect(
            sender.send(command: ["/etc/passwd"], input: [], timeout: 5, environment: [:])
                == .failed("cannot run /etc/passwd: Permission denied"))
        guard case .failed(let why) = sender.send(command: [], input: [], timeout: 5, environment: [:]) else {
            Issue.record("an empty command did not fail")
            return
        }
        #expect(why.contains("empty command"))
    }

    @Test func longErrorOutputIsCutAtTwoHundredCharacters() {
        guard case .retry(let why, nil) = send("printf 'x%.0s' $(seq 1 5000) >&2; exit 1") else {
            Issue.record("not a retry")
            return
        }
        let quoted = why.dropFirst("/bin/sh exited with status 1: ".count)
        #expect(quoted.count == 200)
        #expect(quoted.hasSuffix("x…"))
    }

    @Test func theInputAndTheEnvironmentReachTheCommand() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = directory.appending("event.json")
        let input = Array("{\"event\":\"due\",\"text\":\"caf\u{e9} ; $(x)\"}\n".utf8)
        let outcome = sender.send(
            command: ["/bin/sh", "-c", "test \"$EDITORIALD_EVENT\" = due && cat > \"$1\"", "sh", file], input: input,
            timeout: 10, environment: ["PATH": "/usr/bin:/bin", "EDITORIALD_EVENT": "due"])
        #expect(outcome == .delivered("exit status 0"))
        #expect(FileManager.default.contents(atPath: file).map { [UInt8]($0) } == input)
    }
}
