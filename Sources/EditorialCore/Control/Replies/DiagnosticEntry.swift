/// A plan error or warning on the wire, as `reload` and `status` report them: position, severity, message,
/// and the whole `FILE:LINE:COLUMN: severity: message` text.
public struct DiagnosticEntry: Codable, Hashable, Sendable {
    /// The file.
    public var file: String
    /// 1-based line.
    public var line: Int
    /// 1-based column.
    public var column: Int
    /// `error` or `warning`.
    public var severity: Diagnostic.Severity
    /// The sentence.
    public var message: String
    /// `FILE:LINE:COLUMN: severity: message`.
    public var text: String

    /// The member names of the protocol.
    enum CodingKeys: String, CodingKey {
        case file, line, column, severity, message, text
    }

    /// The wire form of a diagnostic.
    public init(_ d: Diagnostic) {
        file = d.location.file
        line = d.location.line
        column = d.location.column
        severity = d.severity
        message = d.message
        text = d.description
    }
}
