/// The outcome of reading a plans directory: the plan set, and what was wrong with it.
public struct PlanLoad: Sendable {
    /// The plans (not to be used when `errors` is not empty).
    public var planSet: PlanSet
    /// The files read.
    public var files: [String]
    /// Errors (unreadable files included), in file order; any error rejects the whole set.
    public var errors: [Diagnostic]
    /// Warnings from parsing and from the strategy checks.
    public var warnings: [Diagnostic]
    /// Seconds spent reading, parsing and resolving.
    public var seconds: Double

    /// Creates a load.
    public init(planSet: PlanSet, files: [String], errors: [Diagnostic], warnings: [Diagnostic], seconds: Double) {
        self.planSet = planSet
        self.files = files
        self.errors = errors
        self.warnings = warnings
        self.seconds = seconds
    }

    /// No plans at all (before the first good load).
    public static let empty = PlanLoad(planSet: PlanSet(plans: []), files: [], errors: [], warnings: [], seconds: 0)

    /// True when the set may replace the running one.
    public var accepted: Bool { errors.isEmpty }
}
