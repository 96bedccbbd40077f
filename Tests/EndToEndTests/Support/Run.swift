import Foundation

/// Runs the built `editorialctl` binary and captures what it prints.
struct Run {
    /// Exit status.
    var status: Int32
    /// Standard output.
    var out: String
    /// Standard error.
    var err: String

    /// The package root (three levels above this file's folder).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The built binary, next to the test bundle.
    static let binary: URL = {
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [here, here.deletingLastPathComponent(), root.appendingPathComponent(".build/debug")] {
            let url = candidate.appendingPathComponent("editorialctl")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return root.appendingPathComponent(".build/debug/editorialctl")
    }()

    /// Runs `editorialctl ARGS` in the package root with `TZ=Europe/Rome` and no colour settings inherited.
    static func ctl(_ arguments: String..., environment: [String: String] = [:]) throws -> Run {
        try ctl(arguments, environment: environment)
    }

    /// Runs `editorialctl` with an argument array.
    static func ctl(_ arguments: [String], environment: [String: String] = [:], input: String? = nil) throws -> Run {
        var env = environment
        env["TZ"] = env["TZ"] ?? "Europe/Rome"
        return try launch(binary, arguments, environment: env, removing: ["NO_COLOR"], input: input)
    }

    /// Runs `executable` in the package root with the test's environment (minus `removing`, plus
    /// `environment`), `input` on standard input, and output in files: a large output never stalls the child.
    static func launch(
        _ executable: URL, _ arguments: [String], environment: [String: String], removing: Set<String> = [],
        input: String? = nil
    ) throws -> Run {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = root
        var env = ProcessInfo.processInfo.environment.filter { !removing.contains($0.key) }
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let dir = try directory([:])
        defer { try? FileManager.default.removeItem(at: dir) }
        let outURL = dir.appendingPathComponent("out")
        let errURL = dir.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        if let input {
            let inURL = dir.appendingPathComponent("in")
            try input.write(to: inURL, atomically: true, encoding: .utf8)
            process.standardInput = try FileHandle(forReadingFrom: inURL)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return Run(
            status: process.terminationStatus, out: try String(contentsOf: outURL, encoding: .utf8),
            err: try String(contentsOf: errURL, encoding: .utf8))
    }

    /// A temporary directory holding the given files.
    static func directory(_ files: [String: String]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("editorialctl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return dir
    }
}
