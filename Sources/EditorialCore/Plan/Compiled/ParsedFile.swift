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
}
