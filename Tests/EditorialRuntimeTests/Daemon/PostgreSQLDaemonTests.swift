import EditorialClient
import EditorialCore
import Foundation
import Testing

@testable import EditorialRuntime

/// The whole daemon on the PostgreSQL backend (a real server): it fires, records, takes changes through its socket
/// and, restarted, sends nothing twice — with the state in the database, not in the state directory.
struct PostgreSQLDaemonTests {
    @Test func theDaemonKeepsItsStateInPostgreSQLAcrossARestart() throws {
        let server = try PostgresServer.shared.get()
        let settings = try server.freshDatabase()
        let h = try DaemonHarness(
            plans: ["night.yaml": InProcessDaemonTests.night, "team.yaml": InProcessDaemonTests.team],
            now: InProcessDaemonTests.utc("2027-03-26T12:00:00Z"))
        h.configure = { $0.stateBackend = .postgresql(settings) }
        try h.start()
        let nights = h.advance(to: InProcessDaemonTests.utc("2027-03-28T06:00:00Z"))
        #expect(InProcessDaemonTests.nightlyDue(nights) == ["2027-03-27T02:30:00+01:00", "2027-03-28T03:30:00+02:00"])
        let done = try h.client().call(ChangeCall(.done, item: "team/video"))
        #expect(done.changed && done.after == "done")
        // Daemons share the database (the lease decides who fires); a copy by migrate-state is refused meanwhile.
        var other = h.config
        other.stateDirectory = h.directory.appending("other-state")
        other.socketPath = h.directory.appending("other.sock")
        try StateStores.open(other, environment: [:]).close()
        #expect(throws: StateStoreError.self) {
            _ = try PostgreSQLStateStore(settings: settings, lock: .exclusive)
        }

        try h.restart()
        h.advance(to: InProcessDaemonTests.utc("2027-03-30T06:00:00Z"))
        InProcessDaemonTests.expectEachKeyOnce(h.sink.entries)
        // What the daemon recorded is in the database: fired keys, the state, the audit row.
        let store = try PostgreSQLStateStore(settings: settings)
        #expect(try store.itemStates()["team/video"] == ItemState(progress: .done))
        #expect(try store.audit(item: "team/video", limit: 5).map(\.action) == ["done"])
        let keys = try store.firedSchedule(since: 0).keys
        #expect(keys.contains { $0.hasPrefix("night/late-show@2027-03-29") })
        #expect(try store.lastProcessed() == InProcessDaemonTests.utc("2027-03-30T06:00:00Z"))
        #expect(!FileManager.default.fileExists(atPath: h.config.stateDirectory + "/" + SQLiteStateStore.fileName))
        h.stop()
    }
}
