import EditorialCore
import Foundation
import Glibc

/// A blocking client of the control socket, for `editorialctl`, the tests and the benchmarks: connect, send a
/// request line, read reply lines. Typed calls (`call(StatusCall())`) return the reply type the daemon encodes;
/// raw calls return the result as JSON. Every wait is bounded by `timeout`.
public final class ControlClient {
    /// The socket path.
    public let path: String
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    private var nextID: Int64 = 1
    /// What each read fills (allocated and zeroed once, not per read).
    private var chunk = [UInt8](repeating: 0, count: 65_536)

    /// Connects to `path`; throws `ControlClientError.unreachable` when nothing answers there.
    public init(path: String) throws(ControlClientError) {
        self.path = path
        guard let address = UnixAddress(path) else {
            throw .unreachable("the socket path is too long (at most 107 bytes): \(path)")
        }
        let s = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard s >= 0 else { throw .unreachable("cannot create a socket: \(String(cString: strerror(errno)))") }
        let ok = address.connect(s) == 0
        guard ok else {
            let code = errno
            Glibc.close(s)
            let why: String
            switch code {
            case ENOENT: why = "no socket there (is editoriald running? systemctl status editoriald)"
            case ECONNREFUSED: why = "nothing is listening (editoriald is not running)"
            case EACCES: why = "permission denied (the socket is for root and the editorial group)"
            default: why = String(cString: strerror(code))
            }
            throw .unreachable("cannot connect to \(path): \(why)")
        }
        fd = s
    }

    deinit { Glibc.close(fd) }

    /// Sends a typed call and waits for its reply; returns its result, or throws its error.
    public func call<C: ControlCall>(_ call: C, timeout: Double = 30) throws(ControlClientError) -> C.Reply {
        let result = try exchange(call.request(id: nextRequestID()), timeout: timeout)
        do {
            return try JSONValueDecoder().decode(C.Reply.self, from: result)
        } catch {
            throw .lost("the daemon's reply to '\(call.command.rawValue)' does not read as protocol 1: \(error)")
        }
    }

    /// Sends a request of `command` with raw arguments and waits for its reply; returns the reply's `result` as
    /// JSON, or throws its error.
    public func call(
        _ command: ControlCommand, _ arguments: [String: JSONValue] = [:], timeout: Double = 30
    ) throws(ControlClientError) -> JSONValue {
        try exchange(ControlRequest(id: nextRequestID(), command: command, arguments: arguments), timeout: timeout)
    }

    private func nextRequestID() -> JSONValue {
        defer { nextID += 1 }
        return .int(nextID)
    }

    /// Sends `request` and reads lines until its reply: the result, or the error thrown.
    private func exchange(_ request: ControlRequest, timeout: Double) throws(ControlClientError) -> JSONValue {
        try send(request.line)
        while true {
            let message = try readMessage(timeout: timeout)
            let reply: ReplyLine<JSONValue>
            do {
                reply = try JSONValueDecoder().decode(ReplyLine<JSONValue>.self, from: message)
            } catch {
                throw .lost("the daemon sent a line that is not a protocol 1 reply: \(error)")
            }
            // Replies come in request order; a line with another id would be a daemon bug, skip it.
            guard reply.id == request.id || reply.id == .null else { continue }
            switch reply.outcome {
            case .success(let result): return result
            case .failure(let failure): throw .failed(failure)
            }
        }
    }

    /// Sends one raw line (a newline is added).
    public func send(_ line: String) throws(ControlClientError) {
        var bytes = Array(line.utf8)
        bytes.append(UInt8(ascii: "\n"))
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL))
            }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw .lost("the daemon closed the connection (\(String(cString: strerror(errno))))") }
            offset += n
        }
    }

    /// Reads the next line, parsed; `timeout` seconds at most (`nil`: wait for ever).
    public func readMessage(timeout: Double?) throws(ControlClientError) -> JSONValue {
        let line = try readLine(timeout: timeout)
        do {
            return try JSONParser.parse(line)
        } catch {
            throw .lost("the daemon sent something that is not JSON: \(error)")
        }
    }

    /// Reads the next raw line without its newline.
    public func readLine(timeout: Double?) throws(ControlClientError) -> [UInt8] {
        let deadline = timeout.map { Date().timeIntervalSince1970 + $0 }
        // Only bytes not searched yet are searched: a reply of many megabytes arrives in thousands of reads.
        var searched = start
        while true {
            if let newline = buffer[searched...].firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(buffer[start..<newline])
                start = newline + 1
                if start > 65_536 {
                    buffer.removeFirst(start)
                    start = 0
                }
                return line
            }
            var wait: Int32 = -1
            if let deadline {
                let left = deadline - Date().timeIntervalSince1970
                guard left > 0 else { throw .lost("no reply from the daemon within \(Int(timeout!)) s") }
                wait = Int32(min(left * 1000, Double(Int32.max)))
            }
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&p, 1, wait)
            if ready < 0 && errno == EINTR { continue }
            if ready == 0 { continue }
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw .lost("the daemon closed the connection") }
            searched = buffer.count
            buffer.append(contentsOf: chunk[0..<n])
        }
    }

    /// The socket `editorialctl` talks to: `EDITORIALD_SOCKET`, else the daemon's default for this user if a
    /// socket is there (a daemon started without `--socket`, as `scripts/run` does), else the system daemon's
    /// `/run/editoriald/control.sock`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let given = environment["EDITORIALD_SOCKET"], !given.isEmpty { return given }
        let own = DefaultLocations(environment: environment, isRoot: geteuid() == 0).socket
        var info = stat()
        if own != DefaultLocations.systemSocket, stat(own, &info) == 0, (info.st_mode & S_IFMT) == S_IFSOCK {
            return own
        }
        return DefaultLocations.systemSocket
    }
}
