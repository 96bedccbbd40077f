import Testing

@testable import EditorialRuntime

/// How `auto` picks the journal or the console from the process state.
struct LogTargetTests {
    private let stderr: (device: UInt64, inode: UInt64) = (device: 64_769, inode: 123_456)

    private func auto(
        _ environment: [String: String] = [:], stderr: (device: UInt64, inode: UInt64)?, terminal: Bool = false,
        socket: Bool = true
    ) -> LogTarget {
        LogTarget.auto.resolved(
            environment: environment, stderrIdentity: stderr, stderrIsTerminal: terminal, journalSocketExists: socket)
    }

    @Test func journalWhenSystemdWiredStandardErrorToTheJournal() {
        #expect(auto(["JOURNAL_STREAM": "64769:123456"], stderr: stderr) == .journal)
        #expect(auto(["JOURNAL_STREAM": "64769:123456"], stderr: stderr, socket: false) == .journal)
    }

    @Test func inheritedJournalStreamForAnotherFileIsIgnored() {
        #expect(auto(["JOURNAL_STREAM": "64769:999"], stderr: stderr, terminal: true) == .console)
        #expect(auto(["JOURNAL_STREAM": "64769:999"], stderr: stderr, socket: false) == .console)
        #expect(auto(["JOURNAL_STREAM": "64769:123456"], stderr: nil, terminal: false, socket: false) == .console)
    }

    @Test func malformedJournalStreamIsIgnored() {
        for value in ["", "64769", "64769:", ":123456", "64769:123456:1", "a:b", "-1:123456"] {
            #expect(auto(["JOURNAL_STREAM": value], stderr: stderr, terminal: true) == .console, "\(value)")
        }
    }

    @Test func consoleOnATerminalEvenWhenJournaldRuns() {
        #expect(auto(stderr: stderr, terminal: true, socket: true) == .console)
    }

    @Test func journalWhenStandardErrorIsRedirectedAndJournaldRuns() {
        #expect(auto(stderr: stderr, terminal: false, socket: true) == .journal)
        #expect(auto(stderr: nil, terminal: false, socket: true) == .journal)
    }

    @Test func consoleWithoutJournalSocket() {
        #expect(auto(stderr: stderr, terminal: false, socket: false) == .console)
    }

    @Test func explicitTargetsAreKept() {
        for socket in [false, true] {
            #expect(
                LogTarget.journal.resolved(
                    environment: [:], stderrIdentity: nil, stderrIsTerminal: true, journalSocketExists: socket)
                    == .journal)
            #expect(
                LogTarget.console.resolved(
                    environment: ["JOURNAL_STREAM": "64769:123456"], stderrIdentity: stderr, stderrIsTerminal: false,
                    journalSocketExists: socket) == .console)
        }
    }

    @Test func thisProcessResolvesToAConcreteTarget() {
        #expect(LogTarget.auto.resolvedForThisProcess() != .auto)
        #expect(LogTarget.console.resolvedForThisProcess() == .console)
    }
}
