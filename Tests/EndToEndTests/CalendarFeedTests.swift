import Foundation
import Testing

/// The daemon's live calendar feeds (`calendar-directory:`) served by a real nginx, and the live export: each
/// recorded state change and reload reaches subscribers with the same UIDs and a higher SEQUENCE for what changed.
struct CalendarFeedTests {
    /// A plan in Europe/Rome with everything after `now`: a daily slot from tomorrow (owner sara), a post in two days
    /// (anna) and a content item tomorrow (marco), on one channel; `launchTitle` is the post's title.
    static func plan(now: Int64, launchTitle: String = "Launch post") -> String {
        let rome = TimeZone(identifier: "Europe/Rome")!
        func local(_ t: Int64) -> Int64 { t + Int64(rome.secondsFromGMT(for: Date(timeIntervalSince1970: Double(t)))) }
        let today = local(now) - local(now) % 86_400
        return """
            plan: feed
            kind: editorial
            timezone: Europe/Rome
            channel: {id: ig, network: instagram}
            period: {from: \(RandomPlans.dateText(today)), until: \(RandomPlans.dateText(today + 20 * 86_400))}
            reminders: [P1D, PT1H]
            slots:
              - id: daily
                every: daily 12:00
                from: \(RandomPlans.dateText(today + 86_400))
                title: Daily tip
                owner: sara
            content:
              - {id: draft, type: copy, due: \(RandomPlans.localText(local(now + 90_000))), title: Draft, owner: marco}
            posts:
              - {id: launch, at: \(RandomPlans.localText(local(now + 2 * 86_400))), title: \(launchTitle), owner: anna}

            """
    }

    /// The occurrence of the daily slot the day after tomorrow: its id and instant.
    static func occurrence(now: Int64) -> (id: String, instant: Int64) {
        let rome = TimeZone(identifier: "Europe/Rome")!
        let offset = { (t: Int64) in Int64(rome.secondsFromGMT(for: Date(timeIntervalSince1970: Double(t)))) }
        let localNow = now + offset(now)
        let day = localNow - localNow % 86_400 + 2 * 86_400
        let noon = day + 12 * 3600
        return ("feed/daily@\(RandomPlans.localText(noon))", noon - offset(noon - offset(noon)))
    }

    /// One component as Python's `icalendar` read it.
    struct Component {
        /// VEVENT or VTODO.
        var name: String
        /// UID.
        var uid: String
        /// SUMMARY.
        var summary: String
        /// SEQUENCE (−1 when missing).
        var sequence: Int
        /// STATUS.
        var status: String
        /// X-EDITORIAL-STATUS.
        var editorialStatus: String
        /// RECURRENCE-ID as an instant, for an override.
        var recurrenceID: Int64?
    }

    /// Parses a calendar with libical (no errors, and its instances from `from` to `to`) and with Python's
    /// `icalendar` (its components).
    static func parse(_ calendar: String, from: Int64, to: Int64) throws -> (
        instances: [CalendarTools.ProbeInstance], components: [Component]
    ) {
        let probe = try CalendarTools.expand(calendar, from: from, to: to)
        guard probe.status == 0 else { throw ToolError("libical reports: \(probe.err)") }
        let file = try Run.directory(["feed.ics": calendar])
        defer { try? FileManager.default.removeItem(at: file) }
        let output = try CalendarTools.debianPython(
            CalendarTools.describeScript, input: [file.appendingPathComponent("feed.ics").path])
        guard let result = (output as? [[String: Any]])?.first, let found = result["icalendar"] as? [[String: Any]]
        else { throw ToolError("icalendar could not read the calendar: \(output)") }
        let components = found.map { c in
            Component(
                name: c["name"] as? String ?? "", uid: c["uid"] as? String ?? "",
                summary: c["summary"] as? String ?? "",
                sequence: c["sequence"] as? Int ?? -1, status: c["status"] as? String ?? "",
                editorialStatus: c["x_status"] as? String ?? "", recurrenceID: (c["rid"] as? Int).map(Int64.init))
        }
        return (probe.instances, components)
    }

    /// Each UID's SEQUENCE (all components of one UID carry the same).
    static func sequences(_ components: [Component]) -> [String: Int] {
        var result: [String: Int] = [:]
        for c in components { result[c.uid] = max(result[c.uid] ?? -1, c.sequence) }
        return result
    }

