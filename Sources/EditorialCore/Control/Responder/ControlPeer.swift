/// Who sent a request, as the kernel reported it at accept time: how the audit log and the journal name them.
public struct ControlPeer: Hashable, Sendable, CustomStringConvertible {
    /// The peer's process id.
    public var pid: Int32
    /// The peer's user id.
    public var uid: UInt32
    /// The user's name, or the number when the system does not know it.
    public var userName: String

    /// Creates a peer.
    public init(pid: Int32, uid: UInt32, userName: String) {
        self.pid = pid
        self.uid = uid
        self.userName = userName
    }

    /// `alice (uid 1000, pid 4242)`.
    public var description: String { "\(userName) (uid \(uid), pid \(pid))" }
}
