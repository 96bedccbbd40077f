import Glibc

/// One command run to its end without a shell, safe to use from several threads at once.
///
/// `posix_spawn` starts the program at `argv[0]` (an absolute path; no `PATH` search, no `/bin/sh`) with exactly
/// `environment`, in a process group of its own, with default signal dispositions and an empty signal mask (the
/// daemon ignores `SIGPIPE` and blocks others; a child must not inherit that), and with every descriptor but its
/// three standard ones closed. The calling thread then feeds `input` to its standard input and reads both outputs
/// with `poll`, keeping the first `outputLimit` bytes of each and reading and dropping the rest, so the child never
/// blocks on a full pipe; a child that does not read its input does not block the caller either. At `timeout` the
/// whole process group is killed (`SIGKILL`) — grandchildren included. The child is always reaped.
///
/// Foundation's `Process` is not used: it cannot kill a process group, and is not safe to use from several
/// threads at once on Linux.
public struct ChildProcess: Sendable {
    /// How the child ended.
    public enum Termination: Hashable, Sendable {
        /// It exited with this status (0–255).
        case exited(Int32)
        /// A signal ended it (`SIGKILL` after a timeout).
        case signaled(Int32)
    }

    /// What a run came to.
    public struct Result: Hashable, Sendable {
        /// How the child ended.
        public var termination: Termination
        /// Whether the timeout passed and the process group was killed.
        public var timedOut: Bool
        /// The first `outputLimit` bytes of its standard output.
        public var stdout: [UInt8]
        /// The first `outputLimit` bytes of its standard error.
        public var stderr: [UInt8]
        /// Whether standard output went beyond the limit (the rest was read and dropped).
        public var stdoutTruncated: Bool
        /// Whether standard error went beyond the limit (the rest was read and dropped).
        public var stderrTruncated: Bool
        /// Seconds from the spawn to the reaping.
        public var elapsed: Double

        /// The exit status, when the child exited.
        public var exitStatus: Int32? {
            if case .exited(let status) = termination { return status }
            return nil
        }

        /// The terminating signal, when a signal ended the child.
        public var signal: Int32? {
            if case .signaled(let number) = termination { return number }
            return nil
        }
    }

    /// The program could not be started; the description names it and says why.
    public struct SpawnError: Error, Hashable, Sendable, CustomStringConvertible {
        /// The program's path (`argv[0]`).
        public var path: String
        /// The `errno` value (`ENOENT`, `EACCES`, …; `EINVAL` for a path that is not absolute).
        public var code: Int32
        /// `cannot run /usr/sbin/sendmail: No such file or directory`.
        public var description: String

        /// An error for `path` with `code`, described by `strerror`, or by `reason` when given.
        public init(path: String, code: Int32, reason: String? = nil) {
            self.path = path
            self.code = code
            let why = reason ?? String(cString: strerror(code))
            description = "cannot run \(path.isEmpty ? "an empty command" : path): \(why)"
        }
    }

    /// The program (absolute path) and its arguments.
    public var argv: [String]
    /// The child's whole environment (nothing is inherited).
    public var environment: [String: String]
    /// The bytes for its standard input, which is then closed.
    public var input: [UInt8]
    /// Seconds before the process group is killed.
    public var timeout: Double
    /// How many bytes of each output are kept.
    public var outputLimit: Int

    /// A command to run; nothing happens before `run()`.
    public init(
        argv: [String], environment: [String: String] = [:], input: [UInt8] = [], timeout: Double,
        outputLimit: Int = 64 * 1024
    ) {
        self.argv = argv
        self.environment = environment
        self.input = input
        self.timeout = timeout
        self.outputLimit = max(0, outputLimit)
    }

