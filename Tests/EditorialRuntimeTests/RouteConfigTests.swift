import EditorialCore
import Testing

@testable import EditorialRuntime

/// `routes:` and `delivery:` in the config file: every target read, every mistake positioned.
struct RouteConfigTests {
    static let base = DaemonConfig.defaults(environment: [:], isRoot: false)

    static func problems(_ text: String) -> [String] {
        do {
            _ = try ConfigFile.parse(text, file: "c.yaml", over: Self.base)
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    @Test func everyTargetAndFilterIsRead() throws {
        let config = try ConfigFile.parse(
            """
            routes:
              - name: team
                events: [due, overdue, blocked]
                channels: [linkedin, acme/li]
                plans: [acme]
                owners: [anna]
                min-priority: notice
                webhook: {url: "https://hooks.example.com/x", shape: slack, secret-credential: hook, timeout: PT5S}
              - name: mine
                for: owners
                email: {from: "Cal <cal@example.com>", sendmail: [/usr/bin/msmtp, -t, -oi], timeout: PT20S}
              - name: archive
                exec: {command: [/usr/local/bin/archive, --append], timeout: PT1M}
            delivery: {retry-initial: PT10S, retry-maximum: PT10M, give-up-after: PT6H, max-attempts: 9, concurrency: 4}
            """, file: "/etc/ed/editoriald.yaml", over: Self.base)
        #expect(config.routes.map(\.name) == ["team", "mine", "archive"])
        let team = config.routes[0]
        #expect(team.events == ["due", "overdue", "blocked"])
        #expect(team.channels == ["linkedin", "acme/li"])
        #expect(team.plans == ["acme"] && team.owners == ["anna"])
        #expect(team.minimumPriority == 5)
        #expect(
            team.target
                == .webhook(
                    RouteTarget.Webhook(
                        url: "https://hooks.example.com/x", shape: .slack, secret: .credential("hook"), timeout: 5)))
        #expect(config.routes[1].audience == .owners)
        #expect(
            config.routes[1].target
                == .email(
                    RouteTarget.Email(
                        from: "Cal <cal@example.com>", sendmail: ["/usr/bin/msmtp", "-t", "-oi"], timeout: 20)))
        #expect(
            config.routes[2].target
                == .exec(RouteTarget.Exec(command: ["/usr/local/bin/archive", "--append"], timeout: 60)))
        #expect(config.retry == RetryPolicy(initial: 10, maximum: 600, giveUpAfter: 21_600, maxAttempts: 9))
        #expect(config.deliveryConcurrency == 4)
    }

    @Test func mistakesArePositionedAndAllReported() {
        #expect(
            Self.problems(
                """
                routes:
                  - name: a
                    evnts: [due]
                    webhook: {url: "ftp://x", secret: hunter2}
                  - name: a
                    exec: {command: [notify-send]}
                  - name: b
                    events: [dew]
                    min-priority: loud
                    email: {from: "not an address"}
                  - name: c
                    webhook: {url: "http://h/"}
                    exec: {command: [/bin/true]}
                  - webhook: {url: "http://h/"}
                  - name: d
                    email: {from: "x@example.com"}
                delivery: {concurrency: 0, retry-initial: PT2H, retry-maximum: PT1H}
                """) == [
                    "c.yaml:3:5: error: unknown key 'evnts' in a route; did you mean 'events'?",
                    "c.yaml:4:31: error: a webhook secret never goes in the config file (it is world-readable): use "
                        + "secret-file: PATH (mode 0600) or secret-credential: NAME (LoadCredential= in the unit)",
                    "c.yaml:6:22: error: command starts with the program's absolute path, not 'notify-send'",
                    "c.yaml:8:14: error: unknown event 'dew' (one of reminder, due, overdue, blocked, unblocked, "
                        + "renewal, digest, pace)",
                    "c.yaml:9:19: error: min-priority must be one of warning, notice, info (or another syslog level: "
                        + "emerg, alert, crit, err, warning, notice, info, debug)",
                    "c.yaml:10:19: error: email needs from: an address, such as 'editoriald <editoriald@example.com>'",
                    "c.yaml:11:5: error: route 'c' has more than one target (webhook, exec); give each its own route",
                    "c.yaml:14:5: error: a route needs a name (people list routes by name)",
                    "c.yaml:16:12: error: route 'd' needs to: (fixed addresses), or for: owners to mail each owner at "
                        + "the address people: gives",
                    "c.yaml:17:25: error: concurrency must be a whole number from 1 to 64",
                    "c.yaml:17:11: error: retry-initial must not be longer than retry-maximum",
                ])
    }

    @Test func aBadURLAndBothSecretSources() {
        #expect(
            Self.problems(
                """
                routes:
                  - name: x
                    webhook: {url: "ftp://x/", secret-file: /s, secret-credential: s}
                  - name: y
                    webhook: {url: "https://h/", secret-file: "", timeout: P1D}
                """) == [
                    "c.yaml:3:20: error: webhook url must be an http:// or https:// URL with a host",
                    "c.yaml:5:47: error: secret-file needs a path (relative paths are relative to this file)",
                    "c.yaml:5:60: error: timeout must be from 1 s to 300 s",
                ])
    }
}
