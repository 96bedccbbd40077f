import EditorialCore
import Foundation

/// Output helpers: colour only on a terminal and never with `NO_COLOR`; errors to standard error.
enum Terminal {
    /// True when standard output is a terminal and `NO_COLOR` is unset or empty.
    static let colour: Bool = {
        let noColour = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        return isatty(STDOUT_FILENO) == 1 && !noColour
    }()

    /// Wraps `text` in an SGR colour code when colour is on.
    static func paint(_ text: String, _ code: String) -> String {
        colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    /// Writes a line to standard error.
    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Prints a JSON value indented, keys sorted.
    static func printJSON(_ value: JSONValue) {
        print(value.pretty)
    }

    /// Prints a typed value as JSON, indented, keys sorted (the daemon's own writer, as for every `--json`).
    static func printJSON<T: Encodable>(_ value: T) throws {
        print(try JSONValueEncoder().encode(value).pretty)
    }
}
