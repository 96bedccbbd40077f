import ArgumentParser
import EditorialClient
import EditorialCore

/// The plan set of `--plans` for the offline commands (`agenda`, `export`): every error printed with its position
/// and exit 1 when there is any; `--plan` checked against the plans read.
enum OfflinePlans {
    /// Reads `paths` as one plan set that has no errors, and checks that `plan` (if given) is one of its plans.
    static func load(_ paths: [String], plan: String?) throws -> PlanSet {
        let (sources, problems) = PlanFiles.load(paths)
        let planSet = PlanSet(sources: sources)
        let errors = problems + planSet.diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty else {
            for d in errors { Terminal.error(d.description) }
            Terminal.error("editorialctl: the plans have errors; run 'editorialctl check' for details")
            throw ExitCode.failure
        }
        if let plan, planSet.planIndex[plan] == nil {
            throw ValidationError(
                "no plan named '\(plan)' (plans: \(planSet.plans.map(\.name).joined(separator: ", ")))")
        }
        return planSet
    }
}
