import Foundation

/// The built `journal-probe` test helper (see `Tests/JournalProbe`).
enum Probe {
    /// The package root (three levels above this file).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The binary, next to the test bundle (`swift build --build-tests` builds it with the tests).
    static let binary: URL = {
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [here, here.deletingLastPathComponent(), root.appendingPathComponent(".build/debug")] {
            let url = candidate.appendingPathComponent("journal-probe")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return root.appendingPathComponent(".build/debug/journal-probe")
    }()

    /// Runs the probe in this mount namespace with the test environment (minus service variables) plus
    /// `environment`.
    static func run(_ arguments: [String], environment: [String: String] = [:], input: String = "") throws
        -> PrivateJournal.Result
    {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = PrivateJournal.environment(environment)
        return try PrivateJournal.run(process, input: input)
    }

    /// JSON lines for the probe's `send` and `log` commands.
    static func lines(_ records: [[String: Any]]) throws -> String {
        try records.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) + "\n" }
            .joined()
    }
}
