import EditorialCore
import Foundation
import Glibc

/// A tiny append-only record of entries sent since the last durable store commit (`sent.log` beside the
/// database): one line per entry, written with `write(2)` right after the entry goes to the journal, and at the end
/// of the step the deliveries its entries queue with a closing line.
///
/// A killed daemon keeps what `write(2)` wrote (the page cache survives the process), so on the next start
/// `replay()` hands those records to the store and nothing sent is sent again; a crash between sending and
/// appending repeats that one entry. A power cut may lose the last lines, as it may lose journald's own
/// unsynced entries. Appending costs a few microseconds, a SQLite commit per entry tens of them.
public final class SentLog: @unchecked Sendable {
    // Used only on the daemon's queue.
    private let fd: Int32
    /// The log's path.
    public let path: String

    /// Opens (creating) `sent.log` in `directory`.
    public init(directory: String) throws {
        path = (directory as NSString).appendingPathComponent("sent.log")
        fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw StateStoreError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
    }

    deinit { Glibc.close(fd) }

    /// Appends one record; false when the write failed (the caller then commits to the store at once).
    ///
    /// A record counts on replay only once the step it belongs to is closed by `close(deliveries:)`: a crash
    /// before that (while the step's deliveries are being worked out) leaves its entries unrecorded, so they are
    /// sent again after the restart, with their deliveries — never recorded without them.
    @discardableResult
    public func append(_ record: FiredRecord) -> Bool {
        let fields = [
            "F", record.key, record.item, record.kind, String(record.scheduled), String(record.fired),
            record.catchUp ? "1" : "0",
        ]
        return write(fields.map(Self.escape).joined(separator: "\t") + "\n")
    }

    /// Closes the step whose records were appended: its deliveries, then the closing line, in one `write(2)`.
    @discardableResult
    public func close(deliveries: [OutboxEntry]) -> Bool {
        var text = ""
        for e in deliveries {
            let fields = [
                "D", e.key, e.route, e.target, e.recipient, e.item ?? "", e.event, e.reminderKey, String(e.eventAt),
                String(e.queued), String(e.nextAttempt), e.payload,
            ]
            text += fields.map(Self.escape).joined(separator: "\t") + "\n"
        }
        return write(text + "C\n")
    }

    private func write(_ line: String) -> Bool {
        let bytes = Array(line.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
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

    /// The records of closed steps (and lines of the format before steps were closed, which always count), and
    /// the deliveries queued with them; records of a step never closed are left out, as is a torn last line.
    public func records() -> (fired: [FiredRecord], deliveries: [OutboxEntry]) {
        guard let data = FileManager.default.contents(atPath: path), !data.isEmpty else { return ([], []) }
        let text = String(decoding: data, as: UTF8.self)
        var fired: [FiredRecord] = []
        var deliveries: [OutboxEntry] = []
        var open: [FiredRecord] = []
        var openDeliveries: [OutboxEntry] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map { Self.unescape(String($0)) }
            if f == ["C"] {
                fired += open
                deliveries += openDeliveries
                open = []
                openDeliveries = []
            } else if f.count == 7, f[0] == "F", let record = Self.fired(f.dropFirst()) {
                open.append(record)
            } else if f.count == 6, let record = Self.fired(f[...]) {
                fired.append(record)
            } else if f.count == 12, f[0] == "D", let eventAt = Int64(f[8]), let queued = Int64(f[9]),
                let next = Int64(f[10])
            {
                openDeliveries.append(
                    OutboxEntry(
                        key: f[1], route: f[2], target: f[3], recipient: f[4], item: f[5].isEmpty ? nil : f[5],
                        event: f[6], reminderKey: f[7], eventAt: eventAt, queued: queued, nextAttempt: next,
                        payload: f[11]))
            }
        }
        return (fired, deliveries)
    }

    private static func fired(_ f: ArraySlice<String>) -> FiredRecord? {
        let f = Array(f)
        guard let scheduled = Int64(f[3]), let firedAt = Int64(f[4]) else { return nil }
        return FiredRecord(
            key: f[0], item: f[1], kind: f[2], scheduled: scheduled, fired: firedAt, catchUp: f[5] == "1")
    }

    /// Moves the log's closed steps into `store` durably (fired keys with their deliveries), then clears the log;
    /// returns how many records there were.
    @discardableResult
    public func replay(into store: StateStore, at now: Int64) throws -> Int {
        let found = records()
        if !found.fired.isEmpty || !found.deliveries.isEmpty {
            try store.commit(StoreBatch(fired: found.fired, deliveries: found.deliveries), at: now)
        }
        clear()
        return found.fired.count
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
