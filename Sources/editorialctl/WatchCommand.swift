import ArgumentParser
import EditorialClient
import EditorialCore
import Foundation

extension EditorialCtl {
    /// `editorialctl watch`.
    struct WatchCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "watch",
            abstract: "Stream the daemon's events live until interrupted.",
            discussion: """
                Like 'journalctl -f -u editoriald', but structured and from the daemon itself: reminders, due \
                notices, overdue warnings, blocked and unblocked posts, reloads (accepted or rejected), state \
                changes with who made them, refusals, clock changes. One line per event; with --json, one \
                JSON object per line (the protocol's event objects: type, at, priority, message, fields). \
                Ends with Ctrl-C, or exits 3 when the daemon goes away.

                """ + ExitStatus.help)

        @ParentCommand var root: EditorialCtl

        @Option(name: .long, help: "Display time zone (IANA name); default TZ or the system zone.")
        var tz: String?

        @OptionGroup var options: ConnectionOptions

        func run() throws {
            let connection = Connection(options, over: root.options)
            let zone = try Online.zone(tz)
            let client: ControlClient
            do {
                client = try ControlClient(path: connection.path)
                _ = try client.call(WatchCall(), timeout: connection.timeout)
            } catch {
                throw Online.report(error, json: connection.json, failureStatus: { _ in ExitStatus.failure })
            }
            if !connection.json && isatty(STDERR_FILENO) == 1 {
                Terminal.error("watching \(connection.path); Ctrl-C ends")
            }
            while true {
                let message: JSONValue
                do {
                    message = try client.readMessage(timeout: nil)
                } catch {
                    Terminal.error("editorialctl: \(error.message)")
                    throw ExitCode(ExitStatus.unreachable)
                }
                guard let raw = message["event"] else { continue }
                // Written straight to the descriptor: stdout is block-buffered into a pipe, and a watcher
                // wants each event when it happens.
                if connection.json {
                    FileHandle.standardOutput.write(Data((raw.compact + "\n").utf8))
                    continue
                }
                // An event this build cannot read (a newer daemon's) is skipped, as the protocol asks.
                guard let event = try? JSONValueDecoder().decode(WatchEvent.self, from: raw) else { continue }
                var type = event.type.padding(toLength: 14)
                if event.priority <= 3 {
                    type = Terminal.paint(type, "1;31")
                } else if event.priority == 4 {
                    type = Terminal.paint(type, "33")
                }
                let line = "\(Online.local(event.at, zone))  \(type) \(event.message)\n"
                FileHandle.standardOutput.write(Data(line.utf8))
            }
        }
    }
}
