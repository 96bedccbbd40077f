/// How many diagnostics of one file are kept: the first `perFile` with their positions, the rest only counted, so a
/// file with a million mistakes is reported in bounded memory (and read by a person at all). Each file that had
/// more gets one more diagnostic, at its first unlisted problem, saying how many were left out.
struct DiagnosticBudget: Sendable {
    /// Diagnostics kept per file.
    static let perFile = 1_000

    /// What the summary says the left-out problems are (`problems`, `problems with references`).
    let what: String
    /// Diagnostics kept so far, by file.
    private var kept: [String: Int] = [:]
    /// Diagnostics left out, by file: how many, the first, and whether any was an error.
    private var omitted: [String: (count: Int, first: Diagnostic, error: Bool)] = [:]

    /// A budget whose summaries call the left-out diagnostics `what`.
    init(what: String) { self.what = what }

    /// Counts a diagnostic that is kept whatever the budget (one written before, to be counted with the rest).
    mutating func count(_ diagnostic: Diagnostic) {
        kept[diagnostic.location.file, default: 0] += 1
    }

    /// Whether a diagnostic of `file` would be listed now (a message that is costly to build is built only then).
    func lists(_ file: String) -> Bool { kept[file, default: 0] < Self.perFile }

    /// Whether `diagnostic` is kept; when its file already has `perFile`, it is only counted.
    mutating func admit(_ diagnostic: Diagnostic) -> Bool {
        let file = diagnostic.location.file
        if kept[file, default: 0] < Self.perFile {
            kept[file, default: 0] += 1
            return true
        }
        let error = diagnostic.severity == .error
        if let seen = omitted[file] {
            omitted[file] = (seen.count + 1, seen.first, seen.error || error)
        } else {
            omitted[file] = (1, diagnostic, error)
        }
        return false
    }

    /// One diagnostic per file that had more than `perFile`: how many were left out, placed at the first of them,
    /// an error when any left out was one.
    var summaries: [Diagnostic] {
        omitted.sorted { $0.key < $1.key }.map { _, entry in
            Diagnostic(
                entry.error ? .error : .warning, .tooManyProblems, at: entry.first.location,
                "\(entry.count) more \(what) in this file are not listed (the first \(Self.perFile) are)")
        }
    }
}
