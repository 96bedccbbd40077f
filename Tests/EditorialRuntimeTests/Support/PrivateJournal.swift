import Foundation

/// A private, throwaway `systemd-journald` for tests, in its own mount namespace (needs root).
///
/// `unshare` gives a bash process a private mount namespace with fresh tmpfs mounts on `/run` and
/// `/var/log/journal`, starts journald there and waits for its socket; the host's journal is neither
/// written nor read, and parallel tests do not see each other's entries. Commands run inside with
/// ``process(_:environment:)`` (through `nsenter`, so the `Process`'s pid is the command's own), and
/// ``entries(_:)`` reads the journal back. With `journald: false` the namespace has an empty `/run` and no
/// journald: the place to test what happens without one. ``stop()`` (also on deinit, and when the test
/// process dies: the namespace's bash exits when its standard input closes) stops journald and the
/// namespace. Self-contained: copy this file into any test target.
final class PrivateJournal {
    /// A failure to start, run or read; the description says what happened.
    struct Failure: Error, CustomStringConvertible {
        /// What went wrong.
        var description: String
    }

    /// What a command run by ``run(_:environment:input:timeout:)`` did.
    struct Result {
        /// The exit status (or the signal number when killed).
        var status: Int32
        /// Standard output.
        var out: String
        /// Standard error.
        var err: String
    }

    /// The pid of the bash process holding the namespace (for `nsenter -t`).
    let pid: Int32
    /// The pid of journald, 0 without one.
    let journaldPID: Int32
    /// How long the start took (unshare, mounts, journald up to its socket).
    let startupTime: Duration

    private let process: Process
    private let control: FileHandle
    private let exited = DispatchSemaphore(value: 0)
    private var stopped = false

    /// The environment variables a command inside never inherits from the test process.
    static let serviceVariables: Set<String> = [
        "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES",
        "JOURNAL_STREAM", "INVOCATION_ID",
    ]

