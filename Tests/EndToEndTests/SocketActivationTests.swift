import EditorialClient
import EditorialCore
import EditorialRuntime
import Foundation
import Testing

/// The daemon takes the socket systemd passes (`LISTEN_FDS`), here from `systemd-socket-activate`, which binds
/// it and starts the daemon on the first connection, as `editoriald.socket` does.
struct SocketActivationTests {
    @Test func theFirstConnectionStartsTheDaemonOnThePassedSocket() throws {
        let d = try LiveDaemon(plans: ["team.yaml": LiveDaemon.teamPlan(now: LiveDaemon.now())], start: false)
        try d.start(activated: true)
        // A protocol client in this process: Foundation's Process here does not reap a second child while the
        // systemd-socket-activate one runs (the editorialctl binary is tested the same way in the container).
        let client = try d.client()
        let json = try client.call(.status)
        // systemd-socket-activate execs the daemon in its own process once a client connects.
        #expect(json["pid"]?.int == Int64(d.process!.processIdentifier))
        #expect(json["counts"]?["overdue"]?.int == 2)
        #expect(try client.call(.done, ["item": .string("team/video")])["after"]?.string == "done")
        #expect(d.log.contains("Listening on \(d.socket)"), "\(d.log)")
        d.stop()
        // The socket file belongs to whoever bound it: the daemon leaves an inherited one alone.
        var info = stat()
        #expect(lstat(d.socket, &info) == 0 && (info.st_mode & S_IFMT) == S_IFSOCK)
    }
}
