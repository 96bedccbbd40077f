import EditorialCore
import Glibc
import Logging
import Testing

@testable import EditorialRuntime

/// Field names, priorities, the console form, and how log records become entries (no journald needed).
struct JournalEntryTests {
    @Test func fieldNamesAreMadeValid() {
        let cases: [(String, String)] = [
            ("plan", "PLAN"), ("EDITORIAL_ITEM", "EDITORIAL_ITEM"), ("editorial.item-id", "EDITORIAL_ITEM_ID"),
            ("_pid", "FIELD__PID"), ("2fa", "FIELD_2FA"), ("message", "FIELD_MESSAGE"), ("PRIORITY", "FIELD_PRIORITY"),
            ("message_id", "FIELD_MESSAGE_ID"), ("syslog_identifier", "FIELD_SYSLOG_IDENTIFIER"), ("", "FIELD"),
            ("über", "FIELD__BER"), ("日本", "FIELD___"), ("a\u{0}b", "A_B"), ("CODE_FILE", "CODE_FILE"),
        ]
        for (key, name) in cases {
            #expect(JournalEntry.fieldName(key) == name, "\(key)")
        }
        #expect(JournalEntry.fieldName(String(repeating: "x", count: 1000)) == String(repeating: "X", count: 64))
        #expect(JournalEntry.fieldName("_" + String(repeating: "x", count: 70)).count == 64)
    }

    @Test func everySanitizedNameIsValid() {
        let keys = ["", "_", "9", "a b", "ÄÖÜ", "message", String(repeating: "_", count: 100), "\u{1F600}x"]
        for key in keys {
            let name = JournalEntry.fieldName(key)
            #expect(!name.isEmpty && name.utf8.count <= 64, "\(key)")
            #expect(name.utf8.allSatisfy { (0x41...0x5A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F })
            #expect(name.utf8.first.map { $0 != 0x5F && !(0x30...0x39).contains($0) } == true, "\(key)")
            #expect(!JournalEntry.reservedFieldNames.contains(name))
        }
    }

    @Test func logLevelsMapToSyslogPriorities() {
        let expected: [(Logger.Level, Int32)] = [
            (.trace, 7), (.debug, 7), (.info, 6), (.notice, 5), (.warning, 4), (.error, 3), (.critical, 2),
        ]
        for (level, priority) in expected {
            #expect(JournalPriority(level).rawValue == priority, "\(level)")
        }
        #expect(JournalPriority.emergency < JournalPriority.debug)
        #expect(
            JournalPriority.allCases.map(\.name) == [
                "emerg", "alert", "crit", "err", "warning", "notice", "info", "debug",
            ])
    }

    @Test func messageIDsAreDistinct128BitHex() {
        let values = MessageID.allCases.map(\.rawValue)
        #expect(Set(values).count == 19)
        for value in values {
            #expect(value.count == 32 && value.allSatisfy { $0.isHexDigit && !$0.isUppercase }, "\(value)")
        }
        #expect(MessageID.catchUp.rawValue == "e1d9737b32f844e49d49a7a0c0dd50ab")
    }

    @Test func consoleLineIsOneReadableLine() {
        let entry = JournalEntry(
            "Post \"Q1\" is overdue\nsee plan", priority: .warning, messageID: .overdue,
            fields: [
                "EDITORIAL_ITEM": "q1/launch", "EDITORIAL_TITLE": "Q1 \"launch\"", "EDITORIAL_EMPTY": "",
                "X": "a\u{1B}b\\c",
            ])
        let line = Journal.consoleLine(
            entry, identifier: "editoriald", at: timespec(tv_sec: 1_799_748_000, tv_nsec: 7_000_000))
        #expect(
            line == #"2027-01-12T10:00:00.007Z editoriald warning [overdue]: Post "Q1" is overdue\nsee plan "#
                + #"EDITORIAL_ITEM=q1/launch EDITORIAL_TITLE="Q1 \"launch\"" EDITORIAL_EMPTY="" X="a\u{1B}b\\c""# + "\n"
        )
        let empty = Journal.consoleLine(JournalEntry(""), identifier: "x", at: timespec(tv_sec: 0, tv_nsec: 0))
        #expect(empty == "1970-01-01T00:00:00.000Z x info: \n")
    }

    @Test func logRecordBecomesEntry() throws {
        var handler = JournalLogHandler(label: "test", journal: Journal(target: .console, console: -1))
        handler[metadataKey: "plan"] = "q1"
        handler[metadataKey: "channel"] = "blog"
        let event = LogEvent(
            level: .error, message: "rejected",
            metadata: [
                "channel": "linkedin", "message_id": "0a5c4c54c63d4fa2ae09d92b262f02a4", "count": .stringConvertible(3),
            ],
            source: nil, file: "EditorialRuntime/PlanLoader.swift", function: "load()", line: 42)
        let entry = handler.entry(for: event)
        #expect(entry.message == "rejected")
        #expect(entry.priority == .error)
        #expect(entry.messageID == .plansRejected)
        #expect(entry.fields.map(\.name) == ["CHANNEL", "COUNT", "PLAN", "CODE_FILE", "CODE_LINE", "CODE_FUNC"])
        #expect(
            entry.fields.map(\.value) == ["linkedin", "3", "q1", "EditorialRuntime/PlanLoader.swift", "42", "load()"])
    }
}
