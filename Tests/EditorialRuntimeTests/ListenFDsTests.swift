import Foundation
import Testing

/// `ListenFDs` in `journal-probe`, with sockets passed the way systemd passes them.
///
/// Passing descriptors from 3 up cannot be done safely inside the test process (its descriptors belong
/// to the test runtime), so a child process gets them.
struct ListenFDsTests {
    private struct Report: Decodable {
        struct Passed: Decodable, Equatable {
            var fd: Int32
            var name: String
            var stream: Bool
            var listening: Bool
            var cloexec: Bool
        }
        var fds: [Passed]
        var environmentLeft: [String]
    }

    @Test func takesASocketPassedBySocketActivation() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("listen-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("control.sock").path
        let activator = Process()
        activator.executableURL = URL(fileURLWithPath: "/usr/bin/systemd-socket-activate")
        activator.arguments = ["-l", path, "--fdname=control", Probe.binary.path, "listen-fds"]
        activator.environment = PrivateJournal.environment([:])
        let outURL = directory.appendingPathComponent("out")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        defer { try? out.close() }
        activator.standardOutput = out
        activator.standardError = FileHandle.nullDevice
        let done = DispatchSemaphore(value: 0)
        activator.terminationHandler = { _ in done.signal() }
        try activator.run()
        defer {
            if activator.isRunning { kill(activator.processIdentifier, SIGKILL) }
        }

        // systemd-socket-activate binds the socket, then starts the probe on the first connection.
        let deadline = ContinuousClock.now + .seconds(10)
        let connection = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(connection) }
        var connected = false
        while !connected && ContinuousClock.now < deadline {
            connected = Self.connect(connection, to: path)
            if !connected { Thread.sleep(forTimeInterval: 0.01) }
        }
        try #require(connected)
        var reply = [UInt8](repeating: 0, count: 16)
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let count = read(connection, &reply, reply.count)
        #expect(count == 6 && String(decoding: reply[0..<6], as: UTF8.self) == "hello\n")
        #expect(done.wait(timeout: .now() + 10) == .success)

        let report = try JSONDecoder().decode(Report.self, from: try Data(contentsOf: outURL))
        #expect(report.fds == [.init(fd: 3, name: "control", stream: true, listening: true, cloexec: true)])
        #expect(report.environmentLeft.isEmpty)
    }

    @Test func nothingWhenNothingWasPassed() throws {
        let run = try Probe.run(["listen-fds"])
        #expect(run.status == 0, "\(run.err)")
        let report = try JSONDecoder().decode(Report.self, from: Data(run.out.utf8))
        #expect(report.fds.isEmpty)
    }

    @Test func ignoresDescriptorsMeantForAnotherProcess() throws {
        let run = try Probe.run(
            ["listen-fds"], environment: ["LISTEN_FDS": "1", "LISTEN_PID": "1", "LISTEN_FDNAMES": "x"])
        #expect(run.status == 0, "\(run.err)")
        let report = try JSONDecoder().decode(Report.self, from: Data(run.out.utf8))
        #expect(report.fds.isEmpty)
        #expect(report.environmentLeft.isEmpty)
    }

    private static func connect(_ fd: Int32, to path: String) -> Bool {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in bytes.prefix(buffer.count - 1).enumerated() { buffer[index] = byte }
        }
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0
            }
        }
    }
}
