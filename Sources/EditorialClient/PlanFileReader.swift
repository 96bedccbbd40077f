import EditorialCore
import Glibc

/// Reads one plan file whole and consistently: regular files only, at most `limit` bytes (a larger file is
/// refused before a byte is read, so a stray 200 MB export costs neither time nor memory), and never a mix of
/// two versions: the file is read through one descriptor, and when its size, modification time or inode changed
/// while it was read, it is read again (a few times, then refused until it settles). A file read whole is stamped with
/// its version (`Stamp`) once it has settled, so that a reload can tell it unchanged from a `stat` alone.
public struct PlanFileReader: Sendable {
    /// The largest plan file read: 128 MiB, well above a million posts in one file (about 80 MB).
    public static let defaultLimit = 128 << 20

    /// The largest file read, in bytes.
    public var limit: Int
    /// How many times a file that changes while it is read is read again before it is refused.
    public var attempts: Int
    /// Called after each read and before the file is checked for changes (tests change the file here).
    var afterRead: (@Sendable (_ attempt: Int) -> Void)?
    /// The wall clock, in nanoseconds since the epoch, read when a read begins (tests set a later one).
    var clock: @Sendable () -> Int64 = Stamp.wallClock

    /// How long before a read began a file must have last changed for its stamp to be trusted: two seconds, beyond
    /// the granularity of the kernel's file times (a tick) and of file systems that keep whole seconds. A change
    /// made in the same tick as the one before it leaves the time alone; only one made in that tick *after* the read
    /// could go unseen, and a file that old was not being written when it was read.
    public static let settleNanoseconds: Int64 = 2_000_000_000

    /// A reader with the given limit.
    public init(limit: Int = PlanFileReader.defaultLimit, attempts: Int = 3) {
        self.limit = limit
        self.attempts = attempts
    }

    /// One version of a file: its device, inode, size, and modification and change times. Any write, truncation,
    /// rename over it or `touch` changes one of them (the change time is set by the kernel and cannot be set back),
    /// so a file whose stamp is the one it had when it was read still holds the bytes read then. Git trusts its
    /// index on the same facts.
    public struct Stamp: Sendable, Equatable {
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var modified: Int64
        var changed: Int64

        init(_ s: stat) {
            device = UInt64(s.st_dev)
            inode = UInt64(s.st_ino)
            size = Int64(s.st_size)
            modified = Self.nanoseconds(s.st_mtim)
            changed = Self.nanoseconds(s.st_ctim)
        }

        /// The stamp of the regular file at `path` now (nil when there is none).
        public init?(path: String) {
            var s = stat()
            guard stat(path, &s) == 0, (s.st_mode & S_IFMT) == S_IFREG else { return nil }
            self.init(s)
        }

        private static func nanoseconds(_ t: timespec) -> Int64 { Int64(t.tv_sec) * 1_000_000_000 + Int64(t.tv_nsec) }

        /// `CLOCK_REALTIME` (the clock file times are taken from) in nanoseconds.
        @Sendable static func wallClock() -> Int64 {
            var t = timespec()
            clock_gettime(CLOCK_REALTIME, &t)
            return nanoseconds(t)
        }
    }

    /// Why a file could not be read.
    public struct Failure: Error, Sendable, Equatable {
        /// Said after "cannot read: ".
        public var reason: String
    }

    /// The file's text, or why it cannot be had.
    public func read(_ path: String) -> Result<String, Failure> { readStamped(path).map(\.text) }

    /// The file's text with the stamp of the version read, when that version had settled before the read began
    /// (see `settleNanoseconds`; nil for a file changed just before); or why it cannot be had.
    public func readStamped(_ path: String) -> Result<(text: String, stamp: Stamp?), Failure> {
        for attempt in 1...max(1, attempts) {
            let began = clock()
            switch readOnce(path, attempt: attempt) {
            case .text(let text, let stamp):
                return .success((text, stamp.changed < began - Self.settleNanoseconds ? stamp : nil))
            case .failed(let reason): return .failure(Failure(reason: reason))
            case .changed: continue
            }
        }
        return .failure(
            Failure(
                reason: "the file changed while it was read, \(max(1, attempts)) times; it is read again at the "
                    + "next reload once it is written"))
    }

    private enum Outcome {
        case text(String, Stamp)
        case failed(String)
        case changed
    }

    private func readOnce(_ path: String, attempt: Int) -> Outcome {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)
        guard fd >= 0 else { return .failed(Self.describe(errno)) }
        defer { close(fd) }
        var before = stat()
        guard fstat(fd, &before) == 0 else { return .failed(Self.describe(errno)) }
        guard (before.st_mode & S_IFMT) == S_IFREG else { return .failed("not a regular file") }
        guard Int64(before.st_size) <= Int64(limit) else {
            return .failed(
                "the file is \(Self.megabytes(Int64(before.st_size))); plan files are limited to "
                    + "\(Self.megabytes(Int64(limit))) (split it into several files)")
        }
        // One byte beyond the size seen, to notice a file that grew.
        var bytes = [UInt8](repeating: 0, count: Int(before.st_size) + 1)
        var filled = 0
        while filled < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failed(Self.describe(errno))
            }
            if n == 0 { break }
            filled += n
        }
        afterRead?(attempt)
        var after = stat()
        var now = stat()
        guard fstat(fd, &after) == 0 else { return .failed(Self.describe(errno)) }
        // The path may now name another file (replaced by a rename): that one is the one to read.
        let replaced = stat(path, &now) != 0 || Stamp(now) != Stamp(after)
        guard filled == Int(before.st_size), Stamp(before) == Stamp(after), !replaced else { return .changed }
        bytes.removeLast()
        guard let text = String(validating: bytes, as: UTF8.self) else { return .failed("the file is not UTF-8 text") }
        return .text(text, Stamp(after))
    }

    private static func megabytes(_ bytes: Int64) -> String {
        if bytes < 1 << 20 { return "\(bytes) bytes" }
        if bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        let tenths = (bytes * 10 + (1 << 19)) >> 20
        return "\(tenths / 10).\(tenths % 10) MiB"
    }

    private static func describe(_ code: Int32) -> String {
        switch code {
        case EACCES, EPERM: return "permission denied"
        case ENOENT: return "no such file or directory"
        case EISDIR: return "is a directory"
        default: return String(cString: strerror(code))
        }
    }
}