    /// The post's UID.
    static let launch = "feed/launch@editoriald"
    /// The slot's UID.
    static let daily = "feed/daily@editoriald"
    /// The content item's UID.
    static let draft = "feed/draft@editoriald"
    /// The plan renewal's UID.
    static let renewal = "feed/renewal@editoriald"

    /// Start, a published post, a skipped occurrence and a changed title, each seen through nginx in `all.ics`;
    /// the channel and owner feeds; the Content-Type; no temporary files left.
    @Test func feedsServedByNginxFollowEveryChange() throws {
        let now = LiveDaemon.now()
        let daemon = try LiveDaemon(plans: ["feed.yaml": Self.plan(now: now)], config: "calendar-directory: cal")
        let cal = daemon.directory.appendingPathComponent("cal")
        let all = cal.appendingPathComponent("all.ics")
        try #require(
            waitUntil(30) { FileManager.default.fileExists(atPath: all.path) }, "no all.ics after start: \(daemon.log)")
        let nginx = try Nginx(serving: cal)
        defer { nginx.stop() }
        let window = (from: now - 86_400, to: now + 30 * 86_400)

        // The first feed.
        let first = try nginx.get("/calendars/all.ics")
        #expect(first.code == 200)
        #expect(first.contentType.hasPrefix("text/calendar"), "Content-Type \(first.contentType)")
        let start = try Self.parse(first.body, from: window.from, to: window.to)
        let uids = Set(start.components.map(\.uid))
        #expect(uids == [Self.launch, Self.daily, Self.draft, Self.renewal])
        #expect(start.components.first { $0.uid == Self.launch }?.summary == "Launch post")
        #expect(start.components.allSatisfy { $0.editorialStatus.isEmpty && $0.recurrenceID == nil })
        let occurrence = Self.occurrence(now: now)
        #expect(start.instances.contains { $0.uid == Self.daily && $0.instant == occurrence.instant })
        let before = Self.sequences(start.components)

        // Per-channel and per-owner feeds hold only their items.
        for (path, expected) in [
            ("/calendars/channels/feed/ig.ics", [Self.launch, Self.daily, Self.renewal]),
            ("/calendars/owners/anna.ics", [Self.launch]), ("/calendars/owners/sara.ics", [Self.daily]),
            ("/calendars/owners/marco.ics", [Self.draft]),
        ] {
            // The feeds are written one after the other: wait for each.
            _ = try nginx.poll(path) { _ in true }
            let feed = try nginx.get(path)
            #expect(feed.code == 200, "\(path)")
            #expect(feed.contentType.hasPrefix("text/calendar"), "\(path): Content-Type \(feed.contentType)")
            let parsed = try Self.parse(feed.body, from: window.from, to: window.to)
            #expect(Set(parsed.components.map(\.uid)) == Set(expected), "\(path)")
            #expect(Set(parsed.instances.map(\.uid)) == Set(expected), "\(path)")
        }