    /// Starts the namespace and (unless `journald` is false) journald, waiting at most `timeout` for it.
    init(journald: Bool = true, timeout: Duration = .seconds(10)) throws {
        let started = ContinuousClock.now
        let script = """
            set -eu
            mount -t tmpfs -o mode=0755 tmpfs /run
            if [ -d /var/log/journal ]; then mount -t tmpfs -o mode=2755 tmpfs /var/log/journal; fi
            mkdir -p /run/systemd/journal
            JP=0
            stop() { if [ "$JP" != 0 ]; then kill -TERM "$JP" 2>/dev/null || true; wait "$JP" || true; fi; }
            trap 'stop; exit 0' TERM INT HUP
            if [ "$1" = journald ]; then
                /lib/systemd/systemd-journald </dev/null >/dev/null 2>&1 &
                JP=$!
                i=0
                until [ -S /run/systemd/journal/socket ]; do
                    i=$((i + 1))
                    if [ "$i" -gt 1000 ] || ! kill -0 "$JP" 2>/dev/null; then echo "journald did not start" >&2; stop; exit 1; fi
                    sleep 0.005
                done
            fi
            echo "READY $JP"
            read -r _ || true
            stop
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        process.arguments = [
            "--mount", "--propagation", "private", "--", "/bin/bash", "-c", script, "private-journal",
            journald ? "journald" : "none",
        ]
        process.environment = Self.environment([:])
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        let exited = self.exited
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        self.process = process
        control = input.fileHandleForWriting
        let line = Self.readLine(output.fileHandleForReading, until: .now + timeout)
        guard let line, line.hasPrefix("READY "), let journaldPID = Int32(line.dropFirst(6)) else {
            process.terminate()
            _ = exited.wait(timeout: .now() + 5)
            let message = String(decoding: errors.fileHandleForReading.availableData, as: UTF8.self)
            throw Failure(description: "private journald did not start: \(line ?? "no answer") \(message)")
        }
        pid = process.processIdentifier
        self.journaldPID = journaldPID
        startupTime = ContinuousClock.now - started
    }

    deinit {
        stop()
    }

    /// Stops journald (SIGTERM, then SIGKILL after 5 s) and the namespace, and reaps them; idempotent.
    func stop() {
        guard !stopped else { return }
        stopped = true
        try? control.close()
        if exited.wait(timeout: .now() + 5) == .timedOut {
            kill(pid, SIGKILL)
            if journaldPID > 0 { kill(journaldPID, SIGKILL) }
            _ = exited.wait(timeout: .now() + 5)
        }
    }

    /// A `Process`, not yet started, that runs `argv` inside the namespace (`nsenter -t PID -m -- argv`).
    ///
    /// `nsenter` execs `argv`, so the process's pid is the command's. Its environment is the test process's
    /// without the service-manager variables (``serviceVariables``), plus `environment`.
    func process(_ argv: [String], environment: [String: String] = [:]) -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/nsenter")
        process.arguments = ["-t", String(pid), "-m", "--"] + argv
        process.environment = Self.environment(environment)
        return process
    }

    /// Runs `argv` inside the namespace to the end (killed after `timeout`) and returns what it printed.
    func run(
        _ argv: [String], environment: [String: String] = [:], input: String = "", timeout: Duration = .seconds(30)
    ) throws -> Result {
        try Self.run(process(argv, environment: environment), input: input, timeout: timeout)
    }

    /// The journal's entries, oldest first: `journalctl --sync`, then `journalctl -q -o json --all ARGS`.
    ///
    /// `arguments` are matches (`FIELD=value`, `+` for OR) or other journalctl options (`-p warning`,
    /// `-t editoriald`). A field repeated in one entry has its values joined by newlines; binary values
    /// (control characters) are decoded as UTF-8.
    func entries(_ arguments: [String] = []) throws -> [[String: String]] {
        let sync = try run(["journalctl", "--sync"])
        guard sync.status == 0 else { throw Failure(description: "journalctl --sync failed: \(sync.err)") }
        let query = try run(["journalctl", "-q", "-o", "json", "--all", "--no-pager"] + arguments)
        guard query.status == 0 else { throw Failure(description: "journalctl failed: \(query.err)") }
        return try query.out.split(separator: "\n").map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw Failure(description: "journalctl printed a line that is not a JSON object: \(line)")
            }
            return object.compactMapValues(Self.text)
        }
    }

    /// Waits (polling, at most `timeout`) until `entries(arguments)` has at least `count` entries; returns them.
    func waitForEntries(_ arguments: [String] = [], count: Int, timeout: Duration = .seconds(10)) throws
        -> [[String: String]]
    {
        let deadline = ContinuousClock.now + timeout
        while true {
            let found = try entries(arguments)
            if found.count >= count { return found }
            guard ContinuousClock.now < deadline else {
                throw Failure(description: "\(found.count) of \(count) entries matching \(arguments) after \(timeout)")
            }
            // An external process writes the entries: poll until the deadline.
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    /// Starts `process` with `input` on stdin and files for stdout and stderr, waits at most `timeout`
    /// (then SIGKILL), and returns what it printed.
    static func run(_ process: Process, input: String = "", timeout: Duration = .seconds(30)) throws -> Result {
        // Files, not pipes: a large output can never stall the child.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("private-journal-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let paths = ["in", "out", "err"].map { directory.appendingPathComponent($0) }
        try Data(input.utf8).write(to: paths[0])
        for path in paths.dropFirst() { _ = FileManager.default.createFile(atPath: path.path, contents: nil) }
        let stdin = try FileHandle(forReadingFrom: paths[0])
        let stdout = try FileHandle(forWritingTo: paths[1])
        let stderr = try FileHandle(forWritingTo: paths[2])
        defer {
            try? stdin.close()
            try? stdout.close()
            try? stderr.close()
        }
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        try process.run()
        let nanoseconds = timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
        if done.wait(timeout: .now() + .nanoseconds(Int(nanoseconds))) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            done.wait()
            throw Failure(description: "\(process.arguments ?? []) did not finish within \(timeout)")
        }
        return Result(
            status: process.terminationStatus,
            out: String(decoding: try Data(contentsOf: paths[1]), as: UTF8.self),
            err: String(decoding: try Data(contentsOf: paths[2]), as: UTF8.self))
    }

    /// The test process's environment without ``serviceVariables``, plus `extra`.
    static func environment(_ extra: [String: String]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !serviceVariables.contains($0.key) }
        environment.merge(extra) { _, new in new }
        return environment
    }

    /// A journalctl JSON value as text: a string, bytes (an array of numbers), or a repeated field.
    private static func text(_ value: Any) -> String? {
        if let string = value as? String { return string }
        guard let array = value as? [Any] else { return nil }
        if !array.isEmpty, array.allSatisfy({ $0 is NSNumber }) {
            return String(decoding: array.compactMap { ($0 as? NSNumber)?.uint8Value }, as: UTF8.self)
        }
        let values = array.compactMap(text)
        return values.isEmpty ? nil : values.joined(separator: "\n")
    }

    /// The first line `handle` yields before `deadline`, without its newline; nil on end of file or timeout.
    private static func readLine(_ handle: FileHandle, until deadline: ContinuousClock.Instant) -> String? {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 256)
        while true {
            let left = deadline - .now
            guard left > .zero else { return nil }
            var descriptor = pollfd(fd: handle.fileDescriptor, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(min(left.components.seconds * 1000 + 1, 60_000))
            let ready = poll(&descriptor, 1, milliseconds)
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { continue }
            let count = read(handle.fileDescriptor, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return nil }
            bytes += buffer[0..<count]
            if let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) {
                return String(decoding: bytes[..<newline], as: UTF8.self)
            }
        }
    }
}
