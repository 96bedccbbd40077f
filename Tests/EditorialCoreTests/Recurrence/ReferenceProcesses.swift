import Foundation

/// The reference implementations the differential tests run as child processes: libical through the
/// `ical-probe` helper (Tests/ICalProbe) and python-dateutil through python3.
enum ReferenceProcesses {
    /// What a child process printed.
    struct Output: Sendable {
        /// Its exit status.
        var status: Int32
        /// Its standard output.
        var output: String
        /// Its standard error.
        var error: String
    }

    /// The package root (four levels above this file).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The built `ical-probe`, next to the test bundle (`swift build --build-tests` builds it with the tests).
    static let icalProbe: URL = {
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [here, here.deletingLastPathComponent(), root.appendingPathComponent(".build/debug")] {
            let url = candidate.appendingPathComponent("ical-probe")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return root.appendingPathComponent(".build/debug/ical-probe")
    }()

    /// Runs `python3` (the first on PATH) with `arguments`, feeding `input`; nil when it cannot be started.
    static func python(_ arguments: [String], input: String) -> Output? {
        run(URL(fileURLWithPath: "/usr/bin/env"), ["python3"] + arguments, input: input)
    }

    /// Runs `executable`, feeding `input` and collecting both outputs; nil when it cannot be started.
    static func run(_ executable: URL, _ arguments: [String], input: String, environment: [String: String] = [:])
        -> Output?
    {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        do { try process.run() } catch { return nil }
        // Read both outputs concurrently with writing so that no pipe can fill up and block the child.
        let outputs = OutputCollector()
        let group = DispatchGroup()
        for (index, pipe) in [stdout, stderr].enumerated() {
            group.enter()
            DispatchQueue.global().async {
                outputs.set(index, pipe.fileHandleForReading.readDataToEndOfFile())
                group.leave()
            }
        }
        // A child that exits early must not kill the test with SIGPIPE; its output tells what happened.
        signal(SIGPIPE, SIG_IGN)
        try? stdin.fileHandleForWriting.write(contentsOf: Data(input.utf8))
        try? stdin.fileHandleForWriting.close()
        group.wait()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, output: outputs.text(0), error: outputs.text(1))
    }

    private final class OutputCollector: @unchecked Sendable {
        private let lock = NSLock()
        private var data = [Data(), Data()]
        func set(_ i: Int, _ d: Data) { lock.withLock { data[i] = d } }
        func text(_ i: Int) -> String { lock.withLock { String(decoding: data[i], as: UTF8.self) } }
    }
}
