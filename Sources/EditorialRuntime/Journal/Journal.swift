import CSystemd
import EditorialCore
import Glibc
import Synchronization

/// The sink for editoriald's events: structured entries to journald, or readable lines on the console.
///
/// With the journal target, every entry goes to journald through `sd_journal_sendv`, with `MESSAGE`,
/// `PRIORITY`, `MESSAGE_ID`, `SYSLOG_IDENTIFIER` and the entry's fields. Values keep newlines and any
/// length; a NUL becomes U+FFFD, and control characters other than newline and tab in `MESSAGE` are
/// written as `\u{1B}`, so that journalctl shows text rather than "[blob data]". When journald cannot take
/// an entry (its socket is missing, or sending fails) it is written to the console instead, so nothing is
/// lost; the first such entry of an outage is preceded by one notice, and the journal's return is noted
/// too. Console lines are written whole, one `write(2)` each when possible, under a lock: lines from
/// several threads never interleave. Safe to call from any thread.
public final class Journal: EventSink {
    /// The target in use: `.journal` or `.console` (`.auto` is resolved when the journal is created).
    public let target: LogTarget
    /// The `SYSLOG_IDENTIFIER` of every entry and the program name on console lines.
    public let identifier: String
    /// The file descriptor console lines are written to (not owned: never closed here).
    public let console: Int32

    private struct State {
        // nil while the journal takes entries; the reason and the number of entries diverted otherwise.
        var outage: (reason: String, diverted: Int)?
    }

    private let state = Mutex(State())

    /// A sink for `target` (`.auto` is resolved now, see ``LogTarget/resolvedForThisProcess()``).
    public init(target: LogTarget, identifier: String = "editoriald", console: Int32 = STDERR_FILENO) {
        self.target = target.resolvedForThisProcess()
        self.identifier = identifier
        self.console = console
    }

    /// Writes the entry to the journal, or to the console when that is the target or journald fails.
    public func send(_ entry: JournalEntry) {
        guard target == .journal else {
            writeLine(Self.consoleLine(entry, identifier: identifier, at: Self.now()))
            return
        }
        let failure: String?
        if access(LogTarget.journalSocketPath, F_OK) != 0 {
            // sd_journal_sendv returns 0 and drops the entry when the socket is missing: check first.
            failure = "\(LogTarget.journalSocketPath) is missing"
        } else {
            let result = sendToJournal(entry)
            failure = result < 0 ? String(cString: strerror(-result)) : nil
        }
        let now = Self.now()
        state.withLock { state in
            if let failure {
                if state.outage == nil {
                    state.outage = (failure, 0)
                    let notice = JournalEntry(
                        "journal unavailable (\(failure)); writing entries to standard error", priority: .warning)
                    writeAll(Self.consoleLine(notice, identifier: identifier, at: now))
                }
                state.outage?.diverted += 1
                writeAll(Self.consoleLine(entry, identifier: identifier, at: now))
            } else if let outage = state.outage {
                state.outage = nil
                let notice = JournalEntry(
                    "journal available again after \(outage.diverted) entries went to standard error",
                    priority: .notice)
                writeAll(Self.consoleLine(notice, identifier: identifier, at: now))
            }
        }
    }

