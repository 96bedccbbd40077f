import Foundation
import Testing

/// The systemd units, the journal catalog, the install script and (with a stand-in daemon) a real boot.
struct UnitFileTests {
    static let messageIDs = [
        "3fa6e85f4323446890c8c82a8342d806", "38dba74278ee48349d8f62e83ef3c9ba", "8d346a468b1c4d5da855711e3eeb3f8e",
        "ae1d97b0f578486288013ceb2bc918c3", "6378604543d3486988c0fb11dfa84c6c", "0f6debbfa87a44e381fe1d96eed361d3",
        "c25336eedef149e4811866995fc6a300", "0a5c4c54c63d4fa2ae09d92b262f02a4", "e1d9737b32f844e49d49a7a0c0dd50ab",
        "765e0b673e2c41bab3b058766aa8a8bb", "58e8325eee7c46db9d644351242c9e26",
        "f5fd50cfcafe40e2af5ac61d66fda96f", "092f18a460a84d968e2c55ad7430050e", "bc36ccaed92e4fdcb05999e21fe80459",
        "60b96e25c86c412abeedbf71673bae33", "ed1621b5a63642e29c9eabb2c74ba89c", "62e3ca49f2a049198e7ecf12d1f3cdae",
        "8ac1fac1ed11405fb860aaa38dd7868a", "1e8e50e94df148ccb40749c34350670e",
    ]

    /// The directory holding the built binaries (editorialctl and editoriald).
    static var binaries: URL { Run.binary.deletingLastPathComponent() }

    /// Copies of both units in a temporary directory, ExecStart pointing at the built editoriald.
    func unitCopies() throws -> URL {
        let systemd = Run.root.appendingPathComponent("systemd")
        let service = try String(contentsOf: systemd.appendingPathComponent("editoriald.service"), encoding: .utf8)
        let socket = try String(contentsOf: systemd.appendingPathComponent("editoriald.socket"), encoding: .utf8)
        let daemon = Self.binaries.appendingPathComponent("editoriald").path
        #expect(service.contains("\nExecStart=/usr/local/bin/editoriald --config /etc/editoriald/editoriald.yaml\n"))
        return try Run.directory([
            "editoriald.service": service.replacingOccurrences(
                of: "\nExecStart=/usr/local/bin/editoriald ", with: "\nExecStart=\(daemon) "),
            "editoriald.socket": socket,
        ])
    }

    @Test func verifyPrintsNothing() throws {
        let dir = try unitCopies()
        defer { try? FileManager.default.removeItem(at: dir) }
        // systemd-analyze verify exits 0 even on unknown keys and bad values: any output is a failure.
        let run = try Run.command(
            "/usr/bin/systemd-analyze",
            [
                "verify", "--man=no", dir.appendingPathComponent("editoriald.service").path,
                dir.appendingPathComponent("editoriald.socket").path,
            ])
        #expect(run.status == 0)
        #expect(run.out.isEmpty, "\(run.out)")
        #expect(run.err.isEmpty, "\(run.err)")
    }

    @Test func securityExposureIsAtMostOnePointFive() throws {
        let dir = try unitCopies()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try Run.command(
            "/usr/bin/systemd-analyze",
            ["security", "--offline=true", "--no-pager", dir.appendingPathComponent("editoriald.service").path])
        #expect(run.status == 0, "\(run.err)")
        let line = try #require(run.out.split(separator: "\n").first { $0.contains("Overall exposure level") })
        let number = try #require(line.split(separator: ":").last?.split(separator: " ").first)
        let score = try #require(Double(number))
        print("systemd-analyze security editoriald.service: \(score)")
        #expect(score <= 1.5, "\(line)")
    }

    @Test func journalctlParsesTheCatalogWithEveryID() throws {
        let root = try Run.directory([:])
        defer { try? FileManager.default.removeItem(at: root) }
        let catalogs = root.appendingPathComponent("usr/lib/systemd/catalog")
        try FileManager.default.createDirectory(at: catalogs, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: Run.root.appendingPathComponent("systemd/editoriald.catalog"),
            to: catalogs.appendingPathComponent("editoriald.catalog"))
        let update = try Run.command("/usr/bin/journalctl", ["--root=\(root.path)", "--update-catalog"])
        #expect(update.status == 0)
        #expect(update.err.isEmpty, "\(update.err)")
        let list = try Run.command("/usr/bin/journalctl", ["--root=\(root.path)", "--list-catalog"])
        #expect(list.status == 0, "\(list.err)")
        let listed = list.out.split(separator: "\n").map { String($0.prefix(32)) }
        #expect(listed.sorted() == Self.messageIDs.sorted())
        #expect(list.out.split(separator: "\n").allSatisfy { $0.dropFirst(33).hasPrefix("editoriald: ") })
        let dump = try Run.command("/usr/bin/journalctl", ["--root=\(root.path)", "--dump-catalog"])
        #expect(dump.out.contains("cannot go out because @EDITORIAL_BLOCKED_BY@ is late"))
    }

