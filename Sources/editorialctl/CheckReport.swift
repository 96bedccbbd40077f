/// `check --json` output.
struct CheckReport: Codable {
    /// Names of the plans read.
    var plans: [String]
    /// Files read.
    var files: [String]
    /// Number of errors.
    var errors: Int
    /// Number of warnings.
    var warnings: Int
    /// Every diagnostic, in position order.
    var diagnostics: [DiagnosticJSON]
}
