import Foundation
import Synchronization

/// One editoriald process started by a benchmark: spawned with `posix_spawn` (so the spawn instant is known to
/// the microsecond), its standard error (and output) read line by line on a thread of its own, each line
/// stamped with the monotonic instant it was read.
final class DaemonProcess: Sendable {
    /// The daemon's process id.
    let pid: pid_t
    /// Monotonic seconds (``Measure/now()``) just before `posix_spawn`.
    let spawnedAt: Double
    /// Lines containing this text are counted as they are read (cheap to wait on; see ``markedLines``).
    let marker: String?
    private let lines = Mutex<[(at: Double, text: String)]>([])
    private let marked = Mutex<Int>(0)
    private let exited = Mutex<Bool>(false)

    /// Starts `executable` with `arguments`, the harness's environment plus `environment` (minus systemd's own
    /// variables unless given), standard input from /dev/null and standard output and error into a pipe.
    init(executable: String, arguments: [String], environment: [String: String], marker: String? = nil) throws {
        self.marker = marker
        var env = ProcessInfo.processInfo.environment
        for name in ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "LISTEN_FDS", "LISTEN_PID", "JOURNAL_STREAM"] {
            env[name] = nil
        }
        for (name, value) in environment { env[name] = value }
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw BenchError("pipe: \(String(cString: strerror(errno)))") }
        let (readEnd, writeEnd) = (fds[0], fds[1])
        _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 2)
        posix_spawn_file_actions_addclose(&actions, writeEnd)
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        var child: pid_t = 0
        spawnedAt = Measure.now()
        let status = posix_spawn(&child, executable, &actions, nil, argv, envp)
        close(writeEnd)
        guard status == 0 else {
            close(readEnd)
            throw BenchError("cannot start \(executable): \(String(cString: strerror(status)))")
        }
        pid = child
        let thread = Thread { [self] in self.readLines(readEnd) }
        thread.start()
    }

    /// Reads the pipe until end of file, splitting it into lines.
    private func readLines(_ fd: Int32) {
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            let at = Measure.now()
            pending.append(contentsOf: buffer[0..<n])
            var complete: [(Double, String)] = []
            var start = 0
            while let newline = pending[start...].firstIndex(of: 0x0A) {
                complete.append((at, String(decoding: pending[start..<newline], as: UTF8.self)))
                start = newline + 1
            }
            pending.removeSubrange(..<start)
            if !complete.isEmpty {
                let count = marker.map { m in complete.reduce(0) { $0 + ($1.1.contains(m) ? 1 : 0) } } ?? 0
                lines.withLock { $0 += complete }
                marked.withLock { $0 += count }
            }
        }
        close(fd)
        exited.withLock { $0 = true }
    }

    /// Every line read so far, with the monotonic instant it was read.
    var output: [(at: Double, text: String)] { lines.withLock { $0 } }

    /// How many lines read so far contain ``marker``.
    var markedLines: Int { marked.withLock { $0 } }

    /// True once the daemon closed its output (it exited).
    var outputClosed: Bool { exited.withLock { $0 } }

    /// Waits (polling every 50 ms) until `done` holds for the lines read so far, or `timeout` seconds pass.
    func waitForOutput(timeout: Double, until done: ([(at: Double, text: String)]) -> Bool) -> Bool {
        let deadline = Measure.now() + timeout
        while Measure.now() < deadline {
            if lines.withLock({ done($0) }) { return true }
            if outputClosed { return lines.withLock { done($0) } }
            usleep(50_000)
        }
        return false
    }

    /// Waits (polling every 50 ms) until `count` lines contain ``marker``; false after `timeout` seconds.
    func waitForMarkedLines(_ count: Int, timeout: Double) -> Bool {
        let deadline = Measure.now() + timeout
        while Measure.now() < deadline {
            if markedLines >= count { return true }
            if outputClosed { return markedLines >= count }
            usleep(50_000)
        }
        return false
    }

    /// Waits until the daemon has used no CPU for `quiet` seconds (after start-up, its background work such as
    /// the strategy checks is done), at most `timeout` seconds; the monotonic instant it went quiet, or `nil`.
    func waitUntilIdle(quiet: Double = 0.5, timeout: Double = 120) -> Double? {
        let deadline = Measure.now() + timeout
        var last = ProcTasks.cpuSeconds(of: pid) ?? 0
        var since = Measure.now()
        while Measure.now() < deadline {
            usleep(50_000)
            guard let used = ProcTasks.cpuSeconds(of: pid) else { return nil }
            if used > last + 0.005 {
                last = used
                since = Measure.now()
            } else if Measure.now() - since >= quiet {
                return since
            }
        }
        return nil
    }

    /// Sends SIGTERM, waits up to `timeout` seconds for the exit (then SIGKILL); the exit status as text.
    @discardableResult
    func stop(timeout: Double = 10) -> String {
        kill(pid, SIGTERM)
        let deadline = Measure.now() + timeout
        var status: Int32 = 0
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { break }
            if r < 0 { return "waitpid: \(String(cString: strerror(errno)))" }
            if Measure.now() > deadline {
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
                return "killed after \(timeout) s"
            }
            usleep(10_000)
        }
        let signal = status & 0x7F
        return signal == 0 ? "exit \((status >> 8) & 0xFF)" : "signal \(signal)"
    }

    /// The `editorialctl` built beside the daemon `executable`.
    static func client(beside executable: String) throws -> String {
        let ctl = URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent("editorialctl")
            .path
        guard FileManager.default.isExecutableFile(atPath: ctl) else {
            throw BenchError(
                "\(ctl) is missing: 'swift build -c release --product editorialctl' at the repository root")
        }
        return ctl
    }

    /// The release daemon: `--daemon PATH` when given, else `.build/release/editoriald` in the nearest ancestor
    /// directory of this program that has one (the repository root, for `Benchmarks/.build/…/editorial-bench`),
    /// else the working directory's.
    static func locate(_ explicit: String?) throws -> String {
        if let explicit {
            guard FileManager.default.isExecutableFile(atPath: explicit) else {
                throw BenchError("--daemon \(explicit) is not an executable file")
            }
            return explicit
        }
        var candidates: [String] = []
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            // Benchmarks/.build/<triple>/release/editorial-bench: the first ancestor with the daemon built.
            var url = URL(fileURLWithPath: exe).resolvingSymlinksInPath().deletingLastPathComponent()
            while url.path != "/" {
                url.deleteLastPathComponent()
                candidates.append(url.appendingPathComponent(".build/release/editoriald").path)
            }
        }
        candidates.append(FileManager.default.currentDirectoryPath + "/.build/release/editoriald")
        for path in candidates where FileManager.default.isExecutableFile(atPath: path) { return path }
        throw BenchError(
            "no .build/release/editoriald above this program or in the working directory: run "
                + "'swift build -c release --product editoriald' at the repository root, or pass --daemon PATH")
    }
}
