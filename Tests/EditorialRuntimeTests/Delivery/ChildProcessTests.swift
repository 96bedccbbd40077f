import Dispatch
import EditorialRuntime
import Foundation
import Testing

/// `ChildProcess` running real programs: statuses, signals, the timeout and the process group, outputs beyond
/// the limit, inputs nobody reads, spawn failures, the environment, no shell, several threads at once.
struct ChildProcessTests {
    private func run(
        _ argv: [String], environment: [String: String] = [:], input: [UInt8] = [], timeout: Double = 10,
        outputLimit: Int = 64 * 1024
    ) throws -> ChildProcess.Result {
        try ChildProcess(
            argv: argv, environment: environment, input: input, timeout: timeout, outputLimit: outputLimit
        ).run()
    }

    private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test(arguments: [0, 1, 3, 64, 75, 255] as [Int32])
    func reportsTheExitStatus(status: Int32) throws {
        let result = try run(["/bin/sh", "-c", "echo out; echo err >&2; exit \(status)"])
        #expect(result.termination == .exited(status))
        #expect(result.exitStatus == status && result.signal == nil)
        #expect(!result.timedOut)
        #expect(text(result.stdout) == "out\n" && text(result.stderr) == "err\n")
        #expect(!result.stdoutTruncated && !result.stderrTruncated)
    }

    @Test func reportsTheSignalThatEndedIt() throws {
        let result = try run(["/bin/sh", "-c", "kill -TERM $$"])
        #expect(result.termination == .signaled(SIGTERM))
        #expect(result.signal == SIGTERM && result.exitStatus == nil && !result.timedOut)
    }

