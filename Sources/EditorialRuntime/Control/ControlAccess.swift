import Foundation
import Glibc

/// Who may change state over the control socket: root, the daemon's own user, and the users and groups the
/// config names (`control-users`, `control-groups`). Reading is open to anyone who can connect; the socket's
/// mode and group decide that.
public struct ControlAccess: Hashable, Sendable {
    /// Allowed user ids (besides root and the daemon's own).
    public var uids: Set<UInt32>
    /// Allowed group ids (primary or supplementary).
    public var gids: Set<UInt32>
    /// The daemon's own effective uid.
    public var ownUID: UInt32

    /// Creates a policy from ids.
    public init(uids: Set<UInt32> = [], gids: Set<UInt32> = [], ownUID: UInt32 = geteuid()) {
        self.uids = uids
        self.gids = gids
        self.ownUID = ownUID
    }

    /// Resolves names (or numbers) from the config; names the system does not know are returned so the daemon
    /// can warn about them (they grant nothing).
    public static func resolve(users: [String], groups: [String]) -> (access: ControlAccess, unknown: [String]) {
        var access = ControlAccess()
        var unknown: [String] = []
        for user in users {
            if let uid = UInt32(user) {
                access.uids.insert(uid)
            } else if let entry = getpwnam(user) {
                access.uids.insert(entry.pointee.pw_uid)
            } else {
                unknown.append("user '\(user)'")
            }
        }
        for group in groups {
            if let gid = UInt32(group) {
                access.gids.insert(gid)
            } else if let entry = getgrnam(group) {
                access.gids.insert(entry.pointee.gr_gid)
            } else {
                unknown.append("group '\(group)'")
            }
        }
        return (access, unknown)
    }

    /// True when `peer` may change state.
    public func allows(_ peer: PeerCredentials) -> Bool {
        if peer.uid == 0 || peer.uid == ownUID || uids.contains(peer.uid) { return true }
        return gids.contains(peer.gid) || peer.groups.contains(where: gids.contains)
    }
}
