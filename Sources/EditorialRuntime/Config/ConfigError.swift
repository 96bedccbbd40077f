import EditorialCore

/// Problems in the config file, each with its position, or a file that cannot be read.
public struct ConfigError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Every problem found, in file order.
    public var diagnostics: [Diagnostic]

    /// Creates an error.
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    /// One `FILE:LINE:COLUMN: error: message` line per problem.
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
