import EditorialClient
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
        /// The stamp of the version of the file read, when it had settled (never from the compiled-plan cache: a
        /// stamp says nothing on another boot or file system).
        var stamp: PlanFileReader.Stamp? = nil
    }

    private let entries = Mutex<[String: Entry]>([:])
    /// Files parsed by the load under way, not yet resolved (`adopt(_:for:)` makes them entries): the cache holds
    /// no reference to their items while the plan set resolves them, so resolving writes in place, not in a copy
    /// of every post.
    private let pending = Mutex<
        [String: (hash: UInt64, length: Int, defaults: [NominalDuration], stamp: PlanFileReader.Stamp?)]
    >([:])
    /// Whether entries were added or removed since `export()` last said so.
    private let changed = Mutex(false)
    private let counts = Mutex<(hits: Int, misses: Int)>((0, 0))

    /// An empty cache.
    public init() {}

    /// The cached parse of the file at `path` (with `defaults`) when it was read from the version with `stamp`,
    /// else nil: the file need not be read.
    func kept(_ path: String, stamp: PlanFileReader.Stamp, defaults: [NominalDuration]) -> ParsedFile? {
        let found: ParsedFile? = entries.withLock { all in
            guard let e = all[path], e.stamp == stamp, e.defaults == defaults else { return nil }
            return e.parse
        }
        if found != nil { counts.withLock { $0.hits += 1 } }
        return found
    }

    /// The parse of `source` with `defaults`: the cached one if its text is unchanged, else parsed now and
    /// remembered (the text is hashed once either way). `stamp` is the read version's, if it had settled.
    func parse(_ source: PlanSource, stamp: PlanFileReader.Stamp? = nil, defaults: [NominalDuration]) -> ParsedFile {
        let hash = Self.hash(source.text.utf8)
        let length = source.text.utf8.count
        let found: ParsedFile? = entries.withLock { all in
            guard let e = all[source.path], e.hash == hash, e.length == length, e.defaults == defaults else {
                return nil
            }
            all[source.path]?.stamp = stamp
            return e.parse
        }
        counts.withLock { found == nil ? ($0.misses += 1) : ($0.hits += 1) }
        if let found { return found }
        let parsed = ParsedFile(parsing: source, defaultReminders: defaults)
        entries.withLock { _ = $0.removeValue(forKey: source.path) }
        pending.withLock { $0[source.path] = (hash, length, defaults, stamp) }
        return parsed
    }

    /// Caches what `path` parsed to, with the items (content, posts, slots) of each plan as `resolved` holds them:
    /// `file` is the parse without its items (`ParsedFile.withoutItems`), `resolved` the same plans in the plan
    /// set. Later loads share the items, and resolving them again writes only what changed, so a reload copies no
    /// post. The rest of each plan is kept as parsed: resolution is recomputed on every load (a channel a plan set
    /// declared for a plan is declared again only if still needed).
    func adopt(_ file: ParsedFile, resolved: ArraySlice<Plan>, for path: String) {
        guard file.plans.count == resolved.count else { return }
        var file = file
        for (i, plan) in zip(file.plans.indices, resolved) {
            file.plans[i].content = plan.content
            file.plans[i].posts = plan.posts
            file.plans[i].slots = plan.slots
        }
        let parsed = pending.withLock { $0.removeValue(forKey: path) }
        let adopted = entries.withLock { all in
            if let parsed {
                all[path] = Entry(
                    hash: parsed.hash, length: parsed.length, defaults: parsed.defaults, parse: file,
                    stamp: parsed.stamp)
                return true
            }
            guard all[path] != nil else { return false }
            all[path]?.parse = file
            return false
        }
        if adopted { changed.withLock { $0 = true } }
    }

    /// Forgets files that are no longer there.
    func retain(only paths: Set<String>) {
        pending.withLock { $0 = $0.filter { paths.contains($0.key) } }
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

    /// A hash of the plan files at `paths` as cached — each one's path below `root`, content hash and length — and
    /// of `defaults`, the lead times plans without `reminders:` get: two daemons agree on it exactly when they run
    /// the same plans (16 hex digits).
    func fingerprint(of paths: [String], root: String, defaults: [NominalDuration]) -> String {
        let prefix = root.hasSuffix("/") ? root : root + "/"
        var text = "defaults " + defaults.map(\.description).joined(separator: ",") + "\n"
        entries.withLock { all in
            for path in paths.sorted() {
                let relative = path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
                let entry = all[path]
                text += "\(relative)\t\(entry.map { String($0.hash, radix: 16) } ?? "?")\t\(entry?.length ?? -1)\n"
            }
        }
        let hash = Self.hash(text.utf8)
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// XXH64 of the bytes (a text's UTF-8): about 10 GB/s; a change that keeps both hash and length equal is
    /// vanishingly unlikely, and costs only a stale parse until the file changes again.
    static func hash(_ bytes: some Sequence<UInt8>) -> UInt64 { XXHash64.hash(bytes) }
}