    /// Runs the command to its end (or its timeout) on the calling thread.
    public func run() throws(SpawnError) -> Result {
        let path = argv.first ?? ""
        guard path.hasPrefix("/") else {
            throw SpawnError(path: path, code: EINVAL, reason: "not an absolute path (no shell or PATH search is used)")
        }
        // A write to a pipe whose reader is gone raises SIGPIPE at this thread; blocked here, it stays pending and
        // is consumed below instead of killing a process that does not ignore it.
        var pipeSignal = sigset_t()
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        var savedMask = sigset_t()
        pthread_sigmask(SIG_BLOCK, &pipeSignal, &savedMask)
        var pendingBefore = sigset_t()
        sigpending(&pendingBefore)
        let pipeSignalWasPending = sigismember(&pendingBefore, SIGPIPE) == 1
        let session = Session(input: input, limit: outputLimit)
        defer {
            session.closeAll()
            if session.brokePipe && !pipeSignalWasPending {
                var zero = timespec()
                while sigtimedwait(&pipeSignal, nil, &zero) == SIGPIPE {}
            }
            pthread_sigmask(SIG_SETMASK, &savedMask, nil)
        }
        let started = Self.monotonic()
        let pid = try session.spawn(path: path, argv: argv, environment: environment)
        let deadline = started + (timeout.isNaN ? 0 : max(0, timeout))
        var timedOut = false
        var status: Int32? = nil
        while status == nil {
            let remaining = deadline - Self.monotonic()
            guard remaining > 0 else {
                timedOut = true
                break
            }
            status = session.step(pid: pid, remaining: remaining)
        }
        if timedOut {
            kill(-pid, SIGKILL)
            kill(pid, SIGKILL)
        }
        // What the child wrote before it ended is in the pipes; later writes by leftover grandchildren are not
        // waited for.
        session.drain()
        session.closeAll()
        let raw = status ?? Self.reap(pid)
        let termination: Termination =
            raw & 0x7f == 0 ? .exited((raw >> 8) & 0xff) : .signaled(raw & 0x7f)
        return Result(
            termination: termination, timedOut: timedOut, stdout: session.stdout.kept, stderr: session.stderr.kept,
            stdoutTruncated: session.stdout.truncated, stderrTruncated: session.stderr.truncated,
            elapsed: Self.monotonic() - started)
    }

    /// Waits for `pid` (blocking, through `EINTR`) and returns its wait status.
    private static func reap(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { return lostStatus }
        }
        return status
    }

    /// The wait status of a child reaped elsewhere (`ECHILD`: the process ignores `SIGCHLD`, so the kernel reaps
    /// its children): exit status 255, since the real one is lost.
    fileprivate static let lostStatus: Int32 = 255 << 8

    /// Seconds on the monotonic clock.
    private static func monotonic() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}

extension ChildProcess {
    /// One output pipe's read end and what was kept of it.
    private struct Output {
        /// The read end, -1 once closed.
        var fd: Int32 = -1
        /// The first bytes, up to the limit.
        var kept: [UInt8] = []
        /// Whether more came than the limit.
        var truncated = false

        /// Reads once (the descriptor is non-blocking); false at the end, on an error, or when nothing was ready.
        mutating func read(into scratch: UnsafeMutableRawBufferPointer, limit: Int) -> Bool {
            guard fd >= 0 else { return false }
            let count = Glibc.read(fd, scratch.baseAddress, scratch.count)
            if count > 0 {
                let room = max(0, limit - kept.count)
                if count > room { truncated = true }
                kept.append(contentsOf: scratch.prefix(min(count, room)))
                return true
            }
            if count < 0 && (errno == EAGAIN || errno == EINTR) { return false }
            close(fd)
            fd = -1
            return false
        }
    }

    /// The descriptors of one run and the state of its standard input; closes them when released.
    private final class Session {
        /// The bytes for standard input.
        let input: [UInt8]
        /// Bytes kept of each output.
        let limit: Int
        /// How much of `input` the child has taken.
        var written = 0
        /// The write end of standard input, -1 once closed.
        var stdinFD: Int32 = -1
        /// Standard output.
        var stdout = Output()
        /// Standard error.
        var stderr = Output()
        /// Readable once the child has ended; -1 without one.
        var pidFD: Int32 = -1
        /// Whether a write to standard input raised SIGPIPE (now pending at this thread).
        var brokePipe = false
        /// Where reads land before the kept part is copied.
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)

