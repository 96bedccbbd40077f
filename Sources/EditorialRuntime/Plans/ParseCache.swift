import EditorialCore
import Synchronization

/// What each plan file parsed to, by path and content hash: a reload parses only the files that changed
/// (parsing is most of a load: about 9 µs a post), and resolves the set again from the cached parts.
public final class ParseCache: Sendable {
    /// One file's parse, with what it was parsed from.
    struct Entry: Sendable {
        /// `hash(_:)` of the text.
        var hash: UInt64
        /// Its length in UTF-8 bytes.
        var length: Int
        /// The lead times plans without `reminders:` got.
        var defaults: [NominalDuration]
        /// What it parsed to.
        var parse: ParsedFile
    }

    private let entries = Mutex<[String: Entry]>([:])
    /// Whether entries were added or removed since `export()` last said so.
    private let changed = Mutex(false)
    private let counts = Mutex<(hits: Int, misses: Int)>((0, 0))

    /// An empty cache.
    public init() {}

    /// The parse of `source` with `defaults`: the cached one if its text is unchanged, else parsed now and
    /// remembered (the text is hashed once either way).
    func parse(_ source: PlanSource, defaults: [NominalDuration]) -> ParsedFile {
        let hash = Self.hash(source.text.utf8)
        let length = source.text.utf8.count
        let found: ParsedFile? = entries.withLock { all in
            guard let e = all[source.path], e.hash == hash, e.length == length, e.defaults == defaults else {
                return nil
            }
            return e.parse
        }
        counts.withLock { found == nil ? ($0.misses += 1) : ($0.hits += 1) }
        if let found { return found }
        let parsed = ParsedFile(parsing: source, defaultReminders: defaults)
        entries.withLock {
            $0[source.path] = Entry(hash: hash, length: length, defaults: defaults, parse: parsed)
        }
        changed.withLock { $0 = true }
        return parsed
    }

    /// Replaces the plans cached for `path` by the same plans as resolved in a plan set without errors: later
    /// loads share them (the unresolved copy is freed), and resolving them again writes nothing, so a reload
    /// does not copy a million posts. Resolution is recomputed on every load, so a target that changed is
    /// still written.
    func adopt(_ plans: ArraySlice<Plan>, for path: String) {
        entries.withLock { all in
            guard all[path]?.parse.plans.count == plans.count else { return }
            all[path]?.parse.plans = Array(plans)
        }
    }

    /// Forgets files that are no longer there.
    func retain(only paths: Set<String>) {
        let removed = entries.withLock { all in
            let before = all.count
            all = all.filter { paths.contains($0.key) }
            return all.count != before
        }
        if removed { changed.withLock { $0 = true } }
    }

    /// Adds entries read back from the compiled-plan cache (they do not count as a change).
    func seed(_ seeded: [String: Entry]) {
        entries.withLock { all in all.merge(seeded) { current, _ in current } }
    }

    /// Every entry, when something changed since the last export (then marked unchanged), else nil.
    func exportIfChanged() -> [String: Entry]? {
        let wasChanged = changed.withLock { was in
            defer { was = false }
            return was
        }
        return wasChanged ? entries.withLock { $0 } : nil
    }

    /// Files served from the cache, and files parsed, since the cache was made.
    public var statistics: (hits: Int, misses: Int) { counts.withLock { $0 } }

    /// How many files are cached.
    public var count: Int { entries.withLock { $0.count } }

    /// 64-bit FNV-1a of the bytes (a text's UTF-8, the compiled-plan cache's checksum): about 1 GB/s; a change
    /// that keeps both hash and length equal is vanishingly unlikely, and costs only a stale parse until the file
    /// changes again.
    static func hash(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            h ^= UInt64(byte)
            h = h &* 0x100_0000_01b3
        }
        return h
    }
}