    /// Sends one entry with `sd_journal_sendv`; its result (negative errno on failure).
    private func sendToJournal(_ entry: JournalEntry) -> Int32 {
        // All fields go into one byte buffer; the iovecs point into it while it is pinned.
        var bytes: [UInt8] = []
        var ranges: [(start: Int, count: Int)] = []
        bytes.reserveCapacity(entry.message.utf8.count + entry.fields.reduce(128) { $0 + $1.value.utf8.count + 32 })
        ranges.reserveCapacity(entry.fields.count + 4)
        func append(_ name: String, _ value: String, printable: Bool = false) {
            let start = bytes.count
            bytes.append(contentsOf: name.utf8)
            bytes.append(UInt8(ascii: "="))
            for byte in value.utf8 {
                // journalctl shows a value with a NUL (any field) or another control character (MESSAGE) as
                // "[blob data]"; UTF-8 continuation bytes are >= 0x80, so this never splits a character.
                if byte == 0 {
                    bytes.append(contentsOf: [0xEF, 0xBF, 0xBD])
                } else if printable && (byte < 0x20 || byte == 0x7F) && byte != 0x0A && byte != 0x09 {
                    bytes.append(contentsOf: "\\u{\(String(byte, radix: 16, uppercase: true))}".utf8)
                } else {
                    bytes.append(byte)
                }
            }
            ranges.append((start, bytes.count - start))
        }
        append("MESSAGE", entry.message, printable: true)
        append("PRIORITY", String(entry.priority.rawValue))
        if let id = entry.messageID { append("MESSAGE_ID", id.rawValue) }
        append("SYSLOG_IDENTIFIER", identifier)
        for field in entry.fields { append(field.name, field.value) }
        return bytes.withUnsafeMutableBytes { buffer in
            let vectors = ranges.map { iovec(iov_base: buffer.baseAddress! + $0.start, iov_len: $0.count) }
            return vectors.withUnsafeBufferPointer { sd_journal_sendv($0.baseAddress, Int32($0.count)) }
        }
    }

    private func writeLine(_ line: String) {
        state.withLock { _ in writeAll(line) }
    }

    /// Writes the whole line with as few `write(2)` calls as it takes; waits up to a second for a full
    /// non-blocking console, and gives up on other errors (a closed console cannot be helped).
    private func writeAll(_ line: String) {
        var line = line
        line.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(console, buffer.baseAddress! + offset, buffer.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else if written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                    var descriptor = pollfd(fd: console, events: Int16(POLLOUT), revents: 0)
                    guard poll(&descriptor, 1, 1000) > 0 else { return }
                } else {
                    return
                }
            }
        }
    }

    /// The wall-clock time now, as seconds and nanoseconds since the epoch.
    static func now() -> timespec {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return time
    }

    /// The console form of an entry: one line, `2027-01-12T10:00:00.123Z editoriald warning [overdue]:
    /// MESSAGE FIELD=value FIELD="two words"`, control characters escaped (`\n`, `\u{1B}`).
    static func consoleLine(_ entry: JournalEntry, identifier: String, at time: timespec) -> String {
        var line = timestamp(time)
        line += " \(identifier) \(entry.priority)"
        if let id = entry.messageID { line += " [\(id)]" }
        line += ": "
        line += escaped(entry.message, quoting: false)
        for field in entry.fields {
            line += " \(field.name)=\(escaped(field.value, quoting: true))"
        }
        line += "\n"
        return line
    }

    /// `time` in UTC as `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    static func timestamp(_ time: timespec) -> String {
        var seconds = time.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let date = "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))"
        let clock = "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))"
        return "\(date)T\(clock).\(pad(Int32(time.tv_nsec / 1_000_000), 3))Z"
    }

    /// Text made safe for one terminal line: control characters escaped; with `quoting`, an empty value or
    /// one with spaces, quotes or backslashes is put in double quotes with `"` and `\` escaped.
    static func escaped(_ text: String, quoting: Bool) -> String {
        // Fast path: plain printable ASCII without spaces, quotes or backslashes is written as it is.
        if !text.isEmpty
            && text.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C || (!quoting && $0 == 0x20) })
        {
            return text
        }
        let needsQuotes =
            quoting && (text.isEmpty || text.unicodeScalars.contains { $0 == " " || $0 == "\"" || $0 == "\\" })
        var result = needsQuotes ? "\"" : ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\"" where needsQuotes: result += "\\\""
            case "\\" where needsQuotes: result += "\\\\"
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028
                    || scalar.value == 0x2029
                {
                    result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        if needsQuotes { result += "\"" }
        return result
    }
}
