import Foundation
import Testing

@testable import EditorialCore

/// Helpers shared by the iCalendar tests: splitting output into physical and logical lines, the expected TEXT
/// escaping written independently of the writer, and running Debian's python3 on a calendar.
enum ICalendarTestSupport {
    /// The physical lines of `bytes` without their CRLF; records an issue when a line lacks one or a lone CR or LF
    /// appears.
    static func physicalLines(_ bytes: [UInt8], sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [[UInt8]]
    {
        var lines: [[UInt8]] = []
        var line: [UInt8] = []
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 13, i + 1 < bytes.count, bytes[i + 1] == 10 {
                lines.append(line)
                line = []
                i += 2
                continue
            }
            if b == 13 || b == 10 {
                Issue.record("lone CR or LF at octet \(i)", sourceLocation: sourceLocation)
            }
            line.append(b)
            i += 1
        }
        if !line.isEmpty { Issue.record("the last line has no CRLF", sourceLocation: sourceLocation) }
        return lines
    }

    /// Checks the folding rules on every physical line: at most 75 octets, valid UTF-8 on its own (so no line
    /// starts or ends inside a UTF-8 sequence); returns the logical lines (continuations joined, leading space
    /// removed).
    static func checkedLogicalLines(_ bytes: [UInt8], sourceLocation: Testing.SourceLocation = #_sourceLocation)
        -> [String]
    {
        var logical: [[UInt8]] = []
        for (n, line) in physicalLines(bytes, sourceLocation: sourceLocation).enumerated() {
            #expect(
                line.count <= 75, "physical line \(n) has \(line.count) octets", sourceLocation: sourceLocation)
            #expect(
                String(validating: line, as: UTF8.self) != nil, "physical line \(n) is not valid UTF-8 by itself",
                sourceLocation: sourceLocation)
            if line.first == 32, !logical.isEmpty {
                logical[logical.count - 1].append(contentsOf: line.dropFirst())
            } else {
                logical.append(line)
            }
        }
        return logical.map { String(decoding: $0, as: UTF8.self) }
    }

    /// RFC 5545 TEXT escaping, scalar by scalar, written independently of `ICalendarWriter`.
    static func escaped(_ text: String) -> String {
        var out = ""
        var afterCR = false
        for scalar in text.unicodeScalars {
            defer { afterCR = scalar == "\r" }
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\r": out += "\\n"
            case "\n": if !afterCR { out += "\\n" }
            case "\t": out += "\t"
            case "\u{0}"..."\u{1F}", "\u{7F}": break
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// What a reader gives back for a TEXT value written from `text`: line breaks as LF, control characters gone.
    static func readBack(_ text: String) -> String {
        var out = ""
        var afterCR = false
        for scalar in text.unicodeScalars {
            defer { afterCR = scalar == "\r" }
            switch scalar {
            case "\r": out += "\n"
            case "\n": if !afterCR { out += "\n" }
            case "\t": out += "\t"
            case "\u{0}"..."\u{1F}", "\u{7F}": break
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Titles that exercise escaping and folding.
    static let nastyTitles: [String] = [
        "Plain title",
        "Commas, semicolons; and \\backslashes\\ \\n \\, \\; literally",
        "Line one\nline two\r\nline three\rline four",
        "Tabs\tinside\tand a trailing tab\t",
        "Controls \u{0}\u{1}\u{7}\u{1B}[31m\u{7F} dropped",
        "Emoji 👩🏽‍💻🚀🇮🇹 and a ZWJ family 👨‍👩‍👧‍👦 " + String(repeating: "🎉", count: 40),
        "Combining: e\u{301}e\u{301}e\u{301} n\u{303} a\u{30A}\u{301} Z\u{335}\u{321}\u{31B}a\u{337}l\u{336}g\u{334}o"
            + String(repeating: "a\u{301}\u{302}\u{303}", count: 30),
        "CJK 編集カレンダーの予定表、締め切りは金曜日です。" + String(repeating: "漢字かなカナ한국어", count: 12),
        "Quotes \"double\" and 'single', colons: here: and there:",
        "  leading and trailing spaces  ",
        String(repeating: "x", count: 67) + "\\,;" + String(repeating: "y", count: 70) + ",,;;\\\\",
        "Long " + String(repeating: "Zürich–Κρήτη–Москва—🙂, ", count: 220),
        String(repeating: "abc, def; ghi\\ ", count: 340),
    ]

    /// The result of running a program.
    struct Run {
        /// Exit status.
        var status: Int32
        /// Standard output.
        var output: Data
        /// Standard error as text.
        var error: String
    }

    /// Runs Debian's `/usr/bin/python3` (not a pyenv or virtualenv one, which lacks the Debian packages) with a
    /// script and its arguments, feeding `input`; gives up after 60 s.
    static func python(_ script: String, arguments: [String] = [], input: [UInt8]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script] + arguments
        process.environment = ["PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8"]
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        // A hung interpreter would hang the test run: stop it instead and let the exit status fail the test.
        let watchdog = DispatchWorkItem { [process] in process.terminate() }
        DispatchQueue.global().asyncAfter(deadline: .now() + 60, execute: watchdog)
        defer { watchdog.cancel() }
        let outputs = Outputs()
        let group = DispatchGroup()
        for (index, pipe) in [stdout, stderr].enumerated() {
            group.enter()
            DispatchQueue.global().async {
                outputs.set(index, pipe.fileHandleForReading.readDataToEndOfFile())
                group.leave()
            }
        }
        stdin.fileHandleForWriting.write(Data(input))
        try? stdin.fileHandleForWriting.close()
        group.wait()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, output: outputs.get(0),
            error: String(decoding: outputs.get(1), as: UTF8.self))
    }

    /// Collects a child's outputs from two reader threads.
    final class Outputs: @unchecked Sendable {
        private let lock = NSLock()
        private var data = [Data(), Data()]
        func set(_ i: Int, _ d: Data) { lock.withLock { data[i] = d } }
        func get(_ i: Int) -> Data { lock.withLock { data[i] } }
    }
}
