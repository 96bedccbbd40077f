import Foundation

/// A private PostgreSQL server for a benchmark, started by the tests' fixture script
/// (`Tests/Fixtures/postgres-server.sh`), which stops it and removes its directory when its standard input closes
/// (``stop()``, or this process ending).
final class BenchPostgres {
    /// The directory holding the socket.
    let directory: String
    /// The port in the socket's name.
    let port: Int
    private let process = Process()
    private let input = Pipe()

    /// Starts the server in `directory` (made here) and waits for it to accept connections.
    init(directory: String) throws {
        self.directory = directory
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
                "Tests/Fixtures/postgres-server.sh")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // Under root the server runs as postgres, which must get through mkdtemp's 0700 parent to its directory.
        chmod((directory as NSString).deletingLastPathComponent, 0o755)
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script.path, directory]
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let line = String(decoding: output.fileHandleForReading.readLine(), as: UTF8.self)
        guard let port = Int(line) else {
            throw BenchError("the PostgreSQL server did not start (see \(directory)/server.log): '\(line)'")
        }
        self.port = port
    }

    /// A libpq connection string to the server's own database as its superuser.
    var connection: String { "host=\(directory) port=\(port) dbname=postgres user=postgres" }

    /// Stops the server and waits for the script to remove it.
    func stop() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}

extension FileHandle {
    /// Bytes up to the first newline (or the end), read one at a time so that nothing after it is consumed.
    fileprivate func readLine() -> [UInt8] {
        var bytes: [UInt8] = []
        while let data = try? read(upToCount: 1), let byte = data.first, byte != UInt8(ascii: "\n") {
            bytes.append(byte)
        }
        return bytes
    }
}
