import Foundation

/// A service manager's notification socket for tests: an `AF_UNIX` datagram socket in a temporary
/// directory, with `SO_PASSCRED` so every datagram comes with its sender's pid.
final class NotifySocket {
    /// One datagram.
    struct Message {
        /// The text (`READY=1`, …).
        var text: String
        /// The sender's pid, from the kernel's credentials.
        var pid: Int32?
    }

    /// The socket's path, the value for `NOTIFY_SOCKET`.
    let path: String
    private let fd: Int32
    private let directory: URL

    /// Binds a new socket.
    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("notify-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent("notify.sock").path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in bytes.prefix(buffer.count - 1).enumerated() { buffer[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        var on: Int32 = 1
        let passcred = setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &on, socklen_t(MemoryLayout<Int32>.size))
        guard fd >= 0, bound == 0, passcred == 0 else {
            throw PrivateJournal.Failure(description: "notify socket \(path): \(String(cString: strerror(errno)))")
        }
    }

    deinit {
        close(fd)
        try? FileManager.default.removeItem(at: directory)
    }

    /// The next datagram, waiting at most `timeout`; nil when none came.
    func receive(timeout: Duration = .seconds(10)) -> Message? {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let milliseconds = Int32(
            timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        guard poll(&descriptor, 1, milliseconds) > 0 else { return nil }
        var data = [UInt8](repeating: 0, count: 65536)
        var control = [UInt64](repeating: 0, count: 16)
        let (count, controlLength) = data.withUnsafeMutableBytes { dataBuffer in
            control.withUnsafeMutableBytes { controlBuffer in
                var vector = iovec(iov_base: dataBuffer.baseAddress, iov_len: dataBuffer.count)
                return withUnsafeMutablePointer(to: &vector) { vectorPointer in
                    var header = msghdr()
                    header.msg_iov = vectorPointer
                    header.msg_iovlen = 1
                    header.msg_control = controlBuffer.baseAddress
                    header.msg_controllen = controlBuffer.count
                    let received = recvmsg(fd, &header, 0)
                    return (received, header.msg_controllen)
                }
            }
        }
        guard count >= 0 else { return nil }
        return Message(
            text: String(decoding: data[0..<count], as: UTF8.self), pid: Self.senderPID(control, length: controlLength))
    }

    /// The pid in an `SCM_CREDENTIALS` control message, if there is one.
    private static func senderPID(_ control: [UInt64], length controlLength: Int) -> Int32? {
        // struct cmsghdr { size_t len; int level; int type; } then the data, 8-byte aligned; glibc hides
        // SCM_CREDENTIALS (2) and struct ucred { pid_t pid; uid_t uid; gid_t gid; } behind _GNU_SOURCE.
        control.withUnsafeBytes { buffer in
            var offset = 0
            while offset + 16 <= min(controlLength, buffer.count) {
                let length = Int(buffer.load(fromByteOffset: offset, as: UInt64.self))
                let level = buffer.load(fromByteOffset: offset + 8, as: Int32.self)
                let type = buffer.load(fromByteOffset: offset + 12, as: Int32.self)
                if level == SOL_SOCKET && type == 2 && length >= 16 + 4 {
                    return buffer.load(fromByteOffset: offset + 16, as: Int32.self)
                }
                guard length >= 16 else { return nil }
                offset += (length + 7) & ~7
            }
            return nil
        }
    }
}
