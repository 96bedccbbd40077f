import Dispatch
import Synchronization

/// What one plan file parsed to: everything `PlanSet` is built from, and what the compiled-plan cache keeps.
public struct ParsedFile: Sendable {
    /// The file's plans.
    public var plans: [Plan]
    /// The people of its `people:` documents.
    public var people: [Person]
    /// Whether it holds a `people:` document (an empty one too).
    public var hasPeople: Bool
    /// What was wrong with it.
    public var diagnostics: [Diagnostic]

    /// Creates one.
    public init(plans: [Plan], people: [Person], hasPeople: Bool, diagnostics: [Diagnostic]) {
        self.plans = plans
        self.people = people
        self.hasPeople = hasPeople
        self.diagnostics = diagnostics
    }

    /// What `parser` read.
    public init(_ parser: PlanParser) {
        self.init(
            plans: parser.plans, people: parser.people, hasPeople: parser.hasPeople, diagnostics: parser.diagnostics)
    }

    /// The same file with its plans' content items, posts and slots left out (what a cache keeps of a parse while
    /// a plan set resolves the items).
    public var withoutItems: ParsedFile {
        var file = self
        for i in file.plans.indices {
            file.plans[i].content = []
            file.plans[i].posts = []
            file.plans[i].slots = []
        }
        return file
    }

    /// Parses `source`; plans without `reminders:` get `defaultReminders`.
    public init(parsing source: PlanSource, defaultReminders: [NominalDuration]) {
        self.init(PlanParser(file: source.path, text: source.text, defaultReminders: defaultReminders))
    }

    /// `parse` of each source, run in parallel (parsing is most of reading), in the sources' order.
    public static func parseAll<Source: Sendable>(
        _ sources: [Source], _ parse: @Sendable (Source) -> ParsedFile
    ) -> [ParsedFile] {
        let parsed = Mutex<[Int: ParsedFile]>([:])
        DispatchQueue.concurrentPerform(iterations: sources.count) { i in
            let file = parse(sources[i])
            parsed.withLock { $0[i] = file }
        }
        return parsed.withLock { all in sources.indices.map { all[$0]! } }
    }
}
