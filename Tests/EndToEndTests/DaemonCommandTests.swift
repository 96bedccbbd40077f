import Foundation
import Testing

/// `editoriald` as a command: `--check-config`, `--help`, `--version`, and its errors.
struct DaemonCommandTests {
    static var daemon: String { Run.binary.deletingLastPathComponent().appendingPathComponent("editoriald").path }

    static func temporary() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("editoriald-cmd-\(UUID())")
        try FileManager.default.createDirectory(
            at: url.appendingPathComponent("plans"), withIntermediateDirectories: true)
        return url
    }

    @Test func checkConfigAcceptsTheExampleConfigAndPlans() throws {
        let run = try Run.command(Self.daemon, ["--config", "config/editoriald.yaml", "--check-config"])
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out.contains("plans \(Run.root.path)/config/plans: 5 plans in 6 files, 0 errors"))
        #expect(run.out.hasSuffix("editoriald: configuration OK\n"))
    }

    @Test func checkConfigReportsBrokenPlansWithPositions() throws {
        let dir = try Self.temporary()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "plan: p\nkind: editorial\ntimezone: Europe/Rome\nperiod: {from: 2027-01-01, until: 2027-13-01}\n"
            .write(to: dir.appendingPathComponent("plans/p.yaml"), atomically: true, encoding: .utf8)
        let run = try Run.command(
            Self.daemon, ["--config", "/dev/null", "--plans", dir.path + "/plans", "--check-config"])
        #expect(run.status == 1)
        #expect(run.out.contains("\(dir.path)/plans/p.yaml:4:"))
        #expect(run.out.contains("1 errors"))
        #expect(!run.out.contains("configuration OK"))
    }

    @Test func aBadConfigFileFailsWithPositionsBeforeAnythingStarts() throws {
        let dir = try Self.temporary()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("editoriald.yaml")
        try "plans: plans\nlog-levle: debug\n".write(to: file, atomically: true, encoding: .utf8)
        let run = try Run.command(Self.daemon, ["--config", file.path, "--check-config"])
        #expect(run.status == 1)
        #expect(run.err == "editoriald: \(file.path):2:1: error: unknown key 'log-levle'; did you mean 'log-level'?\n")
    }

    @Test func badFlagValuesAreRefusedLikeTheFile() throws {
        let run = try Run.command(
            Self.daemon, ["--config", "/dev/null", "--overdue-after", "an hour", "--check-config"])
        #expect(run.status == 1)
        #expect(run.err.contains("<command line>:1:16: error: duration 'an hour' must be ISO 8601"))
    }

    @Test func helpExplainsTheDaemon() throws {
        let run = try Run.command(Self.daemon, ["--help"])
        #expect(run.status == 0)
        for text in ["--check-config", "--state-directory", "SIGHUP", "journalctl -u editoriald", "Exit status"] {
            #expect(run.out.contains(text), "help lacks \(text)")
        }
        #expect(try Run.command(Self.daemon, ["--version"]).out == "0.2.0\n")
        let usage = try Run.command(Self.daemon, ["--no-such-flag"])
        #expect(usage.status == 2)
        #expect(usage.err.contains("Unknown option '--no-such-flag'"))
    }
}
