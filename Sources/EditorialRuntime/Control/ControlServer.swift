import CSystemd
import Dispatch
import EditorialClient
import EditorialCore
import Foundation
import Glibc
import Synchronization

/// The control socket server: the socket systemd passes (`editoriald.socket`) or one bound at the configured
/// path (mode 0660; a stale file from a crashed run is replaced, a live daemon's is not). Connections are
/// served on the server's own queue from Dispatch read and write sources; each parsed request is answered on
/// the daemon's state queue, so every reply reflects one consistent state, and the reply is written back
/// from here. `ControlLimits` bounds everything.
public final class ControlServer: @unchecked Sendable {
    // Everything mutable is confined to `queue`.
    /// The queue that owns the connections.
    public let queue = DispatchQueue(label: "editoriald.control")
    /// Where requests are answered.
    let stateQueue: DispatchQueue
    let handler: ControlHandler
    let limits: ControlLimits
    let access: ControlAccess
    private let fd: Int32
    private let acceptSource: DispatchSourceRead
    private var acceptSuspended = false
    private var connections: [ObjectIdentifier: ControlConnection] = [:]
    private var watchers: [ObjectIdentifier: ControlConnection] = [:]
    private var stopped = false
    /// The bound path, `nil` for an inherited socket (systemd owns that file).
    public let boundPath: String?
    private let counters = Mutex(ControlStatistics())
    /// Where connections read into, one at a time on `queue`.
    var readBuffer = [UInt8](repeating: 0, count: 65_536)

    /// Takes `inherited` (a listening socket from systemd) or binds `path`, and starts accepting.
    public init(
        path: String, inherited: Int32?, stateQueue: DispatchQueue, access: ControlAccess,
        limits: ControlLimits = ControlLimits(), handler: ControlHandler
    ) throws {
        if let inherited {
            fd = inherited
            boundPath = nil
        } else {
            fd = try ControlServer.bind(path)
            boundPath = path
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        self.stateQueue = stateQueue
        self.access = access
        self.limits = limits
        self.handler = handler
        acceptSource = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
        acceptSource.setEventHandler { [unowned self] in self.acceptAll() }
        acceptSource.resume()
    }

    /// Counts so far (any thread).
    public var statistics: ControlStatistics {
        var s = counters.withLock { $0 }
        queue.sync {
            s.open = connections.count
            s.watching = watchers.count
        }
        return s
    }

    func count(_ field: WritableKeyPath<ControlStatistics, Int>) {
        counters.withLock { $0[keyPath: field] += 1 }
    }

    var watcherCount: Int { watchers.count }

    private func acceptAll() {
        while connections.count < limits.maxConnections {
            let client = accept4(fd, nil, nil, Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue))
            guard client >= 0 else {
                if errno == EMFILE || errno == ENFILE {
                    // Out of descriptors: stop accepting for a moment rather than spin on the ready socket.
                    pauseAccepting()
                    queue.asyncAfter(deadline: .now() + .seconds(1)) { [weak self] in self?.resumeAccepting() }
                }
                return
            }
            guard let peer = PeerCredentials.of(socket: client) else {
                Glibc.close(client)
                continue
            }
            count(\.accepted)
            let connection = ControlConnection(fd: client, credentials: peer, server: self)
            connections[ObjectIdentifier(connection)] = connection
            connection.start()
        }
        // Full: later clients wait in the kernel's listen backlog until a connection closes.
        pauseAccepting()
    }

    private func pauseAccepting() {
        guard !acceptSuspended, !stopped else { return }
        acceptSource.suspend()
        acceptSuspended = true
    }

    private func resumeAccepting() {
        guard acceptSuspended, !stopped, connections.count < limits.maxConnections else { return }
        acceptSource.resume()
        acceptSuspended = false
    }

    func watcherStarted(_ connection: ControlConnection) {
        watchers[ObjectIdentifier(connection)] = connection
        updateWatcherHint()
    }

    func connectionClosed(_ connection: ControlConnection) {
        connections[ObjectIdentifier(connection)] = nil
        if watchers.removeValue(forKey: ObjectIdentifier(connection)) != nil { updateWatcherHint() }
        resumeAccepting()
    }

    /// Sends an event to every watcher (from any queue); it is encoded on the server's queue.
    public func broadcast(_ event: WatchEvent) {
        queue.async { [weak self] in
            guard let self, !self.watchers.isEmpty, let json = try? JSONValueEncoder().encode(event) else { return }
            let line = ControlReply.event(json)
            for watcher in self.watchers.values { watcher.send(event: line) }
        }
    }

    /// True when someone is watching (a hint: an event built for nobody is wasted work).
    public var hasWatchers: Bool { counters.withLock { $0.watchersHint } }

    func updateWatcherHint() {
        let n = watchers.count
        counters.withLock { $0.watchersHint = n > 0 }
    }

    /// Stops accepting, closes every connection and removes a socket file we bound.
    public func close() {
        queue.sync {
            guard !stopped else { return }
            if acceptSuspended {
                acceptSource.resume()
                acceptSuspended = false
            }
            stopped = true
            acceptSource.cancel()
            Glibc.close(fd)
            for connection in Array(connections.values) { connection.close() }
            if let boundPath { unlink(boundPath) }
        }
    }

    private static func bind(_ path: String) throws -> Int32 {
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        guard let address = UnixAddress(path) else {
            throw ControlError("socket path too long (\(path.utf8.count) bytes, at most 107): \(path)")
        }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw ControlError("cannot create a socket: \(errnoText())") }
        func tryBind() -> Int32 { address.bind(fd) }
        if tryBind() != 0 {
            guard errno == EADDRINUSE else {
                Glibc.close(fd)
                throw ControlError("cannot bind \(path): \(errnoText())")
            }
            // In use: another daemon answering there is fatal; a stale file from a crash is replaced.
            let probe = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            let alive = address.connect(probe) == 0
            Glibc.close(probe)
            if alive {
                Glibc.close(fd)
                throw ControlError("another editoriald is already listening on \(path)")
            }
            unlink(path)
            guard tryBind() == 0 else {
                Glibc.close(fd)
                throw ControlError("cannot bind \(path): \(errnoText())")
            }
        }
        chmod(path, 0o660)
        // A deep backlog: at the connection limit, clients wait here rather than being refused.
        guard listen(fd, 1024) == 0 else {
            Glibc.close(fd)
            throw ControlError("cannot listen on \(path): \(errnoText())")
        }
        return fd
    }
}