    @Test func installPutsEveryFileInPlace() throws {
        let dest = try Run.directory([:])
        defer { try? FileManager.default.removeItem(at: dest) }
        let run = try Run.command(
            "/bin/bash", ["scripts/install", "--bin-dir", Self.binaries.path],
            environment: ["DESTDIR": dest.path, "GENERATE_MANUAL": Self.binaries.path + "/generate-manual"])
        #expect(run.status == 0, "\(run.out)\(run.err)")
        let files = FileManager.default
        // Manual pages and completions, generated from the command definitions.
        let manual = try String(contentsOfFile: dest.path + "/usr/local/share/man/man1/editorialctl.1", encoding: .utf8)
        for text in ["status", "publish", "EDITORIALD_SOCKET", "--socket", "pace", "stalled", "simulate", "report"] {
            #expect(manual.contains(text), "editorialctl.1 lacks \(text)")
        }
        #expect(files.fileExists(atPath: dest.path + "/usr/local/share/man/man8/editoriald.8"))
        let bash = try String(
            contentsOfFile: dest.path + "/usr/local/share/bash-completion/completions/editorialctl", encoding: .utf8)
        #expect(bash.contains("overdue") && bash.contains("snooze"))
        #expect(files.fileExists(atPath: dest.path + "/usr/local/share/zsh/site-functions/_editorialctl"))
        #expect(files.fileExists(atPath: dest.path + "/usr/local/share/fish/vendor_completions.d/editorialctl.fish"))
        let rendered = try Run.command("/usr/bin/man", ["-l", dest.path + "/usr/local/share/man/man1/editorialctl.1"])
        #expect(rendered.status == 0 && rendered.out.contains("editorialctl"), "\(rendered.err)")
        for tool in ["editoriald", "editorialctl"] {
            #expect(files.isExecutableFile(atPath: dest.path + "/usr/local/bin/" + tool))
        }
        for path in [
            "/etc/systemd/system/editoriald.service", "/etc/systemd/system/editoriald.socket",
            "/usr/local/lib/systemd/catalog/editoriald.catalog", "/usr/local/lib/sysusers.d/editoriald.conf",
            "/usr/local/share/doc/editoriald/README.md",
        ] {
            #expect(files.fileExists(atPath: dest.path + path), "\(path)")
        }
        let plans = try files.contentsOfDirectory(atPath: Run.root.appendingPathComponent("config/plans").path)
        #expect(try files.contentsOfDirectory(atPath: dest.path + "/etc/editoriald/plans").sorted() == plans.sorted())
        // The lead's config/editoriald.yaml is installed once it exists in the tree.
        let config = files.fileExists(atPath: Run.root.appendingPathComponent("config/editoriald.yaml").path)
        #expect(files.fileExists(atPath: dest.path + "/etc/editoriald/editoriald.yaml") == config)
        let service = try String(contentsOfFile: dest.path + "/etc/systemd/system/editoriald.service", encoding: .utf8)
        #expect(service.contains("\nExecStart=/usr/local/bin/editoriald --config /etc/editoriald/editoriald.yaml\n"))
    }

    @Test func installUnderAnotherPrefixRewritesExecStartAndKeepsTheUsersConfig() throws {
        let dest = try Run.directory([:])
        defer { try? FileManager.default.removeItem(at: dest) }
        let etc = dest.appendingPathComponent("etc/editoriald")
        try FileManager.default.createDirectory(
            at: etc.appendingPathComponent("plans"), withIntermediateDirectories: true)
        try "plans: mine\n".write(to: etc.appendingPathComponent("editoriald.yaml"), atomically: true, encoding: .utf8)
        try "plan: mine\n".write(to: etc.appendingPathComponent("plans/mine.yaml"), atomically: true, encoding: .utf8)
        let run = try Run.command(
            "/bin/bash", ["scripts/install", "--no-build", "--bin-dir", Self.binaries.path],
            environment: ["DESTDIR": dest.path, "PREFIX": "/opt/editoriald"])
        #expect(run.status == 0, "\(run.out)\(run.err)")
        let service = try String(contentsOfFile: dest.path + "/etc/systemd/system/editoriald.service", encoding: .utf8)
        #expect(
            service.contains("\nExecStart=/opt/editoriald/bin/editoriald --config /etc/editoriald/editoriald.yaml\n"))
        #expect(FileManager.default.isExecutableFile(atPath: dest.path + "/opt/editoriald/bin/editoriald"))
        // journalctl reads catalogs only under /usr/lib and /usr/local/lib, whatever the prefix.
        #expect(FileManager.default.fileExists(atPath: dest.path + "/usr/local/lib/systemd/catalog/editoriald.catalog"))
        #expect(
            try String(contentsOf: etc.appendingPathComponent("editoriald.yaml"), encoding: .utf8) == "plans: mine\n")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: etc.appendingPathComponent("plans").path) == [
                "mine.yaml"
            ])
    }

    /// Boots a throwaway systemd in a container (this machine's `/usr`, needs root and systemd-nspawn) and
    /// drives the real units with the built editoriald: start, `active` with our StatusText, the socket's owner,
    /// a reload with a broken plan (still active, a priority-3 entry under `_SYSTEMD_UNIT=editoriald.service`),
    /// a clean stop, socket activation, and the watchdog tripping on a stuck scheduler queue (about 11 s).
    @Test func theUnitsRunUnderARealSystemd() throws {
        let daemon = Run.binary.deletingLastPathComponent().appendingPathComponent("editoriald").path
        let run = try Run.command("/bin/bash", ["scripts/container-test"], environment: ["EDITORIALD_BIN": daemon])
        #expect(run.status == 0, "\(run.out)\(run.err)")
        #expect(run.out.contains("active; StatusText: 5 plans, "))
        #expect(run.out.contains("reload with a broken plan: still active; rejected: Plans rejected"))
        #expect(run.out.contains("watchdog: a stuck queue tripped it"))
        #expect(run.out.contains("editorialctl status: editoriald 0.2.0"))
        #expect(run.out.contains("group editorial reads, its reload is refused (logged)"))
        #expect(run.out.contains("all checks passed"))
    }
}
