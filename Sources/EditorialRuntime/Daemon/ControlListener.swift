import CSystemd
import Dispatch
import Foundation
import Glibc

/// The control socket: the one systemd passes (`editoriald.socket`) or one bound at the configured path
/// (mode 0660, a stale socket from a crashed run replaced). Until the control protocol lands, each
/// connection gets one JSON line — the protocol version and the status summary — and is closed.
public final class ControlListener: @unchecked Sendable {
    // Confined to the daemon's queue.
    private let fd: Int32
    private let source: DispatchSourceRead
    /// The bound path, `nil` for an inherited socket (systemd owns that file).
    public let boundPath: String?

    /// Takes the socket passed by systemd, else binds `path`; `status` gives the line to send (on `queue`).
    public init(path: String, queue: DispatchQueue, status: @escaping @Sendable () -> String) throws {
        if let inherited = ListenFDs.take().first {
            fd = inherited.fd
            boundPath = nil
        } else {
            fd = try ControlListener.bind(path)
            boundPath = path
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
        source.setEventHandler { [fd] in
            while true {
                let client = accept4(fd, nil, nil, Int32(SOCK_CLOEXEC.rawValue))
                guard client >= 0 else { break }
                let line = status() + "\n"
                _ = line.withCString { send(client, $0, strlen($0), Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT)) }
                Glibc.close(client)
            }
        }
        source.resume()
    }

    /// Stops accepting and removes a socket file we bound ourselves.
    public func close() {
        source.cancel()
        Glibc.close(fd)
        if let boundPath { unlink(boundPath) }
    }

    private static func bind(_ path: String) throws -> Int32 {
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw ControlError("socket path too long (\(bytes.count) bytes, at most 107): \(path)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, b) in bytes.enumerated() { raw[i] = b }
        }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw ControlError("cannot create a socket: \(errnoText())") }
        let length = socklen_t(MemoryLayout<sockaddr_un>.size)
        func tryBind() -> Int32 {
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, length) }
            }
        }
        if tryBind() != 0 {
            guard errno == EADDRINUSE else {
                Glibc.close(fd)
                throw ControlError("cannot bind \(path): \(errnoText())")
            }
            // In use: another daemon answering there is fatal; a stale file from a crash is replaced.
            let probe = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            let alive = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(probe, $0, length) == 0 }
            }
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
        guard listen(fd, 128) == 0 else {
            Glibc.close(fd)
            throw ControlError("cannot listen on \(path): \(errnoText())")
        }
        return fd
    }
}
