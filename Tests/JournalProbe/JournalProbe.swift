import CSystemd
import EditorialCore
import EditorialRuntime
import Foundation
import Logging

/// A test helper that runs EditorialRuntime's journal and notify code in its own process.
///
/// The tests cannot enter a private journald's mount namespace themselves (a multi-threaded process may
/// not `setns` into one), so they run this probe there with `nsenter`. Commands (one per run):
/// - `send TARGET [THREADS]`: each JSON line on stdin (``ProbeRecord``) is sent through ``Journal``; with
///   THREADS, every thread sends them all at once, adding `EDITORIAL_THREAD=N`, and the time is printed;
/// - `log TARGET LEVEL`: each JSON line is logged through ``JournalLogHandler`` at most at LEVEL;
/// - `notify ACTION…`: `ready`, `reloading`, `stopping`, `watchdog`, `status:TEXT` through ``Notifier``;
/// - `listen-fds`: takes ``ListenFDs`` and answers a connection on a listening socket named `control`;
/// - `bind-stale PATH`: leaves a datagram socket file at PATH that nobody listens on.
///
/// `send` and `log` print `target=journal` or `target=console` first (`log` then whether its first and
/// second `bootstrap` calls installed the handler); the others print one JSON object.
@main
struct JournalProbe {
    /// Runs the command in the arguments; exits 2 on a usage error.
    static func main() throws {
        let arguments = Array(CommandLine.arguments.dropFirst())
        switch arguments.first {
        case "send" where arguments.count == 2 || arguments.count == 3:
            let journal = Journal(target: try target(arguments[1]))
            let threads = arguments.count == 3 ? Int(arguments[2]) ?? 1 : 1
            print("target=\(journal.target.rawValue)")
            let records = try records()
            let entries = records.map { record in
                JournalEntry(
                    record.message, priority: JournalPriority(rawValue: record.priority ?? 6) ?? .info,
                    messageID: MessageID.allCases.first { "\($0)" == record.messageID },
                    fields: (record.fields ?? []).map { JournalField($0.first ?? "", $0.dropFirst().first ?? "") })
            }
            if threads == 1 {
                for (record, entry) in zip(records, entries) {
                    if let path = record.waitFor { try waitFor(path) }
                    journal.send(entry)
                }
            } else {
                let start = ContinuousClock.now
                DispatchQueue.concurrentPerform(iterations: threads) { thread in
                    for entry in entries {
                        var entry = entry
                        entry.fields.append(JournalField("EDITORIAL_THREAD", String(thread)))
                        journal.send(entry)
                    }
                }
                let elapsed = ContinuousClock.now - start
                print("sent=\(threads * entries.count) elapsed=\(elapsed)")
            }
        case "log" where arguments.count == 3:
            let journal = Journal(target: try target(arguments[1]))
            guard let level = Logger.Level(rawValue: arguments[2]) else { throw usage() }
            print("target=\(journal.target.rawValue)")
            let first = JournalLogHandler.bootstrap(journal: journal, logLevel: level)
            let second = JournalLogHandler.bootstrap(journal: journal, logLevel: .trace)
            print("bootstrapped=\(first),\(second)")
            let logger = Logger(label: "journal-probe")
            for record in try records() {
                let metadata = (record.metadata ?? [:]).mapValues { Logger.MetadataValue.string($0) }
                logger.log(
                    level: Logger.Level(rawValue: record.level ?? "info") ?? .info, "\(record.message)",
                    metadata: metadata)
            }
        case "notify":
            notify(arguments.dropFirst())
        case "listen-fds" where arguments.count == 1:
            listenFDs()
        case "bind-stale" where arguments.count == 2:
            try bindStale(arguments[1])
        default:
            throw usage()
        }
    }

    private static func target(_ name: String) throws -> LogTarget {
        guard let target = LogTarget(rawValue: name) else { throw usage() }
        return target
    }

    private static func waitFor(_ path: String) throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while access(path, F_OK) != 0 {
            guard ContinuousClock.now < deadline else { throw ProbeFailure(description: "\(path) did not appear") }
            // Another process creates the file: poll until the deadline.
            Thread.sleep(forTimeInterval: 0.005)
        }
    }

    private static func records() throws -> [ProbeRecord] {
        var records: [ProbeRecord] = []
        while let line = readLine(strippingNewline: true) {
            guard !line.isEmpty else { continue }
            records.append(try JSONDecoder().decode(ProbeRecord.self, from: Data(line.utf8)))
        }
        return records
    }

    private static func notify(_ actions: ArraySlice<String>) {
        let notifier = Notifier()
        var results: [Bool] = []
        for action in actions {
            switch action {
            case "ready": results.append(notifier.ready())
            case "reloading": results.append(notifier.reloading())
            case "stopping": results.append(notifier.stopping())
            case "watchdog": results.append(notifier.watchdog())
            default:
                // `status:TEXT`, where TEXT may contain `\n` written as a backslash and `n`.
                let text = action.dropFirst("status:".count).replacingOccurrences(of: "\\n", with: "\n")
                results.append(notifier.status(text))
            }
        }
        let interval = notifier.watchdogInterval.map { Int64(($0 / .microseconds(1)).rounded()) }
        printJSON([
            "enabled": notifier.isEnabled, "results": results,
            "watchdogIntervalMicroseconds": interval.map { NSNumber(value: $0) } ?? NSNull(),
        ])
    }

    private static func listenFDs() {
        let taken = ListenFDs.take()
        var described: [[String: Any]] = []
        for (fd, name) in taken {
            var type: Int32 = 0
            var accepting: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            _ = getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &length)
            length = socklen_t(MemoryLayout<Int32>.size)
            _ = getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &length)
            let cloexec = fcntl(fd, F_GETFD) & FD_CLOEXEC != 0
            described.append([
                "fd": fd, "name": name, "stream": type == Int32(SOCK_STREAM.rawValue), "listening": accepting != 0,
                "cloexec": cloexec,
            ])
            if name == "control" && accepting != 0 {
                let connection = accept(fd, nil, nil)
                if connection >= 0 {
                    _ = "hello\n".withCString { write(connection, $0, 6) }
                    close(connection)
                }
            }
        }
        let names: [String] = ["LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES"]
        let left = names.filter { getenv($0) != nil }
        printJSON(["fds": described, "environmentLeft": left])
    }

    private static func bindStale(_ path: String) throws {
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in path.utf8.prefix(buffer.count - 1).enumerated() { buffer[index] = byte }
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        close(fd)
        guard result == 0 else { throw ProbeFailure(description: "bind \(path): \(String(cString: strerror(errno)))") }
    }

    private static func printJSON(_ object: [String: Any]) {
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }

    private static func usage() -> ProbeFailure {
        ProbeFailure(description: "usage: journal-probe send|log|notify|listen-fds|bind-stale …")
    }
}

/// A probe failure; the message is printed and the probe exits non-zero.
struct ProbeFailure: Error, CustomStringConvertible {
    /// What went wrong.
    var description: String
}
