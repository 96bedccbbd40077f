import CSystemd
import EditorialCore
import Foundation
import Glibc

/// Who is at the other end of a control connection, as the kernel says (`SO_PEERCRED`, `SO_PEERGROUPS`):
/// taken at accept time, so a client cannot change what it is judged as after connecting.
public struct PeerCredentials: Hashable, Sendable {
    /// The peer's process id (at connect time).
    public var pid: Int32
    /// The peer's effective user id.
    public var uid: UInt32
    /// The peer's effective group id.
    public var gid: UInt32
    /// The peer's supplementary groups.
    public var groups: [UInt32]

    /// Creates credentials (tests build them by hand).
    public init(pid: Int32, uid: UInt32, gid: UInt32, groups: [UInt32] = []) {
        self.pid = pid
        self.uid = uid
        self.gid = gid
        self.groups = groups
    }

    /// Reads the credentials of the peer of a connected Unix socket; `nil` when the kernel will not say.
    public static func of(socket fd: Int32) -> PeerCredentials? {
        var cred = editoriald_ucred()
        var length = socklen_t(MemoryLayout<editoriald_ucred>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &length) == 0 else { return nil }
        var groups = [gid_t](repeating: 0, count: 64)
        var size = socklen_t(groups.count * MemoryLayout<gid_t>.size)
        // SO_PEERGROUPS (Linux 4.13): ERANGE says how much room the list needs.
        var got = getsockopt(fd, SOL_SOCKET, 59, &groups, &size)
        if got != 0 && errno == ERANGE {
            groups = [gid_t](repeating: 0, count: Int(size) / MemoryLayout<gid_t>.size + 1)
            size = socklen_t(groups.count * MemoryLayout<gid_t>.size)
            got = getsockopt(fd, SOL_SOCKET, 59, &groups, &size)
        }
        let list = got == 0 ? Array(groups.prefix(Int(size) / MemoryLayout<gid_t>.size)) : []
        return PeerCredentials(pid: cred.pid, uid: cred.uid, gid: cred.gid, groups: list)
    }

    /// The user name of `uid`, or the number when the system does not know it.
    public var userName: String { Self.userName(uid) }

    /// The peer as replies, the audit log and the journal name it (the user name looked up now).
    public var peer: ControlPeer { ControlPeer(pid: pid, uid: uid, userName: userName) }

    /// The name of a uid from the user database, else the number.
    public static func userName(_ uid: UInt32) -> String {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getpwuid_r(uid, &entry, &buffer, buffer.count, &result) == 0, result != nil,
            let name = entry.pw_name
        else { return String(uid) }
        return String(cString: name)
    }
}
