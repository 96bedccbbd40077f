import EditorialCore
import Foundation
import Testing

@testable import EditorialRuntime

/// A real writer process killed with SIGKILL mid-transaction: the Debian `sqlite3` shell (installed by
/// `scripts/setup`), because a Swift process cannot safely fork a GRDB writer of its own.
struct StateStoreCrashTests {
    static let shell = "/usr/bin/sqlite3"

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: shell), "needs sqlite3; run scripts/setup"))
    func committedWritesSurviveAKilledWriterAndTheOpenTransactionVanishes() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try SQLiteStateStore(directory: dir.path).close()

        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.shell)
        process.arguments = ["-bail", dir.appending("state.sqlite")]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let script = """
            PRAGMA synchronous = FULL;
            INSERT INTO fired VALUES ('committed!P1D', 'acme/post', 'reminder', 100, 101, 0);
            INSERT INTO meta VALUES ('last_processed', '101');
            BEGIN;
            INSERT INTO fired VALUES ('uncommitted!PT1H', 'acme/post', 'reminder', 200, 201, 0);
            UPDATE meta SET value = '201' WHERE key = 'last_processed';
            SELECT 'inside-transaction';

            """
        input.fileHandleForWriting.write(Data(script.utf8))
        // Blocks until the shell has run every statement above; the transaction is still open.
        var seen = ""
        while !seen.contains("inside-transaction\n") {
            let chunk = output.fileHandleForReading.availableData
            try #require(!chunk.isEmpty, "sqlite3 exited early: \(seen)")
            seen += String(decoding: chunk, as: UTF8.self)
        }
        #expect(FileManager.default.fileExists(atPath: dir.appending("state.sqlite-wal")), "the commit is in the WAL")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(process.terminationStatus == SIGKILL)

        let store = try SQLiteStateStore(directory: dir.path)
        #expect(try store.firedKeys(since: 0) == ["committed!P1D"])
        #expect(try store.lastProcessed() == 101)
        #expect(try store.writerPragma("integrity_check") == "ok")
        try store.commit(
            StoreBatch(fired: [FiredRecord(key: "after", item: "i", kind: "due", scheduled: 300, fired: 300)]), at: 300)
        #expect(try store.isFired("after"))
    }
}
