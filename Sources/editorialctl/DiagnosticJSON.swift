import EditorialCore

/// One diagnostic in JSON.
struct DiagnosticJSON: Codable {
    /// File path.
    var file: String
    /// 1-based line.
    var line: Int
    /// 1-based column.
    var column: Int
    /// `error` or `warning`.
    var severity: String
    /// Stable code such as `unknown-key`.
    var code: String
    /// The message.
    var message: String

    init(_ d: Diagnostic) {
        file = d.location.file
        line = d.location.line
        column = d.location.column
        severity = d.severity.rawValue
        code = d.code.rawValue
        message = d.message
    }
}
