import Dispatch
import EditorialClient
import EditorialCore
import Foundation

/// Reads the plans directory into a plan set: files are parsed in parallel (parsing dominates start-up),
/// then resolved together; the strategy checks add their warnings.
public enum PlanLoader {
    /// Loads every plan file under `directory`; plans without `reminders:` get `defaultReminders`. With a
    /// `cache`, files whose text is unchanged since the last load are not parsed again (nor read, when their stamp
    /// is the one they were read with: see `PlanFileReader.Stamp`), and with `previous` (the plan set in force)
    /// their plans are not indexed again either. `reader` reads the files.
    public static func load(
        directory: String, defaultReminders: [NominalDuration], checks: Bool = true, cache: ParseCache? = nil,
        reusing previous: PlanSet? = nil, reader: PlanFileReader = PlanFileReader()
    ) -> PlanLoad {
        let started = DispatchTime.now()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            let error = Diagnostic(
                .error, .unreadable, at: SourceLocation(file: directory, line: 1, column: 1),
                "the plans directory does not exist or is not a directory")
            return PlanLoad(planSet: PlanSet(plans: []), files: [], errors: [error], warnings: [], seconds: 0)
        }
        // With a cache, a file whose stamp is the one its cached parse was read from is not read again.
        var kept: (@Sendable (String, PlanFileReader.Stamp) -> ParsedFile?)?
        if let cache {
            kept = { path, stamp in cache.kept(path, stamp: stamp, defaults: defaultReminders) }
        }
        let (found, problems) = PlanFiles.find([directory], reader: reader, kept: kept)
        let results = ParsedFile.parseAll(found) { (file: PlanFiles.Found) -> ParsedFile in
            switch file {
            case .kept(_, let parsed): parsed
            case .read(let source, let stamp):
                cache?.parse(source, stamp: stamp, defaults: defaultReminders)
                    ?? ParsedFile(parsing: source, defaultReminders: defaultReminders)
            }
        }
        let paths = found.map(\.path)
        cache?.retain(only: Set(paths))
        // The files are handed over whole: kept here, their items would be shared, and resolving would copy them.
        let shells = cache == nil ? [] : results.map(\.withoutItems)
        let planSet = PlanSet(files: consume results, diagnostics: problems, reusing: previous)
        // The set's plans are the files' plans, in file order, unless a plan name was declared twice.
        if let cache, planSet.plans.count == shells.reduce(0, { $0 + $1.plans.count }) {
            var offset = 0
            for (path, shell) in zip(paths, shells) {
                cache.adopt(shell, resolved: planSet.plans[offset..<(offset + shell.plans.count)], for: path)
                offset += shell.plans.count
            }
        }
        var diagnostics = planSet.diagnostics
        if checks && !planSet.hasErrors { diagnostics += PlanChecker(planSet: planSet).warnings() }
        diagnostics.sort()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        return PlanLoad(
            planSet: planSet, files: paths, errors: diagnostics.filter { $0.severity == .error },
            warnings: diagnostics.filter { $0.severity == .warning }, seconds: seconds)
    }
}
