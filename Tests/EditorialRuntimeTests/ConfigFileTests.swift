import EditorialCore
import EditorialRuntime
import Testing

/// The config file: every key, positions on every error, paths relative to the file.
struct ConfigFileTests {
    static let base = DaemonConfig.defaults(environment: ["HOME": "/home/u"], isRoot: false)

    @Test func defaultsFollowSystemdsDirectoriesThenFHSThenXDG() {
        let systemd = DaemonConfig.defaults(
            environment: [
                "STATE_DIRECTORY": "/var/lib/editoriald", "RUNTIME_DIRECTORY": "/run/editoriald/daemon",
                "CONFIGURATION_DIRECTORY": "/etc/editoriald",
            ], isRoot: false)
        #expect(systemd.stateDirectory == "/var/lib/editoriald")
        #expect(systemd.socketPath == "/run/editoriald/daemon/control.sock")
        #expect(systemd.plansDirectory == "/etc/editoriald/plans")
        let root = DaemonConfig.defaults(environment: [:], isRoot: true)
        #expect(root.stateDirectory == "/var/lib/editoriald")
        #expect(root.socketPath == "/run/editoriald/control.sock")
        #expect(Self.base.stateDirectory == "/home/u/.local/state/editoriald")
        #expect(Self.base.reminders == Plan.defaultReminders)
        #expect(Self.base.catchUpHorizon == 86_400)
    }

    @Test func everyKeyIsReadAndRelativePathsAreRelativeToTheFile() throws {
        let config = try ConfigFile.parse(
            """
            plans: plans
            state-directory: /var/tmp/ed
            socket: run/control.sock
            reminders: [PT1H, P2D, PT0S]
            catch-up-horizon: P2D
            overdue-after: PT30M
            log-level: debug
            log-target: console
            """, file: "/etc/ed/editoriald.yaml", over: Self.base)
        #expect(config.plansDirectory == "/etc/ed/plans")
        #expect(config.stateDirectory == "/var/tmp/ed")
        #expect(config.socketPath == "/etc/ed/run/control.sock")
        #expect(config.reminders == [NominalDuration(days: 2), NominalDuration(seconds: 3600), .zero])
        #expect(config.catchUpHorizon == 2 * 86_400)
        #expect(config.overdueAfter == 1_800)
        #expect(config.logLevel == "debug")
        #expect(config.logTarget == "console")
        #expect(config.file == "/etc/ed/editoriald.yaml")
    }

    @Test func errorsArePositionedAndAllReported() {
        #expect(throws: ConfigError.self) {
            try ConfigFile.parse("plan: x\n", file: "c.yaml", over: Self.base)
        }
        do {
            _ = try ConfigFile.parse(
                "plan: x\noverdue-after: 1h\nlog-level: loud\nreminders: [P1D, soon]\n", file: "c.yaml",
                over: Self.base)
        } catch {
            #expect(
                error.diagnostics.map(\.description) == [
                    "c.yaml:1:1: error: unknown key 'plan'; did you mean 'plans'?",
                    "c.yaml:2:16: error: duration '1h' must be ISO 8601, such as P1D, PT1H, PT30M, P1DT12H or PT0S",
                    "c.yaml:3:12: error: log-level must be one of trace, debug, info, notice, warning, error, critical",
                    "c.yaml:4:18: error: duration 'soon' must be ISO 8601, such as P1D, PT1H, PT30M, P1DT12H or PT0S",
                ])
        }
    }

    @Test func yamlSyntaxErrorsHaveTheirPosition() {
        do {
            _ = try ConfigFile.parse("plans: [a\nsocket: b\n", file: "c.yaml", over: Self.base)
            Issue.record("accepted broken YAML")
        } catch {
            #expect(error.diagnostics.count == 1)
            #expect(error.diagnostics[0].location.file == "c.yaml")
            #expect(error.diagnostics[0].location.line >= 2)
            #expect(error.diagnostics[0].message.hasPrefix("YAML: "))
        }
    }

    @Test func anEmptyFileChangesNothing() throws {
        var expected = Self.base
        expected.file = "/dev/null"
        #expect(try ConfigFile.load("/dev/null", over: Self.base) == expected)
    }
}