        // Published: the post's status, its SEQUENCE up, nothing else changed.
        let published = try daemon.ctl("publish", "feed/launch")
        try #require(published.status == 0, "\(published.err)")
        let afterPublish = try nginx.poll("/calendars/all.ics") { $0.contains("X-EDITORIAL-STATUS:published") }
        let p = try Self.parse(afterPublish, from: window.from, to: window.to)
        #expect(Set(p.components.map(\.uid)) == uids)
        #expect(p.components.first { $0.uid == Self.launch }?.editorialStatus == "published")
        let s1 = Self.sequences(p.components)
        #expect(s1[Self.launch]! > before[Self.launch]!)
        for uid in uids where uid != Self.launch { #expect(s1[uid] == before[uid], "\(uid)") }

        // Skipped: an override of that occurrence, CANCELLED; the slot's SEQUENCE up.
        let skipped = try daemon.ctl("skip", occurrence.id, "--reason", "holiday")
        try #require(skipped.status == 0, "\(skipped.err)")
        let afterSkip = try nginx.poll("/calendars/all.ics") { $0.contains("RECURRENCE-ID") }
        let k = try Self.parse(afterSkip, from: window.from, to: window.to)
        #expect(Set(k.components.map(\.uid)) == uids)
        let override = try #require(k.components.first { $0.recurrenceID != nil })
        #expect(override.uid == Self.daily)
        #expect(override.recurrenceID == occurrence.instant)
        #expect(override.status == "CANCELLED")
        #expect(override.editorialStatus == "skipped")
        let cancelled = k.instances.filter { $0.uid == Self.daily && $0.instant == occurrence.instant }
        #expect(cancelled.map(\.status) == ["CANCELLED"])
        #expect(cancelled.map(\.recurrenceID) == [CalendarTools.stamp(occurrence.instant)])
        let s2 = Self.sequences(k.components)
        #expect(s2[Self.daily]! > s1[Self.daily]!)
        for uid in uids where uid != Self.daily { #expect(s2[uid] == s1[uid], "\(uid)") }

        // A changed title, by reload: served, same UIDs, the post's SEQUENCE up.
        try daemon.write("feed.yaml", Self.plan(now: now, launchTitle: "Launch post revised"))
        let reloaded = try daemon.ctl("reload")
        try #require(reloaded.status == 0, "\(reloaded.err)")
        let afterReload = try nginx.poll("/calendars/all.ics") { $0.contains("SUMMARY:Launch post revised") }
        let r = try Self.parse(afterReload, from: window.from, to: window.to)
        #expect(Set(r.components.map(\.uid)) == uids)
        #expect(r.components.first { $0.uid == Self.launch }?.summary == "Launch post revised")
        #expect(r.components.first { $0.uid == Self.launch }?.editorialStatus == "published")
        let s3 = Self.sequences(r.components)
        #expect(s3[Self.launch]! > s2[Self.launch]!)
        for uid in uids where uid != Self.launch { #expect(s3[uid] == s2[uid], "\(uid)") }
        // anna's feed is the last one this change rewrites (all, channels, then owners by name).
        let annas = try nginx.poll("/calendars/owners/anna.ics") { $0.contains("SUMMARY:Launch post revised") }
        let owner = try Self.parse(annas, from: window.from, to: window.to)
        #expect(owner.components.map(\.summary) == ["Launch post revised"])
        #expect(Self.sequences(owner.components) == [Self.launch: s3[Self.launch]!])

        // Every file was renamed into place: no temporary file is left.
        let names = FileManager.default.enumerator(atPath: cal.path)?.compactMap { $0 as? String } ?? []
        #expect(names.contains("all.ics"))
        let temporary = names.filter { ($0 as NSString).lastPathComponent.hasPrefix(".") }
        #expect(temporary.isEmpty, "left behind: \(temporary)")
        #expect(nginx.isRunning, "nginx stopped: \(nginx.log)")
    }

    /// `editorialctl export` without --plans asks the daemon: the recorded states are in it, and SEQUENCE rises for
    /// what changed since the last export (only for that).
    @Test func liveExportCarriesRecordedStatesAndRisingSequences() throws {
        let now = LiveDaemon.now()
        let daemon = try LiveDaemon(plans: ["feed.yaml": Self.plan(now: now)])
        let window = (from: now - 86_400, to: now + 30 * 86_400)
        let first = try daemon.ctl("export")
        try #require(first.status == 0, "\(first.err)")
        let a = try Self.parse(first.out, from: window.from, to: window.to)
        let uids = Set(a.components.map(\.uid))
        #expect(uids == [Self.launch, Self.daily, Self.draft, Self.renewal])
        let before = Self.sequences(a.components)
        let again = try Self.parse(try daemon.ctl("export").out, from: window.from, to: window.to)
        #expect(Self.sequences(again.components) == before, "nothing changed, so no SEQUENCE moved")

        let occurrence = Self.occurrence(now: now)
        #expect(try daemon.ctl("done", "feed/draft").status == 0)
        #expect(try daemon.ctl("skip", occurrence.id, "--reason", "holiday").status == 0)
        let second = try daemon.ctl("export")
        try #require(second.status == 0, "\(second.err)")
        let b = try Self.parse(second.out, from: window.from, to: window.to)
        #expect(Set(b.components.map(\.uid)) == uids)
        let draft = try #require(b.components.first { $0.uid == Self.draft })
        #expect(draft.status == "COMPLETED")
        #expect(draft.editorialStatus == "done")
        let override = try #require(b.components.first { $0.recurrenceID != nil })
        #expect(override.uid == Self.daily && override.recurrenceID == occurrence.instant)
        #expect(override.status == "CANCELLED")
        #expect(b.instances.filter { $0.status == "CANCELLED" }.map(\.instant) == [occurrence.instant])
        let after = Self.sequences(b.components)
        #expect(after[Self.draft]! > before[Self.draft]!)
        #expect(after[Self.daily]! > before[Self.daily]!)
        #expect(after[Self.launch] == before[Self.launch])
        #expect(after[Self.renewal] == before[Self.renewal])
    }
}

/// Polls `condition` until it holds or `timeout` seconds pass.
private func waitUntil(_ timeout: Double, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try condition() { return true }
        // Waiting for another process's write; the bound above is what fails the test.
        Thread.sleep(forTimeInterval: 0.05)
    }
    return try condition()
}

/// nginx (`/usr/sbin/nginx`) in the foreground on a free loopback port, serving a directory at `/calendars/`, with
/// its configuration, pid and logs in a temporary directory.
private final class Nginx {
    /// Its configuration, pid, logs and temporary files.
    let directory: URL
    /// The port it listens on.
    private(set) var port: UInt16 = 0
    private var process: Process?

