import EditorialCore
import Foundation
import Testing

/// editorialctl as a thin client with the conventions of systemctl and journalctl: it links neither SQLite nor
/// libsystemd, takes its global options before or after the subcommand, finds a daemon started by `scripts/run`
/// without flags, shares one version with the daemon, and writes help that fits 80 columns.
struct ClientConventionsTests {
    static var daemon: String { Run.binary.deletingLastPathComponent().appendingPathComponent("editoriald").path }

    /// The shared libraries a binary names (`readelf -d`, its NEEDED entries).
    static func needed(_ binary: String) throws -> [String] {
        let run = try Run.command("/usr/bin/readelf", ["-d", binary])
        #expect(run.status == 0, "\(run.err)")
        return run.out.split(separator: "\n").filter { $0.contains("(NEEDED)") }.compactMap { line in
            line.split(separator: "[").last.map { String($0.dropLast()) }
        }
    }

    @Test func editorialctlLinksNeitherSQLiteNorSystemd() throws {
        let libraries = try Self.needed(Run.binary.path)
        #expect(libraries.contains { $0.hasPrefix("libc.so") }, "\(libraries)")
        #expect(!libraries.contains { $0.contains("sqlite") || $0.contains("systemd") }, "\(libraries)")
        // The daemon does link both: the check above is about the client, not the tool.
        let daemon = try Self.needed(Self.daemon)
        #expect(daemon.contains { $0.hasPrefix("libsystemd") } && daemon.contains { $0.hasPrefix("libsqlite3") })
    }

    @Test func oneVersionForBothExecutables() throws {
        let ctl = try Run.ctl("--version")
        let daemon = try Run.command(Self.daemon, ["--version"])
        #expect(ctl.out == EditorialVersion.current + "\n")
        #expect(daemon.out == EditorialVersion.current + "\n")
    }

