import EditorialCore
import Foundation
import Glibc

/// A tiny append-only record of entries sent since the last durable store commit (`sent.log` beside the
/// database): one line per entry, written with `write(2)` right after the entry goes to the journal.
///
/// A killed daemon keeps what `write(2)` wrote (the page cache survives the process), so on the next start
/// `replay()` hands those records to the store and nothing sent is sent again; a crash between sending and
/// appending repeats that one entry. A power cut may lose the last lines, as it may lose journald's own
/// unsynced entries. Appending costs a few microseconds, a SQLite commit per entry tens of them.
public final class SentLog: @unchecked Sendable {
    // Used on the daemon's queue (`remove(_:)`, which only unlinks a path, also from the delivery worker's).
    private var fd: Int32
    /// The log's path.
    public let path: String
    /// The state directory.
    private let directory: String
    /// Rotations so far, and a token of this log's own, for names no other log (another start, another process)
    /// can have.
    private var rotations = 0
    private let token = String(UInt64.random(in: 0...UInt64.max), radix: 16)

    /// Opens (creating) `sent.log` in `directory`.
    public init(directory: String) throws {
        self.directory = directory
        path = (directory as NSString).appendingPathComponent("sent.log")
        fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw StateStoreError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
    }

    deinit { Glibc.close(fd) }

    /// Appends one record; false when the write failed (the caller then commits to the store at once).
    @discardableResult
    public func append(_ record: FiredRecord) -> Bool {
        let fields = [
            record.key, record.item, record.kind, String(record.scheduled), String(record.fired),
            record.catchUp ? "1" : "0",
        ]
        let line = fields.map(Self.escape).joined(separator: "\t") + "\n"
        let bytes = Array(line.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            written += n
        }
        return true
    }

    /// Forgets everything (after a durable commit has stored it).
    public func clear() {
        _ = ftruncate(fd, 0)
    }

    /// Sets the log's records aside under a name of their own (`sent.PID.TOKEN.N.log`, renamed atomically) and starts an empty
    /// log: the step they belong to is recorded, its deliveries are not yet; whoever stores those removes the file
    /// (`remove(_:)`). Nil when the rename fails (the caller then stores the deliveries itself and clears the log).
    public func rotate() -> String? {
        rotations += 1
        let aside = (directory as NSString).appendingPathComponent("sent.\(getpid()).\(token).\(rotations).log")
        guard rename(path, aside) == 0 else { return nil }
        let fresh = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fresh >= 0 else {
            // Put the records back: appending to the set-aside file is still appending to the log's records.
            _ = rename(aside, path)
            return nil
        }
        Glibc.close(fd)
        fd = fresh
        return aside
    }

    /// Removes a set-aside file once the deliveries of its records are stored.
    public func remove(_ aside: String) { _ = unlink(aside) }

    /// The set-aside files a crash left (their records' deliveries may be missing).
    public func setAside() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasPrefix("sent.") && $0.hasSuffix(".log") && $0 != "sent.log" }.sorted()
            .map { (directory as NSString).appendingPathComponent($0) }
    }

    /// The records in the log and in the files set aside (a torn last line, from a crash mid-write, is ignored).
    public func allRecords() -> [FiredRecord] {
        (setAside() + [path]).flatMap(Self.records(at:))
    }

    /// Forgets the log's records and the files set aside (after a durable commit has stored them and their
    /// deliveries).
    public func clearAll() {
        for aside in setAside() { remove(aside) }
        clear()
    }

    /// The records in the log (a torn last line, from a crash mid-write, is ignored).
    public func records() -> [FiredRecord] { Self.records(at: path) }

    /// The records in a log file.
    static func records(at path: String) -> [FiredRecord] {
        guard let data = FileManager.default.contents(atPath: path), !data.isEmpty else { return [] }
        let text = String(decoding: data, as: UTF8.self)
        return text.split(separator: "\n", omittingEmptySubsequences: true).compactMap { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map { Self.unescape(String($0)) }
            guard f.count == 6, let scheduled = Int64(f[3]), let fired = Int64(f[4]) else { return nil }
            return FiredRecord(
                key: f[0], item: f[1], kind: f[2], scheduled: scheduled, fired: fired, catchUp: f[5] == "1")
        }
    }

    /// Moves the log's records into `store` durably, then clears the log; returns how many there were.
    @discardableResult
    public func replay(into store: StateStore, at now: Int64) throws -> Int {
        let found = try record(into: store, at: now)
        clearAll()
        return found.count
    }

    /// Records the log's records in `store` durably and returns them, leaving the log as it is: the daemon clears
    /// it once the deliveries those entries queue are stored too (a crash before that records them again, which
    /// changes nothing, and queues their deliveries again, under the same keys).
    public func record(into store: StateStore, at now: Int64) throws -> [FiredRecord] {
        let found = allRecords()
        if !found.isEmpty { try store.commit(StoreBatch(fired: found), at: now) }
        return found
    }

    private static func escape(_ s: String) -> String {
        guard s.contains(where: { $0 == "\\" || $0 == "\t" || $0 == "\n" }) else { return s }
        return s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\t", with: "\\t")
            .replacingOccurrences(of: "\n", with: "\\n")
    }

    private static func unescape(_ s: String) -> String {
        guard s.contains("\\") else { return s }
        var out = ""
        var escaped = false
        for c in s {
            if escaped {
                out.append(c == "t" ? "\t" : c == "n" ? "\n" : c)
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else {
                out.append(c)
            }
        }
        return out
    }
}