    /// Starts nginx serving `root` and waits (bounded) until it answers.
    init(serving root: URL) throws {
        directory = try Run.directory([:])
        // Another process may take the free port between the check and nginx's bind: try a few.
        for _ in 0..<3 {
            port = try CalendarTools.freePort()
            try configuration(root).write(
                to: directory.appendingPathComponent("nginx.conf"), atomically: true, encoding: .utf8)
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/sbin/nginx")
            p.arguments = [
                "-p", directory.path, "-c", directory.appendingPathComponent("nginx.conf").path, "-e",
                directory.appendingPathComponent("error.log").path,
            ]
            p.standardInput = FileHandle.nullDevice
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            process = p
            if waitUntil(10, { !p.isRunning || ((try? get("/")) != nil) }), p.isRunning { return }
            stop()
        }
        throw ToolError("nginx did not start: \(log)")
    }

    /// Stops nginx and removes its directory.
    deinit {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }

    private func configuration(_ root: URL) -> String {
        let d = directory.path
        return """
            daemon off;
            worker_processes 1;
            pid \(d)/nginx.pid;
            error_log \(d)/error.log;
            events { worker_connections 64; }
            http {
                access_log \(d)/access.log;
                client_body_temp_path \(d)/body;
                proxy_temp_path \(d)/proxy;
                fastcgi_temp_path \(d)/fastcgi;
                uwsgi_temp_path \(d)/uwsgi;
                scgi_temp_path \(d)/scgi;
                server {
                    listen 127.0.0.1:\(port);
                    location /calendars/ {
                        alias \(root.path)/;
                        types { text/calendar ics; }
                        default_type text/calendar;
                        add_header Cache-Control "no-cache";
                    }
                }
            }

            """
    }

    /// Whether the master process still runs.
    var isRunning: Bool { process?.isRunning == true }

    /// nginx's error log.
    var log: String { (try? String(contentsOf: directory.appendingPathComponent("error.log"), encoding: .utf8)) ?? "" }

    /// GET `path` with curl: status code, Content-Type and body.
    func get(_ path: String) throws -> (code: Int, contentType: String, body: String) {
        let body = directory.appendingPathComponent("body-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: body) }
        let run = try Run.command(
            "/usr/bin/curl",
            [
                "-sS", "--max-time", "5", "-o", body.path, "-w", "%{http_code} %{content_type}",
                "http://127.0.0.1:\(port)\(path)",
            ])
        guard run.status == 0 else { throw ToolError("curl \(path): \(run.err)") }
        let parts = run.out.split(separator: " ", maxSplits: 1).map(String.init)
        let text = (try? String(contentsOf: body, encoding: .utf8)) ?? ""
        return (Int(parts.first ?? "") ?? 0, parts.count > 1 ? parts[1] : "", text)
    }

    /// GETs `path` until the body satisfies `condition` (bounded), and returns that body.
    func poll(_ path: String, timeout: Double = 20, _ condition: (String) -> Bool) throws -> String {
        var last = ""
        let seen = try waitUntil(timeout) {
            let r = try get(path)
            last = r.body
            return r.code == 200 && condition(r.body)
        }
        guard seen else { throw ToolError("\(path) never showed the change within \(timeout) s; last:\n\(last)") }
        return last
    }

    /// SIGQUIT (graceful), then SIGTERM and SIGKILL if it lingers.
    func stop() {
        guard let process, process.isRunning else { return }
        for signal in [SIGQUIT, SIGTERM, SIGKILL] {
            kill(process.processIdentifier, signal)
            let deadline = Date().addingTimeInterval(5)
            while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
            if !process.isRunning { break }
        }
        process.waitUntilExit()
    }
}