    @Test func childGetsDefaultSignalsAnEmptyMaskAndOnlyThreeDescriptors() throws {
        // Block two signals in this thread: the child must not inherit the mask.
        var blocked = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGUSR1)
        sigaddset(&blocked, SIGPIPE)
        var saved = sigset_t()
        pthread_sigmask(SIG_BLOCK, &blocked, &saved)
        defer { pthread_sigmask(SIG_SETMASK, &saved, nil) }
        let result = try run(["/bin/sh", "-c", "grep -E '^Sig(Blk|Ign):' /proc/self/status; ls /proc/self/fd"])
        #expect(result.termination == .exited(0), "\(text(result.stderr))")
        let lines = text(result.stdout).split(separator: "\n").map(String.init)
        let fields = Dictionary(
            lines.compactMap { line -> (String, UInt64)? in
                let parts = line.split(separator: ":")
                guard parts.count == 2, let mask = UInt64(parts[1].trimmingCharacters(in: .whitespaces), radix: 16)
                else { return nil }
                return (String(parts[0]), mask)
            }, uniquingKeysWith: { a, _ in a })
        #expect(fields["SigBlk"] == 0)
        // Signals 1–31; glibc keeps its own 32 and 33 out of reach of sigfillset.
        #expect(fields["SigIgn"].map { $0 & 0x7fff_ffff } == 0)
        // ls's own descriptors: 0, 1, 2 and the directory it reads.
        #expect(lines.filter { Int($0) != nil } == ["0", "1", "2", "3"])
    }

    @Test func timeoutKillsTheWholeProcessGroup() throws {
        let started = ContinuousClock.now
        let result = try run(
            ["/bin/sh", "-c", "/bin/sleep 100 & echo $!; exec /bin/sleep 100"], timeout: 0.5)
        let took = ContinuousClock.now - started
        #expect(result.timedOut)
        #expect(result.termination == .signaled(SIGKILL))
        #expect(took < .seconds(2), "took \(took)")
        #expect(result.elapsed >= 0.5 && result.elapsed < 2)
        let grandchild = try #require(Int32(text(result.stdout).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(Self.waitUntilGone(grandchild, timeout: 5), "the grandchild \(grandchild) outlived the timeout")
    }

    @Test func doesNotWaitForAGrandchildThatKeepsThePipesOpen() throws {
        let result = try run(["/bin/sh", "-c", "/bin/sleep 100 & echo $!; echo done >&2"], timeout: 20)
        #expect(result.termination == .exited(0) && !result.timedOut)
        #expect(result.elapsed < 5)
        #expect(text(result.stderr) == "done\n")
        let grandchild = try #require(Int32(text(result.stdout).trimmingCharacters(in: .whitespacesAndNewlines)))
        // Left running (it may be a detaching MTA's delivery process): clean it up here.
        kill(grandchild, SIGKILL)
        #expect(Self.waitUntilGone(grandchild, timeout: 5))
    }

    @Test func waitsForAChildThatClosedItsOutputs() throws {
        let result = try run(["/bin/sh", "-c", "exec >&- 2>&-; /bin/sleep 0.3; exit 4"])
        #expect(result.termination == .exited(4))
        #expect(result.elapsed >= 0.3 && result.elapsed < 5)
    }

    @Test func keepsThePrefixOfHugeOutputsAndDrainsTheRest() throws {
        let started = ContinuousClock.now
        let result = try run(
            ["/bin/sh", "-c", "/usr/bin/seq 1 2000000; /usr/bin/head -c 10000000 /dev/zero >&2; echo end"],
            outputLimit: 64 * 1024)
        #expect(result.termination == .exited(0))
        #expect(!result.timedOut)
        #expect(ContinuousClock.now - started < .seconds(10))
        #expect(result.stdout.count == 64 * 1024 && result.stdoutTruncated)
        #expect(result.stderr.count == 64 * 1024 && result.stderrTruncated)
        let expected = (1...20000).map(String.init).joined(separator: "\n")
        #expect(text(result.stdout) == String(expected.prefix(64 * 1024)))
        #expect(result.stderr.allSatisfy { $0 == 0 })
    }

    @Test func killsAChildThatNeverReadsTenMegabytesOfInput() throws {
        let input = [UInt8](repeating: 0x41, count: 10_000_000)
        let started = ContinuousClock.now
        let result = try run(["/bin/sleep", "100"], input: input, timeout: 1)
        #expect(result.timedOut && result.termination == .signaled(SIGKILL))
        #expect(ContinuousClock.now - started < .seconds(3))
    }

    @Test func survivesAChildThatExitsWithoutReadingItsInput() throws {
        // Without care this is a SIGPIPE in the test process (which does not ignore it).
        let result = try run(["/bin/true"], input: [UInt8](repeating: 0x41, count: 10_000_000))
        #expect(result.termination == .exited(0) && !result.timedOut)
        #expect(result.elapsed < 5)
    }

    @Test func passesTenMegabytesThroughIntact() throws {
        let seed = UInt64.random(in: 1...UInt64.max)
        print("ChildProcessTests.passesTenMegabytesThroughIntact seed: \(seed)")
        var random = Seeded(state: seed)
        var input = [UInt8](repeating: 0, count: 10_000_000)
        for index in stride(from: 0, to: input.count, by: 8) {
            withUnsafeBytes(of: random.next()) { word in
                for offset in 0..<min(8, input.count - index) { input[index + offset] = word[offset] }
            }
        }
        let echoed = try run(["/bin/cat"], input: input, outputLimit: 11_000_000)
        #expect(echoed.termination == .exited(0))
        #expect(echoed.stdout == input, "seed \(seed)")
        #expect(!echoed.stdoutTruncated)
        let counted = try run(["/usr/bin/wc", "-c"], input: input)
        #expect(text(counted.stdout).trimmingCharacters(in: .whitespacesAndNewlines) == "10000000", "seed \(seed)")
    }

    @Test func aMissingProgramIsASpawnErrorNamingIt() throws {
        let error = try #require(throws: ChildProcess.SpawnError.self) { try run(["/nonexistent/notify", "x"]) }
        #expect(error.code == ENOENT)
        #expect(error.path == "/nonexistent/notify")
        #expect(error.description == "cannot run /nonexistent/notify: No such file or directory")
    }

    @Test func aFileThatIsNotExecutableIsASpawnError() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.appending("not-executable")
        try "#!/bin/sh\necho hi\n".write(toFile: path, atomically: true, encoding: .utf8)
        let error = try #require(throws: ChildProcess.SpawnError.self) { try run([path]) }
        #expect(error.code == EACCES)
        #expect(error.description == "cannot run \(path): Permission denied")
    }

    @Test func aRelativeOrEmptyCommandIsRefused() throws {
        let relative = try #require(throws: ChildProcess.SpawnError.self) { try run(["sh", "-c", "true"]) }
        #expect(relative.code == EINVAL)
        #expect(relative.description.contains("not an absolute path"))
        let empty = try #require(throws: ChildProcess.SpawnError.self) { try run([]) }
        #expect(empty.code == EINVAL)
    }

    @Test func theChildGetsExactlyTheEnvironmentGiven() throws {
        let result = try run(["/usr/bin/env"], environment: ["B": "x y=z", "A": "1", "EMPTY": ""])
        #expect(result.termination == .exited(0))
        #expect(Set(text(result.stdout).split(separator: "\n")) == ["A=1", "B=x y=z", "EMPTY="])
    }

    @Test func argumentsArriveLiterallyWithNoShell() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let marker = directory.appending("pwned")
        let arguments = ["a;b", "$(touch \(marker))", "`touch \(marker)`", "*", "$HOME", "x > \(marker)", "", "'\""]
        let result = try run(["/usr/bin/printf", "[%s]\\n"] + arguments, environment: ["HOME": "/home"])
        #expect(result.termination == .exited(0))
        #expect(text(result.stdout) == arguments.map { "[\($0)]\n" }.joined())
        #expect(!FileManager.default.fileExists(atPath: marker))
    }

    @Test func runsFromManyThreadsAtOnce() throws {
        let count = 32
        let outputs = Outputs(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            let result = try? ChildProcess(
                argv: ["/bin/sh", "-c", "ls /proc/self/fd | tr '\\n' ' '; printf %s \"$N\"; cat"],
                environment: ["N": String(index)], input: Array("<\(index)>".utf8), timeout: 20
            ).run()
            outputs.set(index, result.map { String(decoding: $0.stdout, as: UTF8.self) })
        }
        for index in 0..<count {
            // Each child sees only its own three descriptors (and ls's directory), and its own input.
            #expect(outputs.get(index) == "0 1 2 3 \(index)<\(index)>")
        }
    }

    /// Waits (on a pidfd, at most `timeout` seconds) until `pid` has ended; true if it has (or is gone).
    static func waitUntilGone(_ pid: Int32, timeout: Double) -> Bool {
        typealias PidfdOpen = @convention(c) (Int32, UInt32) -> Int32
        guard let address = dlsym(nil, "pidfd_open") else { return false }
        let fd = unsafeBitCast(address, to: PidfdOpen.self)(pid, 0)
        guard fd >= 0 else { return errno == ESRCH }
        defer { close(fd) }
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, Int32(timeout * 1000)) == 1
    }
}

/// Results written by several threads, one slot each.
private final class Outputs: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var values: [String?]

    init(count: Int) { values = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: String?) { lock.withLock { values[index] = value } }

    func get(_ index: Int) -> String? { lock.withLock { values[index] } }
}

/// SplitMix64, so a randomized test can print its seed and be replayed.
private struct Seeded: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