        /// A run feeding `input` and keeping `limit` bytes of each output.
        init(input: [UInt8], limit: Int) {
            self.input = input
            self.limit = limit
        }

        deinit {
            closeAll()
            scratch.deallocate()
        }

        /// Creates the pipes and starts the child; the parent keeps non-blocking, close-on-exec ends.
        func spawn(path: String, argv: [String], environment: [String: String]) throws(SpawnError) -> pid_t {
            var pipes: [[Int32]] = []
            for _ in 0..<3 {
                var ends: [Int32] = [-1, -1]
                guard Linux.pipe(&ends) == 0 else {
                    let code = errno
                    for pair in pipes { pair.forEach { _ = close($0) } }
                    throw SpawnError(path: path, code: code)
                }
                pipes.append(ends)
            }
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_adddup2(&actions, pipes[0][0], 0)
            posix_spawn_file_actions_adddup2(&actions, pipes[1][1], 1)
            posix_spawn_file_actions_adddup2(&actions, pipes[2][1], 2)
            Linux.closeFrom(&actions, 3)
            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            defer { posix_spawnattr_destroy(&attributes) }
            var empty = sigset_t()
            sigemptyset(&empty)
            posix_spawnattr_setsigmask(&attributes, &empty)
            var all = sigset_t()
            sigfillset(&all)
            posix_spawnattr_setsigdefault(&attributes, &all)
            posix_spawnattr_setpgroup(&attributes, 0)
            posix_spawnattr_setflags(
                &attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

            let cArguments = argv.map { strdup($0) } + [nil]
            let cEnvironment = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
            defer {
                cArguments.forEach { free($0) }
                cEnvironment.forEach { free($0) }
            }
            var pid: pid_t = 0
            let spawned = posix_spawn(&pid, path, &actions, &attributes, cArguments, cEnvironment)
            close(pipes[0][0])
            close(pipes[1][1])
            close(pipes[2][1])
            guard spawned == 0 else {
                close(pipes[0][1])
                close(pipes[1][0])
                close(pipes[2][0])
                throw SpawnError(path: path, code: spawned)
            }
            stdinFD = pipes[0][1]
            stdout.fd = pipes[1][0]
            stderr.fd = pipes[2][0]
            for fd in [stdinFD, stdout.fd, stderr.fd] {
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            }
            pidFD = Linux.pidfdOpen(pid)
            if input.isEmpty { closeInput() }
            return pid
        }

        /// Waits for one event (at most `remaining` seconds) and handles it; the wait status once the child ended.
        func step(pid: pid_t, remaining: Double) -> Int32? {
            var fds: [pollfd] = []
            if stdinFD >= 0 { fds.append(pollfd(fd: stdinFD, events: Int16(POLLOUT), revents: 0)) }
            if stdout.fd >= 0 { fds.append(pollfd(fd: stdout.fd, events: Int16(POLLIN), revents: 0)) }
            if stderr.fd >= 0 { fds.append(pollfd(fd: stderr.fd, events: Int16(POLLIN), revents: 0)) }
            if pidFD >= 0 { fds.append(pollfd(fd: pidFD, events: Int16(POLLIN), revents: 0)) }
            var milliseconds = Int32(min(remaining * 1000, 86_400_000).rounded(.up))
            // Without a pidfd nothing says when the child ends while its pipes stay open: look every 10 ms.
            if pidFD < 0 { milliseconds = min(milliseconds, 10) }
            _ = poll(&fds, nfds_t(fds.count), milliseconds)
            var ended = pidFD < 0
            for entry in fds where entry.revents != 0 {
                switch entry.fd {
                case stdinFD: writeInput()
                case stdout.fd: _ = stdout.read(into: scratch, limit: limit)
                case stderr.fd: _ = stderr.read(into: scratch, limit: limit)
                default: ended = true
                }
            }
            guard ended else { return nil }
            var status: Int32 = 0
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped < 0 && errno == ECHILD { return ChildProcess.lostStatus }
            return reaped == pid ? status : nil
        }

        /// Writes what the pipe takes of the rest of the input; closes it when all is written or the reader left.
        func writeInput() {
            let count = input.withUnsafeBytes { bytes in
                write(stdinFD, bytes.baseAddress! + written, min(bytes.count - written, 64 * 1024))
            }
            if count > 0 {
                written += count
                if written == input.count { closeInput() }
            } else if count < 0 && errno != EAGAIN && errno != EINTR {
                if errno == EPIPE { brokePipe = true }
                closeInput()
            }
        }

        /// Reads what is already in the output pipes, without waiting (bounded, in case a leftover grandchild
        /// keeps writing).
        func drain() {
            for _ in 0..<64 {
                let more = stdout.read(into: scratch, limit: limit)
                let moreErrors = stderr.read(into: scratch, limit: limit)
                guard more || moreErrors else { return }
            }
        }

        /// Closes standard input: all of it is written, the child closed it, or it ended.
        func closeInput() {
            if stdinFD >= 0 { close(stdinFD) }
            stdinFD = -1
        }

        /// Closes every descriptor still open; idempotent.
        func closeAll() {
            closeInput()
            for fd in [stdout.fd, stderr.fd, pidFD] where fd >= 0 { close(fd) }
            stdout.fd = -1
            stderr.fd = -1
            pidFD = -1
        }
    }

