import EditorialCore
import Synchronization

/// What each plan file parsed to, by path and content hash: a reload parses only the files that changed
/// (parsing is most of a load: about 9 µs a post), and resolves the set again from the cached parts.
public final class ParseCache: Sendable {
    /// What one file parsed to: everything `PlanSet` is built from.
    struct Parse: Sendable {
        /// The file's plans.
        var plans: [Plan]
        /// The people of its `people:` documents.
        var people: [Person]
        /// Whether it holds a `people:` document (an empty one too).
        var hasPeople: Bool
        /// What was wrong with it.
        var diagnostics: [Diagnostic]

        /// What `parser` read.
        init(_ parser: PlanParser) {
            plans = parser.plans
            people = parser.people
            hasPeople = parser.hasPeople
            diagnostics = parser.diagnostics
        }
    }

    /// One file's parse, with what it was parsed from.
    struct Entry: Sendable {
        var hash: UInt64
        var length: Int
        var defaults: [NominalDuration]
        var parse: Parse
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let counts = Mutex<(hits: Int, misses: Int)>((0, 0))

    /// An empty cache.
    public init() {}

    /// The cached parse of `source` with `defaults`, if its text is unchanged.
    func lookup(_ source: PlanSource, defaults: [NominalDuration]) -> Parse? {
        let hash = Self.hash(source.text)
        let found: Parse? = entries.withLock { all in
            guard let e = all[source.path], e.hash == hash, e.length == source.text.utf8.count, e.defaults == defaults
            else { return nil }
            return e.parse
        }
        counts.withLock { found == nil ? ($0.misses += 1) : ($0.hits += 1) }
        return found
    }

    /// Remembers a parse.
    func store(_ source: PlanSource, defaults: [NominalDuration], parse: Parse) {
        let entry = Entry(
            hash: Self.hash(source.text), length: source.text.utf8.count, defaults: defaults, parse: parse)
        entries.withLock { $0[source.path] = entry }
    }

    /// Forgets files that are no longer there.
    func retain(only paths: Set<String>) {
        entries.withLock { all in all = all.filter { paths.contains($0.key) } }
    }

    /// Files served from the cache, and files parsed, since the cache was made.
    public var statistics: (hits: Int, misses: Int) { counts.withLock { $0 } }

    /// How many files are cached.
    public var count: Int { entries.withLock { $0.count } }

    /// 64-bit FNV-1a of the text's UTF-8 bytes (about 1 GB/s; a change that keeps both hash and length equal is
    /// vanishingly unlikely, and costs only a stale parse until the file changes again).
    static func hash(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x100_0000_01b3
        }
        return h
    }
}
