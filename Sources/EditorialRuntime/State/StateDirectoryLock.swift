import Glibc

/// One daemon per state directory: an exclusive `flock` on `editoriald.lock` in it, held until `release()` (or
/// the process ends). Two daemons on one state directory would both send every reminder.
final class StateDirectoryLock: @unchecked Sendable {
    // The descriptor is closed once, by `release()` on the daemon's queue.
    private var fd: Int32

    /// Takes the lock, or throws naming the directory when another daemon holds it.
    init(directory: String) throws(DaemonError) {
        fd = open(directory + "/editoriald.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0, flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let why = errnoText()
            if fd >= 0 { close(fd) }
            throw DaemonError("another editoriald is already running on the state directory \(directory) (\(why))")
        }
    }

    /// Lets another daemon take the directory.
    func release() {
        guard fd >= 0 else { return }
        close(fd)
        fd = -1
    }

    deinit { release() }
}
