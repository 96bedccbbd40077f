import Foundation

/// A stand-in for systemd's notification socket: an `AF_UNIX` datagram socket the daemon finds through
/// `NOTIFY_SOCKET` and sends `READY=1`, `STATUS=…` and `WATCHDOG=1` to.
final class NotifySocket: Sendable {
    /// The socket's path (give it to the daemon as `NOTIFY_SOCKET`).
    let path: String
    private let fd: Int32

    /// Binds a socket at `path` (which must not exist; at most 107 bytes).
    init(path: String) throws {
        self.path = path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw BenchError("socket: \(String(cString: strerror(errno)))") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            close(fd)
            throw BenchError("notify socket path too long: \(path)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, b) in bytes.enumerated() { raw[i] = b }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard bound == 0 else {
            let why = String(cString: strerror(errno))
            close(fd)
            throw BenchError("bind \(path): \(why)")
        }
    }

    deinit {
        close(fd)
        unlink(path)
    }

    /// Reads and drops every datagram from now on, on a thread of its own, as systemd would read them: a
    /// daemon blocks in `sd_notify` once the socket's queue is full.
    func drainForever() {
        let fd = fd
        let thread = Thread {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while recv(fd, &buffer, buffer.count, 0) >= 0 || errno == EINTR {}
        }
        thread.start()
    }

    /// The next datagram and the monotonic instant it was received, or nil after `timeout` seconds.
    func receive(timeout: Double) -> (at: Double, text: String)? {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let deadline = Measure.now() + timeout
        while true {
            let left = deadline - Measure.now()
            if left <= 0 { return nil }
            let r = poll(&poller, 1, Int32(min(left * 1000 + 1, 1e9)))
            if r < 0 && errno == EINTR { continue }
            if r <= 0 { continue }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            let at = Measure.now()
            if n < 0 { continue }
            return (at, String(decoding: buffer[0..<n], as: UTF8.self))
        }
    }

    /// Waits for a datagram with a `READY=1` line; its arrival instant, or nil after `timeout` seconds.
    func waitForReady(timeout: Double) -> Double? {
        let deadline = Measure.now() + timeout
        while let message = receive(timeout: deadline - Measure.now()) {
            if message.text.split(separator: "\n").contains("READY=1") { return message.at }
        }
        return nil
    }

    /// Every datagram waiting now, without blocking.
    func drain() -> [String] {
        var result: [String] = []
        while let message = receive(timeout: 0.000_001) { result.append(message.text) }
        return result
    }
}
