import Foundation
import Testing

struct CheckCommandTests {
    @Test func theExamplePlansAreClean() throws {
        let run = try Run.ctl("check", "--strict", "config/plans")
        #expect(run.status == 0, "\(run.out)\(run.err)")
        #expect(run.out.isEmpty)
        #expect(run.err.contains("6 files, 5 plans: 0 errors, 0 warnings"))
    }

    @Test func errorsArePrintedLikeACompilerAndExitOne() throws {
        let dir = try Run.directory([
            "broken.yaml": """
            plan: broken
            kind: communication
            timezone: Europe/Rome
            period: {from: 2027-01-01, until: 2027-06-30}
            channels: [{id: blog, network: website}]
            posts:
              - {id: p, channel: blgo, at: 2027-01-05T09:00}
              - {id: q, channel: blog, at: 2027-13-05T09:00, colour: red}
            """
        ])
        let run = try Run.ctl("check", dir.path)
        #expect(run.status == 1)
        let file = dir.appendingPathComponent("broken.yaml").path
        #expect(
            run.out.split(separator: "\n").map(String.init) == [
                "\(file):7:22: error: unknown channel 'blgo'; did you mean 'blog'?",
                "\(file):8:37: error: month 13 does not exist in '2027-13-05T09:00'",
                "\(file):8:50: error: unknown key 'colour' in a post (known keys: id, channel, at, title, owner, "
                    + "needs, reminders, campaign, status)",
            ])
        #expect(run.err.contains("3 errors"))
    }

    @Test func warningsFailOnlyWithStrict() throws {
        let dir = try Run.directory([
            "tiktok.yaml": """
            plan: tt
            kind: editorial
            channel: {id: tiktok, network: tiktok, presence: company-page}
            timezone: Europe/Rome
            period: {from: 2027-01-01, until: 2027-01-31}
            slots: [{id: daily, every: daily 18:00, prepare: {type: video, lead: P1D}}]
            """
        ])
        let lenient = try Run.ctl("check", dir.path)
        #expect(lenient.status == 0)
        #expect(lenient.out.contains("tiktok.yaml:3:50: warning: TikTok has no company profiles"))
        let strict = try Run.ctl("check", "--strict", dir.path)
        #expect(strict.status == 1)
    }

    @Test func jsonOutputForMachines() throws {
        let dir = try Run.directory([
            "bad.yaml": "plan: x\nkind: weekly\ntimezone: UTC\nperiod: {from: 2027-01-01, until: 2027-01-02}\n"
        ])
        let run = try Run.ctl("check", "--json", dir.path)
        #expect(run.status == 1)
        let json = try #require(JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
        #expect(json["errors"] as? Int == 1)
        let first = try #require((json["diagnostics"] as? [[String: Any]])?.first)
        #expect(first["line"] as? Int == 2)
        #expect(first["column"] as? Int == 7)
        #expect(first["code"] as? String == "invalid-value")
        #expect(first["severity"] as? String == "error")
    }

    @Test func aMissingPathIsAnErrorAndUsageErrorsExitTwo() throws {
        let missing = try Run.ctl("check", "/nonexistent/plans")
        #expect(missing.status == 1)
        #expect(missing.out.contains("/nonexistent/plans:1:1: error: cannot read: no such file or directory"))
        let usage = try Run.ctl("check")
        #expect(usage.status == 2)
        #expect(usage.err.contains("Missing expected argument"))
        let unknown = try Run.ctl("check", "--frobnicate", "config/plans")
        #expect(unknown.status == 2)
    }

    @Test func noColourWhenNotATerminal() throws {
        let run = try Run.ctl("check", "/nonexistent")
        #expect(!run.out.contains("\u{1B}["))
    }

    @Test func readsStandardInput() throws {
        let run = try Run.ctl(["check", "-"], input: "plan: x\nkind: editorial\n")
        #expect(run.status == 1)
        #expect(run.out.contains("<stdin>:1:1: error: a plan needs 'timezone'"))
    }
}
