import Foundation
import Testing

/// `Journal` and `JournalLogHandler` against a real, private systemd-journald, through `journal-probe`.
struct JournalTests {
    /// A marker field that tells this test's entries apart.
    private let marker = "EDITORIAL_TEST=\(UUID().uuidString)"

    private var markerField: [String] { marker.split(separator: "=", maxSplits: 1).map(String.init) }

    @Test func entryArrivesWithEveryField() throws {
        let journal = try PrivateJournal()
        let note = "first line\nsecond line: café, 日本語, ✓"
        let big = String(repeating: "0123456789", count: 1024)
        let input = try Probe.lines([
            [
                "message": "Reminder: write the LinkedIn post", "priority": 4, "messageID": "reminder",
                "fields": [
                    markerField, ["EDITORIAL_CHANNEL", "linkedin"], ["editorial_note", note], ["EDITORIAL_BIG", big],
                ],
            ]
        ])
        let run = try journal.run([Probe.binary.path, "send", "journal"], input: input)
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out == "target=journal\n")
        #expect(run.err == "")

        let entries = try journal.entries([marker])
        let entry = try #require(entries.first)
        #expect(entries.count == 1)
        #expect(entry["MESSAGE"] == "Reminder: write the LinkedIn post")
        #expect(entry["PRIORITY"] == "4")
        #expect(entry["MESSAGE_ID"] == "3fa6e85f4323446890c8c82a8342d806")
        #expect(entry["SYSLOG_IDENTIFIER"] == "editoriald")
        #expect(entry["EDITORIAL_CHANNEL"] == "linkedin")
        #expect(entry["EDITORIAL_NOTE"] == note)
        #expect(entry["EDITORIAL_BIG"] == big)
        #expect(entry["_PID"] != nil)
    }

    @Test func priorityFilterAndFieldMatchSelectOurEntries() throws {
        let journal = try PrivateJournal()
        let input = try Probe.lines([
            ["message": "info", "priority": 6, "fields": [markerField, ["EDITORIAL_CHANNEL", "linkedin"]]],
            ["message": "warning", "priority": 4, "fields": [markerField, ["EDITORIAL_CHANNEL", "newsletter"]]],
            ["message": "error", "priority": 3, "fields": [markerField, ["EDITORIAL_CHANNEL", "blog"]]],
        ])
        let run = try journal.run([Probe.binary.path, "send", "journal"], input: input)
        #expect(run.status == 0, "\(run.err)")

        #expect(try journal.entries([marker]).map { $0["MESSAGE"] } == ["info", "warning", "error"])
        #expect(try journal.entries(["-p", "warning", marker]).map { $0["MESSAGE"] } == ["warning", "error"])
        #expect(try journal.entries([marker, "EDITORIAL_CHANNEL=linkedin"]).map { $0["MESSAGE"] } == ["info"])
        #expect(try journal.entries(["MESSAGE_ID=3fa6e85f4323446890c8c82a8342d806"]).isEmpty)
    }

    @Test func oddInputArrivesReadable() throws {
        let journal = try PrivateJournal()
        let huge = String(repeating: "é", count: 600_000)
        let input = try Probe.lines([
            ["message": "", "fields": [markerField, ["EDITORIAL_CASE", "empty"]]],
            [
                "message": "nul\u{0}inside and \u{1B}[31mescape",
                "fields": [
                    markerField, ["EDITORIAL_CASE", "control"], ["EDITORIAL_VALUE", "a\u{0}b"],
                    ["EDITORIAL_ESCAPE", "x\u{1B}y"],
                ],
            ],
            [
                "message": "odd names",
                "fields": [
                    markerField, ["EDITORIAL_CASE", "names"], ["_pid", "1"], ["2fa", "2"], ["message", "3"],
                    ["plan.item-id", "4"], ["", "5"], ["über", "6"], [String(repeating: "n", count: 100), "7"],
                ],
            ],
            ["message": "huge", "fields": [markerField, ["EDITORIAL_CASE", "huge"], ["EDITORIAL_HUGE", huge]]],
        ])
        let run = try journal.run([Probe.binary.path, "send", "journal"], input: input)
        #expect(run.status == 0, "\(run.err)")
        #expect(run.err == "")

        let entries = try journal.entries([marker])
        let byCase = Dictionary(entries.map { ($0["EDITORIAL_CASE"] ?? "", $0) }) { first, _ in first }
        #expect(entries.count == 4)
        #expect(byCase["empty"]?["MESSAGE"] == "")
        #expect(byCase["control"]?["MESSAGE"] == "nul\u{FFFD}inside and \\u{1B}[31mescape")
        #expect(byCase["control"]?["EDITORIAL_VALUE"] == "a\u{FFFD}b")
        #expect(byCase["control"]?["EDITORIAL_ESCAPE"] == "x\u{1B}y")
        let names = try #require(byCase["names"])
        #expect(names["FIELD__PID"] == "1")
        #expect(names["FIELD_2FA"] == "2")
        #expect(names["FIELD_MESSAGE"] == "3")
        #expect(names["MESSAGE"] == "odd names")
        #expect(names["PLAN_ITEM_ID"] == "4")
        #expect(names["FIELD"] == "5")
        #expect(names["_BER"] == nil)
        #expect(names["FIELD__BER"] == "6")
        #expect(names[String(repeating: "N", count: 64)] == "7")
        #expect(byCase["huge"]?["EDITORIAL_HUGE"] == huge)
    }

    @Test func logHandlerMapsLevelsMetadataAndCallSite() throws {
        let journal = try PrivateJournal()
        let levels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
        var records: [[String: Any]] = levels.map { level in
            ["level": level, "message": level, "metadata": [markerField[0].lowercased(): markerField[1]]]
        }
        records.append([
            "level": "warning", "message": "overdue",
            "metadata": [
                markerField[0]: markerField[1], "message_id": "8d346a468b1c4d5da855711e3eeb3f8e",
                "editorial.item": "q1/launch", "channel": "linkedin",
            ],
        ])
        records.append([
            "level": "info", "message": "unknown id kept",
            "metadata": [markerField[0]: markerField[1], "message_id": "not-a-known-id"],
        ])
        let run = try journal.run([Probe.binary.path, "log", "journal", "trace"], input: try Probe.lines(records))
        #expect(run.status == 0, "\(run.err)")

        let entries = try journal.entries([marker])
        #expect(entries.map { $0["PRIORITY"] } == ["7", "7", "6", "5", "4", "3", "2", "4", "6"])
        #expect(entries.map { $0["MESSAGE"] } == levels + ["overdue", "unknown id kept"])
        let overdue = try #require(entries.dropFirst(7).first)
        #expect(overdue["MESSAGE_ID"] == "8d346a468b1c4d5da855711e3eeb3f8e")
        #expect(overdue["EDITORIAL_ITEM"] == "q1/launch")
        #expect(overdue["CHANNEL"] == "linkedin")
        #expect(overdue["SYSLOG_IDENTIFIER"] == "editoriald")
        #expect(overdue["CODE_FILE"]?.hasSuffix("JournalProbe.swift") == true)
        #expect(overdue["CODE_FUNC"] == "main()")
        #expect(Int(overdue["CODE_LINE"] ?? "") != nil)
        let unknown = try #require(entries.last)
        #expect(unknown["MESSAGE_ID"] == nil)
        #expect(unknown["FIELD_MESSAGE_ID"] == "not-a-known-id")
    }

    @Test func logHandlerRespectsLogLevel() throws {
        let journal = try PrivateJournal()
        let records: [[String: Any]] = ["debug", "info", "warning", "error"].map { level in
            ["level": level, "message": level, "metadata": [markerField[0]: markerField[1]]]
        }
        let run = try journal.run([Probe.binary.path, "log", "journal", "warning"], input: try Probe.lines(records))
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out == "target=journal\nbootstrapped=true,false\n")
        #expect(try journal.entries([marker]).map { $0["MESSAGE"] } == ["warning", "error"])
    }

    @Test func consoleTargetWritesOnlyToStandardError() throws {
        let journal = try PrivateJournal()
        let input = try Probe.lines([
            [
                "message": "two\nlines", "priority": 4, "messageID": "overdue",
                "fields": [markerField, ["EDITORIAL_TITLE", "Q1 launch"]],
            ]
        ])
        let run = try journal.run([Probe.binary.path, "send", "console"], input: input)
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out == "target=console\n")
        let lines = run.err.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2)
        #expect(
            lines.first?.hasSuffix(#" editoriald warning [overdue]: two\nlines \#(marker) EDITORIAL_TITLE="Q1 launch""#)
                == true)
        #expect(try journal.entries([marker]).isEmpty)
    }

    @Test func autoTargetWithoutJournaldUsesConsole() throws {
        let namespace = try PrivateJournal(journald: false)
        let input = try Probe.lines([["message": "kept", "fields": [markerField]]])
        let run = try namespace.run([Probe.binary.path, "send", "auto"], input: input)
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out == "target=console\n")
        #expect(run.err.hasSuffix(" editoriald info: kept \(marker)\n"))
    }

    @Test func journalTargetWithoutJournaldFallsBackToConsole() throws {
        let namespace = try PrivateJournal(journald: false)
        let input = try Probe.lines([
            ["message": "first", "fields": [markerField]], ["message": "second", "fields": [markerField]],
        ])
        let run = try namespace.run([Probe.binary.path, "send", "journal"], input: input)
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out == "target=journal\n")
        let lines = run.err.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.first?.contains("journal unavailable (/run/systemd/journal/socket is missing)") == true)
        #expect(lines.dropFirst().allSatisfy { $0.hasSuffix(marker) })
    }

    @Test func entriesReturnToTheJournalWhenJournaldComesBack() throws {
        let namespace = try PrivateJournal(journald: false)
        let input = try Probe.lines([
            ["message": "while down", "fields": [markerField]],
            ["message": "back", "fields": [markerField], "waitFor": "/run/systemd/journal/socket"],
            ["message": "still back", "fields": [markerField]],
        ])
        let probe = namespace.process([Probe.binary.path, "send", "journal"])
        let probeFinished = DispatchSemaphore(value: 0)
        let errURL = try Self.start(probe, input: input, finished: probeFinished)
        defer { try? FileManager.default.removeItem(at: errURL.deletingLastPathComponent()) }

        // The probe sends the first entry to stderr, then waits for journald's socket.
        let deadline = ContinuousClock.now + .seconds(10)
        while try Data(contentsOf: errURL).count == 0 && ContinuousClock.now < deadline {
            // The probe is another process: poll until the deadline.
            Thread.sleep(forTimeInterval: 0.005)
        }
        let journald = namespace.process(["/lib/systemd/systemd-journald"])
        journald.standardInput = FileHandle.nullDevice
        journald.standardOutput = FileHandle.nullDevice
        journald.standardError = FileHandle.nullDevice
        let journaldFinished = DispatchSemaphore(value: 0)
        journald.terminationHandler = { _ in journaldFinished.signal() }
        try journald.run()
        defer {
            journald.terminate()
            _ = journaldFinished.wait(timeout: .now() + 10)
        }

        try #require(probeFinished.wait(timeout: .now() + 30) == .success)
        let err = try String(contentsOf: errURL, encoding: .utf8)
        let lines = err.split(separator: "\n")
        #expect(probe.terminationStatus == 0, "\(err)")
        #expect(lines.count == 3)
        #expect(lines.first?.contains("journal unavailable (/run/systemd/journal/socket is missing)") == true)
        #expect(lines.dropFirst().first?.hasSuffix(" editoriald info: while down \(marker)") == true)
        #expect(lines.last?.contains("journal available again after 1 entries went to standard error") == true)
        let entries = try namespace.entries([marker])
        #expect(entries.map { $0["MESSAGE"] } == ["back", "still back"], "\(entries)")
    }

    /// Starts `process` with `input` on stdin and its stderr in a new temporary directory's `err`; returns
    /// that file. `finished` is signalled when the process exits.
    private static func start(_ process: Process, input: String, finished: DispatchSemaphore) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("journal-test-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let inURL = directory.appendingPathComponent("in")
        let errURL = directory.appendingPathComponent("err")
        try Data(input.utf8).write(to: inURL)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.standardInput = try FileHandle(forReadingFrom: inURL)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        return errURL
    }

    @Test func staleJournalSocketFallsBackToConsole() throws {
        let namespace = try PrivateJournal(journald: false)
        let stale = try namespace.run([Probe.binary.path, "bind-stale", "/run/systemd/journal/socket"])
        #expect(stale.status == 0, "\(stale.err)")
        let input = try Probe.lines([
            ["message": "first", "fields": [markerField]], ["message": "second", "fields": [markerField]],
        ])
        // auto picks the journal (the socket exists, stderr is a file), and sending fails with ECONNREFUSED.
        let run = try namespace.run([Probe.binary.path, "send", "auto"], input: input)
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out == "target=journal\n")
        let lines = run.err.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.first?.contains("journal unavailable (Connection refused)") == true)
        #expect(lines.dropFirst().map { $0.contains(" editoriald info: first ") } == [true, false])
    }

    @Test func concurrentSendsAllArrive() throws {
        let journal = try PrivateJournal()
        let records: [[String: Any]] = (0..<250).map { ["message": "entry \($0)", "fields": [markerField]] }
        let run = try journal.run([Probe.binary.path, "send", "journal", "4"], input: try Probe.lines(records))
        #expect(run.status == 0, "\(run.err)")
        #expect(run.err == "")
        let entries = try journal.entries([marker])
        #expect(entries.count == 1000)
        for thread in 0..<4 {
            let messages = entries.filter { $0["EDITORIAL_THREAD"] == String(thread) }.map { $0["MESSAGE"] ?? "" }
            #expect(messages == (0..<250).map { "entry \($0)" }, "thread \(thread)")
        }
    }

    @Test func concurrentConsoleLinesDoNotInterleave() throws {
        let records: [[String: Any]] = (0..<250).map {
            ["message": "entry \($0) " + String(repeating: "x", count: 200), "fields": [markerField]]
        }
        let run = try Probe.run(["send", "console", "4"], input: try Probe.lines(records))
        #expect(run.status == 0, "\(run.err)")
        let lines = run.err.split(separator: "\n")
        #expect(lines.count == 1000)
        for thread in 0..<4 {
            let mine = lines.filter { $0.hasSuffix(" \(marker) EDITORIAL_THREAD=\(thread)") }
            #expect(mine.count == 250, "thread \(thread)")
            #expect(mine.allSatisfy { $0.components(separatedBy: " editoriald info: entry ").count == 2 })
        }
    }

    @Test func privateJournalStartsQuickly() throws {
        let journal = try PrivateJournal()
        // Measured 30–45 ms here; the bound only catches a harness that waits on the wrong thing.
        #expect(journal.startupTime < .seconds(3))
        journal.stop()
        journal.stop()
    }
}
