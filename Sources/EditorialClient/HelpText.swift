import Foundation

/// Help and usage text at the terminal's width: swift-argument-parser wraps prose but prints a command's synopsis
/// on one line whatever its length, so the synopsis is wrapped here, each continuation aligned after the command
/// name, at bracket groups (never inside `[--socket <path>]`). Both executables print their help through it.
public enum HelpText {
    /// The width help is written for: `COLUMNS`, else the terminal's, else 80 (as swift-argument-parser does).
    public static var width: Int {
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 {
            return columns
        }
        var size = winsize()
        if isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return Int(size.ws_col)
        }
        return 80
    }

    /// What both executables do with swift-argument-parser's verdict on their command line: help and `--version`
    /// go to standard output at the terminal's width (exit 0); a usage error goes to standard error with its
    /// synopsis wrapped and a pointer to `TOOL --help` (exit 2, not the parser's 64, as their manuals promise).
    /// Returns for anything else, which the caller hands to the parser's own exit.
    public static func finish(_ message: String, usageError: Bool, success: Bool, tool: String) {
        if usageError {
            FileHandle.standardError.write(Data((wrapped(message) + "\n").utf8))
            FileHandle.standardError.write(Data("Run '\(tool) --help' for usage.\n".utf8))
            exit(2)
        }
        if success && !message.isEmpty {
            print(wrapped(message))
            exit(0)
        }
    }

    /// `text` with every `USAGE:` or `Usage:` synopsis wrapped at `width`.
    public static func wrapped(_ text: String, width: Int = width) -> String {
        var out: [String] = []
        var lines = text.components(separatedBy: "\n")[...]
        while let line = lines.popFirst() {
            guard line.hasPrefix("USAGE: ") || line.hasPrefix("Usage: ") else {
                out.append(line)
                continue
            }
            // A synopsis swift-argument-parser already broke keeps its hanging indent of seven spaces.
            var synopsis = line
            while let next = lines.first, next.hasPrefix("       "), !next.trimmingCharacters(in: .whitespaces).isEmpty
            {
                synopsis += " " + next.trimmingCharacters(in: .whitespaces)
                lines.removeFirst()
            }
            out += wrap(synopsis, width: width)
        }
        return out.joined(separator: "\n")
    }

    /// One synopsis as lines of at most `width` characters (a single group longer than that stands alone).
    public static func wrap(_ synopsis: String, width: Int) -> [String] {
        let tokens = groups(synopsis)
        guard synopsis.count > width, tokens.count > 2 else { return [synopsis] }
        // "USAGE:", the tool and its subcommands: what continuation lines align after.
        let head = tokens.prefix { !$0.hasPrefix("[") && !$0.hasPrefix("<") && !$0.hasPrefix("-") }
        let indent = String(repeating: " ", count: head.joined(separator: " ").count + 1)
        var lines: [String] = []
        var current = head.joined(separator: " ")
        for token in tokens.dropFirst(head.count) {
            if current.count + 1 + token.count > width && current != indent && current.count > indent.count {
                lines.append(current)
                current = indent + token
            } else {
                current += (current == indent ? "" : " ") + token
            }
        }
        lines.append(current)
        return lines
    }

    /// Words, with a bracketed group (`[--tz <tz>]`, `[<paths> ...]`) kept as one.
    private static func groups(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        var depth = 0
        for c in text {
            if c == " " && depth == 0 {
                if !current.isEmpty { result.append(current) }
                current = ""
                continue
            }
            if c == "[" { depth += 1 }
            if c == "]" { depth = max(0, depth - 1) }
            current.append(c)
        }
        if !current.isEmpty { result.append(current) }
        return result
    }
}
