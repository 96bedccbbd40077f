import ArgumentParser
import EditorialClient
import EditorialCore
import Foundation

extension EditorialCtl {
    /// `editorialctl check PATH…`.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate plan files and apply the strategy checks.",
            discussion: """
                Reads every PATH (a file, a directory searched recursively for *.yaml and *.yml, or - for \
                standard input) as one plan set and reports each problem as \
                FILE:LINE:COLUMN: error|warning: message.

                Errors: YAML syntax, wrong types, unknown keys, missing keys, bad dates, durations and \
                recurrence rules, unknown time zones, duplicate ids, unknown or ambiguous references, \
                dependency cycles.

                Warnings (the source document's rules): more than four active social channels; a personal \
                profile on a network with company pages (Facebook, LinkedIn); a company presence on a network \
                with no company profiles (TikTok); a video network with no video production; a slot with \
                nothing prepared or produced; posts or slots outside their plan's period; every occurrence \
                touched by a daylight-saving change. And, when a people: document lists who the owners are \
                (for delivery: e-mail, chat, digests), every owner the plans use that it does not list.

                Exit status: 0 when there are no errors (and, with --strict, no warnings), 1 otherwise, \
                2 on a usage error.
                """)

        @Argument(help: "Plan files or directories; - reads standard input.")
        var paths: [String]

        @Flag(name: .long, help: "Fail (exit 1) on warnings too.")
        var strict = false

        @OptionGroup var options: PlanOptions

        @ParentCommand var root: EditorialCtl

        func validate() throws {
            if paths.isEmpty { throw ValidationError("give at least one plan file or directory") }
        }

        func run() throws {
            let (sources, problems) = PlanFiles.load(paths)
            let planSet = PlanSet(sources: sources)
            var diagnostics = problems + planSet.diagnostics
            if !planSet.hasErrors { diagnostics += PlanChecker(planSet: planSet).warnings() }
            diagnostics.sort()
            let errors = diagnostics.filter { $0.severity == .error }.count
            let warnings = diagnostics.count - errors
            if options.json || root.options.json {
                try Terminal.printJSON(
                    CheckReport(
                        plans: planSet.plans.map(\.name), files: sources.map(\.path), errors: errors,
                        warnings: warnings, diagnostics: diagnostics.map(DiagnosticJSON.init)))
            } else {
                for d in diagnostics {
                    let label =
                        d.severity == .error
                        ? Terminal.paint("error:", "1;31") : Terminal.paint("warning:", "1;35")
                    print("\(Terminal.paint(d.location.description + ":", "1")) \(label) \(d.message)")
                }
                let summary =
                    "\(sources.count) file\(sources.count == 1 ? "" : "s"), \(planSet.plans.count) plan"
                    + "\(planSet.plans.count == 1 ? "" : "s"): \(errors) error\(errors == 1 ? "" : "s"), "
                    + "\(warnings) warning\(warnings == 1 ? "" : "s")"
                Terminal.error(summary)
            }
            // The process ends here without releasing the plan set: freeing a million posts one by one takes
            // seconds and returns nothing anyone needs.
            fflush(nil)
            Foundation.exit(errors > 0 || (strict && warnings > 0) ? ExitCode.failure.rawValue : 0)
        }
    }
}
