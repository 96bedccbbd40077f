import EditorialCore
import EditorialRuntime
import Foundation
import Testing

/// Who may change state: the client really runs as another user (`setpriv`), and the daemon judges it by the
/// kernel's `SO_PEERCRED`. Reading is open to whoever can open the socket; changes need root, the daemon's
/// user, or a user or group from the config.
@Suite(.serialized)
struct AuthorizationTests {
    /// Runs editorialctl as uid/gid 65534 (nobody), with `groups` as supplementary groups.
    static func asNobody(_ d: LiveDaemon, _ arguments: [String], groups: [String] = []) throws -> Run {
        let identity =
            ["--reuid=65534", "--regid=65534"]
            + (groups.isEmpty ? ["--clear-groups"] : ["--groups=" + groups.joined(separator: ",")])
        return try Run.command(
            "/usr/bin/setpriv", identity + [Run.binary.path] + arguments,
            environment: ["EDITORIALD_SOCKET": d.socket, "TZ": "UTC", "HOME": "/"])
    }

    static func daemon(config: String = "") throws -> LiveDaemon {
        let d = try LiveDaemon(plans: ["team.yaml": LiveDaemon.teamPlan(now: LiveDaemon.now())], config: config)
        return d
    }

    @Test func theSocketIsForItsOwnerAndGroupOnly() throws {
        let d = try Self.daemon()
        var info = stat()
        #expect(stat(d.socket, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o660)
        let run = try Self.asNobody(d, ["status"])
        #expect(run.status == 3)
        #expect(run.err.contains("permission denied"), "\(run.err)")
    }

    @Test func anotherUserMayReadButNotChangeAndTheRefusalIsLoggedAndAudited() throws {
        let d = try Self.daemon()
        chmod(d.socket, 0o666)
        let status = try Self.asNobody(d, ["status"])
        #expect(status.status == 0, "\(status.err)")
        #expect(try Self.asNobody(d, ["overdue"]).status == 0)
        #expect(try Self.asNobody(d, ["show", "team/launch"]).status == 0)
        for change in [
            ["done", "team/video"], ["publish", "team/launch", "--force"], ["reload"], ["ack", "team/missed!overdue"],
        ] {
            let refused = try Self.asNobody(d, change)
            #expect(refused.status == 1, "\(change)")
            #expect(refused.err.contains("nobody (uid 65534) may read but not change state"), "\(refused.err)")
            #expect(refused.err.contains("[forbidden]"))
        }
        // Nothing changed, and each refusal left a warning and an audit row naming the user.
        let video = try JSONParser.parse(try d.ctl("show", "team/video", "--json").out)
        #expect(video["status"]?.string == "overdue")
        let history = video["history"]?.array ?? []
        #expect(history.count == 1)
        #expect(history.first?["action"]?.string == "refused:done")
        #expect(history.first?["actor"]?.string?.hasPrefix("nobody (uid 65534, pid ") == true)
        #expect(
            d.log.contains("warning [controlRefused]: Refused 'done' of team/video to nobody (uid 65534"), "\(d.log)")
        let stats = try JSONParser.parse(try d.ctl("status", "--json").out)
        #expect(stats["control"]?["refused"]?.int == 4)
        // Root may.
        #expect(try d.ctl("done", "team/video").status == 0)
    }

    @Test func usersAndGroupsFromTheConfigMayChange() throws {
        let byUser = try Self.daemon(config: "control-users: [nobody]")
        chmod(byUser.socket, 0o666)
        let done = try Self.asNobody(byUser, ["done", "team/video"])
        #expect(done.status == 0, "\(done.err)")
        let show = try JSONParser.parse(try byUser.ctl("show", "team/video", "--json").out)
        #expect(show["history"]?.array?.first?["actor"]?.string?.hasPrefix("nobody (uid 65534") == true)

        let byGroup = try Self.daemon(config: "control-groups: [users]")
        chmod(byGroup.socket, 0o666)
        #expect(try Self.asNobody(byGroup, ["done", "team/video"]).status == 1)
        let member = try Self.asNobody(byGroup, ["done", "team/video"], groups: ["100"])
        #expect(member.status == 0, "\(member.err)")
    }

    @Test func unknownNamesInTheConfigGrantNothingAndAreReported() throws {
        let d = try Self.daemon(config: "control-users: [no-such-user-here]")
        chmod(d.socket, 0o666)
        #expect(try Self.asNobody(d, ["done", "team/video"]).status == 1)
        #expect(d.log.contains("control access: the system has no user 'no-such-user-here'"))
    }
}