    /// `--socket`, `--json` and `--timeout` work before the subcommand as after it; the subcommand's own win.
    @Test func globalOptionsBeforeOrAfterTheSubcommand() throws {
        let d = try LiveDaemon(plans: ["team.yaml": LiveDaemon.teamPlan(now: LiveDaemon.now())])
        let unset = ["EDITORIALD_SOCKET": "/nonexistent/control.sock"]
        let before = try d.ctl("--socket", d.socket, "status", environment: unset)
        #expect(before.status == 0, "\(before.err)")
        #expect(before.out.hasPrefix("editoriald \(EditorialVersion.current)"))
        let after = try d.ctl("status", "--socket", d.socket, environment: unset)
        #expect(after.status == 0 && after.out.hasPrefix("editoriald "))
        let json = try d.ctl("--json", "--socket", d.socket, "--timeout", "5", "overdue", environment: unset)
        #expect(json.status == 0, "\(json.err)")
        #expect(try JSONParser.parse(json.out)["total"]?.int == 2)
        let mixed = try d.ctl("--socket", "/nonexistent/other.sock", "gate", "team/teaser", "--socket", d.socket)
        #expect(mixed.status == 0, "the subcommand's --socket wins: \(mixed.err)")
        let wrong = try d.ctl("--socket", "/nonexistent/control.sock", "status")
        #expect(wrong.status == 3 && wrong.err.contains("/nonexistent/control.sock"))
        let badTimeout = try d.ctl("--timeout", "0", "status")
        #expect(badTimeout.status == 2 && badTimeout.err.contains("--timeout must be more than 0 seconds"))
        let dir = try Run.directory(["p.yaml": "plan: p\nkind: editorial\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let check = try Run.ctl("--json", "check", dir.appendingPathComponent("p.yaml").path)
        #expect(check.status == 1)
        #expect(try JSONParser.parse(check.out)["errors"]?.int ?? 0 > 0)
    }

    /// `scripts/run` starts the daemon without `--socket`; editorialctl, with no flag and no `EDITORIALD_SOCKET`,
    /// finds it: as root at /run/editoriald/control.sock, as another user under `$XDG_RUNTIME_DIR`. Run in a
    /// private mount namespace with an empty /run, so no system daemon is in the way and none is disturbed.
    @Test func aDaemonStartedByScriptsRunIsFoundWithoutFlags() throws {
        let script = try String(contentsOf: Run.root.appendingPathComponent("scripts/run"), encoding: .utf8)
        let exec = try #require(script.components(separatedBy: "\n").first { $0.hasPrefix("exec ") })
        #expect(!exec.contains("--socket"), "scripts/run must leave the socket at the user's default")
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("run-\(UUID())")
        defer { try? FileManager.default.removeItem(at: state) }
        let inside = """
            set -eu
            mount -t tmpfs -o mode=0755 tmpfs /run
            cd '\(Run.root.path)'
            try() {  # USER ENV...: start the daemon with scripts/run (own state directory), then ask it with no flags
                user=$1; shift
                STATE='\(state.path)'/$user
                mkdir -p "$STATE" && chown "$user:$user" "$STATE"
                setpriv --reuid "$user" --regid "$user" --clear-groups env -u EDITORIALD_SOCKET -u NOTIFY_SOCKET "$@" \
                    scripts/run --bin-dir '\(Run.binary.deletingLastPathComponent().path)' --state-directory "$STATE" \
                    </dev/null >"$LOG" 2>&1 &
                pid=$!
                for _ in $(seq 600); do
                    setpriv --reuid "$user" --regid "$user" --clear-groups env -u EDITORIALD_SOCKET "$@" \
                        '\(Run.binary.path)' status >"$OUT" 2>&1 && break
                    kill -0 $pid 2>/dev/null || { cat "$LOG"; exit 1; }
                    sleep 0.05
                done
                kill -TERM $pid; wait $pid || true
                cat "$OUT"
            }
            LOG=$(mktemp) OUT=$(mktemp)
            chmod a+rw "$LOG" "$OUT"
            try 0 HOME=/root
            mkdir -p /run/user/65534 && chown 65534:65534 /run/user/65534
            chmod a+rx '\(state.path)'
            try 65534 HOME=/nonexistent XDG_RUNTIME_DIR=/run/user/65534
            """
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        let run = try Run.command(
            "/usr/bin/unshare", ["--mount", "--propagation", "private", "--", "/bin/bash", "-c", inside])
        #expect(run.status == 0, "\(run.out)\(run.err)")
        let answers = run.out.components(separatedBy: "\n").filter { $0.hasPrefix("editoriald ") }
        #expect(answers.count == 2, "root and user each reached their daemon: \(run.out)")
        #expect(answers.allSatisfy { $0.hasPrefix("editoriald \(EditorialVersion.current) (pid ") })
    }

    /// Every help screen fits 80 columns: no line is longer, synopses break at option groups with a hanging
    /// indent, and the indented blocks (EXIT STATUS, ENVIRONMENT) keep their indent on every line.
    @Test func helpFitsEightyColumns() throws {
        let commands = [
            [], ["status"], ["agenda"], ["overdue"], ["blocked"], ["show"], ["gate"], ["done"], ["publish"], ["skip"],
            ["snooze"], ["reopen"], ["ack"], ["reload"], ["watch"], ["check"], ["outbox"], ["pace"], ["report"],
            ["simulate"],
        ]
        var screens = try commands.map {
            ("editorialctl \($0.joined(separator: " "))", try Run.ctl($0 + ["--help"], environment: ["COLUMNS": "80"]))
        }
        screens.append(("editoriald", try Run.command(Self.daemon, ["--help"], environment: ["COLUMNS": "80"])))
        for (name, run) in screens {
            #expect(run.status == 0, "\(name): \(run.err)")
            let lines = run.out.components(separatedBy: "\n")
            let long = lines.filter { $0.count > 80 }
            #expect(long.isEmpty, "\(name): \(long)")
            var block: String? = nil
            for (i, line) in lines.enumerated() {
                if ["EXIT STATUS", "ENVIRONMENT", "GLOBAL OPTIONS"].contains(line) {
                    block = line
                } else if line.isEmpty {
                    block = nil
                } else if let block {
                    #expect(line.hasPrefix("  "), "\(name): a line of \(block) lost its indent: '\(line)'")
                }
                if line.hasPrefix("USAGE: "), i + 1 < lines.count, !lines[i + 1].isEmpty {
                    #expect(lines[i + 1].hasPrefix("       "), "\(name): '\(lines[i + 1])'")
                }
            }
            #expect(lines.contains { $0.hasPrefix("USAGE: ") }, "\(name)")
        }
        let usage = try Run.ctl(["agenda", "--help"], environment: ["COLUMNS": "80"]).out
        #expect(usage.contains("USAGE: editorialctl agenda [--plans <plans> ...] [--from <from>] [--to <to>]\n"))
    }
}
