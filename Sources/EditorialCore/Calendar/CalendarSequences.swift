/// The SEQUENCE of every exported UID: 0 when first exported, one more each time its content changes.
///
/// The daemon keeps these in its state store so that sequences survive restarts and reloads; an offline
/// export starts from an empty table (every SEQUENCE is 0).
public struct CalendarSequences: Sendable, Hashable {
    /// One UID's last exported fingerprint and its sequence.
    public struct Record: Sendable, Hashable {
        /// The fingerprint of the content last exported.
        public var fingerprint: UInt64
        /// Its SEQUENCE.
        public var sequence: Int

        /// Creates a record.
        public init(fingerprint: UInt64, sequence: Int) {
            self.fingerprint = fingerprint
            self.sequence = sequence
        }
    }

    /// The records by UID.
    public private(set) var records: [String: Record]
    /// UIDs whose record changed since the last `takeChanges()`.
    public private(set) var changed: Set<String> = []

    /// A table with the given records.
    public init(records: [String: Record] = [:]) {
        self.records = records
    }

    /// The sequence to export for `uid` with content `fingerprint`, bumping it when the content changed.
    public mutating func sequence(uid: String, fingerprint: UInt64) -> Int {
        if let record = records[uid] {
            if record.fingerprint == fingerprint { return record.sequence }
            let next = Record(fingerprint: fingerprint, sequence: record.sequence + 1)
            records[uid] = next
            changed.insert(uid)
            return next.sequence
        }
        records[uid] = Record(fingerprint: fingerprint, sequence: 0)
        changed.insert(uid)
        return 0
    }

    /// Assigns sequences to every entry (in order) and returns them.
    public mutating func assign(_ entries: [CalendarEntry]) -> [Int] {
        entries.map { sequence(uid: $0.uid, fingerprint: $0.fingerprint) }
    }

    /// The records changed since the last call, which are then forgotten as changes.
    public mutating func takeChanges() -> [String: Record] {
        var result: [String: Record] = [:]
        for uid in changed { result[uid] = records[uid] }
        changed = []
        return result
    }
}
