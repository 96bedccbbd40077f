import Foundation

/// A server script from `Tests/Fixtures` running as a child process: it prints its port on its first line of
/// standard output, then one line per event (a request received, a message stored), which a background thread
/// counts so that a test can wait for events without polling. The script exits when its standard input closes,
/// which ``stop()`` (also on deinit) does — and which happens too when the test process dies.
final class FixtureServer {
    /// A failure to start the script or to see what was asked for in time.
    struct Failure: Error, CustomStringConvertible {
        /// What went wrong.
        var description: String
    }

    /// `Tests/Fixtures`, found from this file's path.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// The port it listens on (127.0.0.1).
    let port: Int
    /// Where its standard error goes.
    let errorLog: String
    private let process: Process
    private let input: FileHandle
    private let counter = Counter()
    private let exited = DispatchSemaphore(value: 0)
    private var stopped = false

    /// Starts `interpreter Tests/Fixtures/script arguments` and waits at most `timeout` for its port.
    init(interpreter: String, script: String, arguments: [String], errorLog: String, timeout: Duration = .seconds(10))
        throws
    {
        self.errorLog = errorLog
        let process = Process()
        process.executableURL = URL(fileURLWithPath: interpreter)
        process.arguments = [Self.fixtures.appendingPathComponent(script).path] + arguments
        process.environment = PrivateJournal.environment(["PYTHONUNBUFFERED": "1"])
        let input = Pipe()
        let output = Pipe()
        _ = FileManager.default.createFile(atPath: errorLog, contents: nil)
        process.standardInput = input
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errorLog))
        let exited = self.exited
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        self.process = process
        self.input = input.fileHandleForWriting
        try? input.fileHandleForReading.close()

        let firstLine = Self.readLine(output.fileHandleForReading, until: .now + timeout)
        guard let firstLine, let port = Int(firstLine) else {
            process.terminate()
            _ = exited.wait(timeout: .now() + 5)
            let errors = (try? String(contentsOfFile: errorLog, encoding: .utf8)) ?? ""
            throw Failure(
                description: "\(script) did not print its port within \(timeout): \(firstLine ?? "") \(errors)")
        }
        self.port = port
        let reading = output.fileHandleForReading
        let counter = self.counter
        Thread.detachNewThread { counter.count(reading) }
    }

    deinit {
        stop()
    }

    /// Waits at most `timeout` until the script has announced `count` events; false if it had not.
    func waitForEvents(count: Int, timeout: Duration) -> Bool {
        counter.wait(for: count, timeout: timeout)
    }

    /// The number of events announced so far.
    var eventCount: Int { counter.value }

    /// Closes the script's standard input and waits for it to exit (SIGKILL after 5 s); idempotent.
    func stop() {
        guard !stopped else { return }
        stopped = true
        try? input.close()
        if exited.wait(timeout: .now() + 5) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            _ = exited.wait(timeout: .now() + 5)
        }
    }

    /// The event lines counted so far, by the thread that reads them.
    private final class Counter: @unchecked Sendable {
        // `events` and `ended` are guarded by `condition`.
        private let condition = NSCondition()
        private var events = 0
        private var ended = false

        var value: Int {
            condition.lock()
            defer { condition.unlock() }
            return events
        }

        /// Counts the lines `handle` yields until its end.
        func count(_ handle: FileHandle) {
            while true {
                let data = handle.availableData
                condition.lock()
                if data.isEmpty {
                    ended = true
                } else {
                    events += data.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
                }
                condition.broadcast()
                condition.unlock()
                if data.isEmpty { break }
            }
            try? handle.close()
        }

        /// Waits at most `timeout` for `count` lines; false if they did not come (or the output ended first).
        func wait(for count: Int, timeout: Duration) -> Bool {
            let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
            let deadline = Date() + seconds
            condition.lock()
            defer { condition.unlock() }
            while events < count && !ended {
                guard condition.wait(until: deadline) else { break }
            }
            return events >= count
        }
    }

    /// The first line `handle` yields before `deadline`, read a byte at a time so that nothing after it is
    /// consumed; nil on end of file or timeout.
    private static func readLine(_ handle: FileHandle, until deadline: ContinuousClock.Instant) -> String? {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let left = deadline - .now
            guard left > .zero else { return nil }
            var descriptor = pollfd(fd: handle.fileDescriptor, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(min(left.components.seconds * 1000 + 1, 60_000))
            let ready = poll(&descriptor, 1, milliseconds)
            guard ready > 0 else { continue }
            let count = read(handle.fileDescriptor, &byte, 1)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return nil }
            if byte == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
    }
}
