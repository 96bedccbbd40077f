/// One error or warning about a plan set, positioned like a compiler message.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible, Comparable {
    /// How bad it is.
    public enum Severity: String, Hashable, Sendable, Codable {
        /// The plan set cannot be used.
        case error
        /// The plan set works, but breaks a rule of good practice or looks like a mistake.
        case warning
    }

    /// Error or warning.
    public var severity: Severity
    /// Where the problem is.
    public var location: SourceLocation
    /// A stable, machine-readable identifier of the kind of problem.
    public var code: DiagnosticCode
    /// A sentence for a person.
    public var message: String

    /// Creates a diagnostic.
    public init(_ severity: Severity, _ code: DiagnosticCode, at location: SourceLocation, _ message: String) {
        self.severity = severity
        self.code = code
        self.location = location
        self.message = message
    }

    /// `FILE:LINE:COLUMN: error: message`.
    public var description: String { "\(location): \(severity.rawValue): \(message)" }

    /// Orders by position, errors before warnings at the same position.
    public static func < (a: Diagnostic, b: Diagnostic) -> Bool {
        if a.location != b.location { return a.location < b.location }
        if a.severity != b.severity { return a.severity == .error }
        return a.message < b.message
    }
}