    /// The glibc functions Swift's Glibc module hides behind `_GNU_SOURCE`, looked up at run time, each with a
    /// fallback for an older glibc or kernel.
    private enum Linux {
        /// `int pipe2(int fds[2], int flags)`.
        typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>?, Int32) -> Int32
        /// `int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *, int from)`.
        typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32
        /// `int pidfd_open(pid_t, unsigned int flags)`.
        typealias PidfdOpen = @convention(c) (pid_t, UInt32) -> Int32

        /// glibc's `pipe2`, if it has one.
        static let pipe2Function: Pipe2? = symbol("pipe2")
        /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34), if it has one.
        static let addCloseFromFunction: AddCloseFrom? = symbol("posix_spawn_file_actions_addclosefrom_np")
        /// glibc's `pidfd_open` (2.36), if it has one.
        static let pidfdOpenFunction: PidfdOpen? = symbol("pidfd_open")

        /// A close-on-exec pipe; `pipe2(O_CLOEXEC)` so that no other thread's child inherits it.
        static func pipe(_ ends: inout [Int32]) -> Int32 {
            if let pipe2 = pipe2Function { return pipe2(&ends, O_CLOEXEC) }
            guard Glibc.pipe(&ends) == 0 else { return -1 }
            for fd in ends { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            return 0
        }

        /// Closes every descriptor from `lowest` up in the child (glibc 2.34 and later; before it, the daemon's
        /// descriptors being close-on-exec is what keeps them from the child).
        static func closeFrom(_ actions: inout posix_spawn_file_actions_t, _ lowest: Int32) {
            _ = addCloseFromFunction?(&actions, lowest)
        }

        /// A descriptor that polls readable when `pid` ends (glibc 2.36, Linux 5.3); -1 without one.
        static func pidfdOpen(_ pid: pid_t) -> Int32 {
            pidfdOpenFunction?(pid, 0) ?? -1
        }

        private static func symbol<Function>(_ name: String) -> Function? {
            guard let address = dlsym(nil, name) else { return nil }
            return unsafeBitCast(address, to: Function.self)
        }
    }
}
