import Foundation

/// What the calendar tests share: `ical-probe` (libical), Debian's Python with `icalendar`, `vobject` and
/// `recurring_ical_events`, the PyPI `ical` parser, khal, the agenda as (UID, instant) pairs, and a free port.
enum CalendarTools {
    // MARK: ical-probe

    /// The built `ical-probe`, next to `editorialctl`.
    static var probe: URL { Run.binary.deletingLastPathComponent().appendingPathComponent("ical-probe") }

    /// One instance `ical-probe expand` printed.
    struct ProbeInstance: Hashable, CustomStringConvertible {
        /// The instant (a VEVENT's start, a VTODO's due time), epoch seconds.
        var instant: Int64
        /// The UID.
        var uid: String
        /// `VEVENT` or `VTODO`.
        var component: String
        /// STATUS, or empty.
        var status: String
        /// The override's RECURRENCE-ID in UTC, or empty for every other instance.
        var recurrenceID: String

        /// The line it was read from.
        var description: String { "\(stamp(instant))\t\(uid)\t\(component)\t\(status)\t\(recurrenceID)" }
    }

    /// `ical-probe expand FROM TO` on `calendar`: exit status, the instances, and standard error.
    static func expand(_ calendar: String, from: Int64, to: Int64) throws -> (
        status: Int32, instances: [ProbeInstance], err: String
    ) {
        guard FileManager.default.isExecutableFile(atPath: probe.path) else {
            throw ToolError("ical-probe is not built at \(probe.path) (swift build --build-tests builds it)")
        }
        let run = try Run.launch(probe, ["expand", stamp(from), stamp(to)], environment: [:], input: calendar)
        var instances: [ProbeInstance] = []
        for line in run.out.split(separator: "\n") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 5, let t = parseStamp(f[0]) else {
                throw ToolError("ical-probe printed a line of another form: \(line)")
            }
            instances.append(
                ProbeInstance(instant: t, uid: f[1], component: f[2], status: f[3], recurrenceID: f[4]))
        }
        return (run.status, instances, run.err)
    }

    // MARK: Times

    private static let utcCalendar: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        return c
    }()

    /// `YYYYMMDDTHHMMSSZ`.
    static func stamp(_ t: Int64) -> String {
        let c = utcCalendar.dateComponents(
            [.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: Double(t)))
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    /// RFC 3339 in UTC, `YYYY-MM-DDTHH:MM:SSZ`.
    static func rfc3339(_ t: Int64) -> String {
        let s = stamp(t)
        func part(_ a: Int, _ n: Int) -> Substring { s.dropFirst(a).prefix(n) }
        return "\(part(0, 4))-\(part(4, 2))-\(part(6, 2))T\(part(9, 2)):\(part(11, 2)):\(part(13, 2))Z"
    }

    /// `YYYY-MM-DD` of an instant in UTC.
    static func date(_ t: Int64) -> String { String(rfc3339(t).prefix(10)) }

    /// Reads `YYYYMMDDTHHMMSSZ`.
    static func parseStamp(_ text: String) -> Int64? {
        let digits = Array(text.utf8)
        guard digits.count == 16, digits[8] == UInt8(ascii: "T"), digits[15] == UInt8(ascii: "Z") else { return nil }
        func n(_ a: Int, _ b: Int) -> Int? { Int(String(decoding: digits[a..<b], as: UTF8.self)) }
        guard let y = n(0, 4), let mo = n(4, 6), let d = n(6, 8), let h = n(9, 11), let mi = n(11, 13),
            let s = n(13, 15)
        else { return nil }
        return civilSeconds(year: y, month: mo, day: d, hour: h, minute: mi, second: s)
    }

    /// Reads RFC 3339 in UTC (`YYYY-MM-DDTHH:MM:SSZ`).
    static func parseRFC3339(_ text: String) -> Int64? {
        parseStamp(text.replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: ""))
    }

    /// Seconds since the epoch of a wall-clock time read as UTC.
    static func civilSeconds(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0)
        -> Int64
    {
        let c = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        return Int64(utcCalendar.date(from: c)!.timeIntervalSince1970)
    }

    /// The wall-clock fields of seconds read as UTC.
    static func civil(_ t: Int64) -> DateComponents {
        utcCalendar.dateComponents(
            [.year, .month, .day, .hour, .minute, .second, .weekday], from: Date(timeIntervalSince1970: Double(t)))
    }

    // MARK: The agenda

    /// One item of `editorialctl agenda --json`.
    struct AgendaEntry: Hashable {
        /// The item id.
        var id: String
        /// post, occurrence, content, preparation or renewal.
        var kind: String
        /// Its due instant.
        var due: Int64
        /// Its status.
        var status: String
        /// Its title.
        var title: String
        /// Its planned local time (wall-clock seconds read as UTC), before any daylight-saving policy moved it.
        var planned: Int64?
        /// Its plan's zone.
        var zone: String
        /// An occurrence at the same instant as a later-planned one of its slot (a time in a gap shifted onto
        /// the next): one instance of a recurrence set by RFC 5545, so the export writes it on its own.
        var apart = false

        /// The UID the export gives it: the id (an occurrence's: its slot's, unless it is written apart) and
        /// `@editoriald`.
        var uid: String {
            guard kind == "occurrence", !apart, let at = id.lastIndex(of: "@") else { return id + "@editoriald" }
            return String(id[..<at]) + "@editoriald"
        }

        /// Whether the export writes it as a VEVENT (else a VTODO).
        var isEvent: Bool { kind == "post" || kind == "occurrence" }
    }

    /// The items of `editorialctl agenda --plans DIR --from FROM --to TO --json` (statuses as of `from`).
    static func agenda(plans: String, from: Int64, to: Int64) throws -> [AgendaEntry] {
        let run = try Run.ctl([
            "agenda", "--plans", plans, "--from", rfc3339(from), "--to", rfc3339(to), "--now", rfc3339(from), "--json",
            "--tz", "UTC",
        ])
        guard run.status == 0 else { throw ToolError("editorialctl agenda exited \(run.status): \(run.err)") }
        let json = try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any]
        guard let items = json?["items"] as? [[String: Any]] else { throw ToolError("agenda JSON without items") }
        var entries = try items.map { item in
            guard let id = item["id"] as? String, let kind = item["kind"] as? String,
                let dueText = item["due"] as? String, let due = parseRFC3339(dueText)
            else { throw ToolError("agenda item without id, kind or due: \(item)") }
            let planned = (item["planned"] as? String).flatMap { text in
                parseStamp(text.replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "") + "Z")
            }
            return AgendaEntry(
                id: id, kind: kind, due: due, status: item["status"] as? String ?? "",
                title: item["title"] as? String ?? "", planned: planned, zone: item["timezone"] as? String ?? "UTC")
        }
        // Occurrences of one slot at one instant: all but the latest planned are written apart.
        var latest: [String: Int64] = [:]
        for e in entries where e.kind == "occurrence" {
            let key = "\(e.uid) \(e.due)"
            latest[key] = max(latest[key] ?? .min, e.planned ?? .min)
        }
        for i in entries.indices where entries[i].kind == "occurrence" {
            entries[i].apart = (entries[i].planned ?? .min) < latest["\(entries[i].uid) \(entries[i].due)"]!
        }
        return entries
    }

    /// What is in `expected` and not in `actual`, and the reverse, counting repeats (multisets).
    static func difference(expected: [String], actual: [String]) -> (missing: [String], extra: [String]) {
        var count: [String: Int] = [:]
        for e in expected { count[e, default: 0] += 1 }
        for a in actual { count[a, default: 0] -= 1 }
        var missing: [String] = []
        var extra: [String] = []
        for (key, n) in count.sorted(by: { $0.key < $1.key }) {
            if n > 0 { missing += Array(repeating: key, count: n) }
            if n < 0 { extra += Array(repeating: key, count: -n) }
        }
        return (missing, extra)
    }

    /// A readable account of a multiset difference (at most `limit` lines of each side).
    static func describe(_ d: (missing: [String], extra: [String]), limit: Int = 12) -> String {
        var lines: [String] = []
        if !d.missing.isEmpty {
            lines.append("expected but not found (\(d.missing.count)):")
            lines += d.missing.prefix(limit).map { "  - \($0)" }
        }
        if !d.extra.isEmpty {
            lines.append("found but not expected (\(d.extra.count)):")
            lines += d.extra.prefix(limit).map { "  + \($0)" }
        }
        return lines.joined(separator: "\n")
    }

    // MARK: Wall-clock times

    /// How a wall-clock time maps to instants in a zone.
    enum WallClock {
        /// One instant.
        case unique
        /// None: the time is in a spring-forward gap.
        case gap
        /// Two: the time is in a repeated hour.
        case repeated
    }

    /// How `civil` (wall-clock seconds read as UTC) maps to instants in `zone` (Foundation's tzdata): the offsets in
    /// force a day before and a day after are the candidates, and each is kept when it maps back to itself.
    static func wallClock(_ civil: Int64, in tz: TimeZone) -> WallClock {
        func offset(_ t: Int64) -> Int64 { Int64(tz.secondsFromGMT(for: Date(timeIntervalSince1970: Double(t)))) }
        let candidates = Set([offset(civil - 86_400), offset(civil + 86_400)])
        let instants = Set(candidates.filter { offset(civil - $0) == $0 }.map { civil - $0 })
        switch instants.count {
        case 0: return .gap
        case 1: return .unique
        default: return .repeated
        }
    }

    /// The spring-forward gaps of `zone` from `from` to `to` (wall-clock seconds read as UTC), as wall-clock
    /// ranges.
    static func gaps(in zone: TimeZone, from: Int64, to: Int64) -> [Range<Int64>] {
        var result: [Range<Int64>] = []
        // Instants: wall-clock bounds widened by the largest offset.
        var t = Date(timeIntervalSince1970: Double(from - 14 * 3600))
        while let next = zone.nextDaylightSavingTimeTransition(after: t),
            next.timeIntervalSince1970 < Double(to + 14 * 3600)
        {
            let i = Int64(next.timeIntervalSince1970)
            let before = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(i - 1))))
            let after = Int64(zone.secondsFromGMT(for: next))
            if after > before { result.append((i + before)..<(i + after)) }
            t = next
        }
        return result
    }

    /// One VEVENT or VTODO of an export, from its unfolded content lines.
    struct ExportedComponent {
        /// VEVENT or VTODO.
        var name: String
        /// The UID.
        var uid: String
        /// Its RRULE values.
        var rules: [String] = []
        /// Every local (TZID) date-time it names (DTSTART, DUE, RDATE, EXDATE, RECURRENCE-ID): zone and wall clock.
        var localTimes: [(zone: String, civil: Int64)] = []
    }

    /// The VEVENTs and VTODOs of an iCalendar text.
    static func components(_ calendar: String) -> [ExportedComponent] {
        let lines = calendar.replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "\r\n")
        var result: [ExportedComponent] = []
        var current: ExportedComponent?
        var depth = 0
        for line in lines {
            if line == "BEGIN:VEVENT" || line == "BEGIN:VTODO" {
                current = ExportedComponent(name: String(line.dropFirst(6)), uid: "")
                depth = 0
                continue
            }
            guard var c = current else { continue }
            if line.hasPrefix("BEGIN:") { depth += 1 }
            if line.hasPrefix("END:") {
                if depth == 0 {
                    result.append(c)
                    current = nil
                    continue
                }
                depth -= 1
            }
            guard depth == 0, let colon = line.firstIndex(of: ":") else { continue }
            let head = line[..<colon]
            let value = String(line[line.index(after: colon)...])
            let name = head.prefix { $0 != ";" }
            if name == "UID" { c.uid = value }
            if name == "RRULE" { c.rules.append(value) }
            if let tzid = head.range(of: ";TZID=") {
                let zone = String(head[tzid.upperBound...].prefix { $0 != ";" })
                for v in value.split(separator: ",") {
                    if let t = parseStamp(String(v) + "Z") { c.localTimes.append((zone, t)) }
                }
            }
            current = c
        }
        return result
    }

    // MARK: Python

    /// Runs a script with Debian's Python (`/usr/bin/python3 -I`, which has python3-icalendar, -vobject and
    /// -recurring-ical-events; the `python3` on PATH may be another), `input` on standard input, and decodes the
    /// JSON it prints.
    static func debianPython(_ script: String, input: Any) throws -> Any {
        try python(URL(fileURLWithPath: "/usr/bin/python3"), ["-I", "-c", script], input: input)
    }

    /// The same with the `python3` first on PATH (where `pip install ical` puts the PyPI `ical` package).
    static func pathPython(_ script: String, input: Any) throws -> Any {
        try python(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script], input: input)
    }

    private static func python(_ executable: URL, _ arguments: [String], input: Any) throws -> Any {
        let data = try JSONSerialization.data(withJSONObject: input)
        let run = try Run.launch(
            executable, arguments, environment: [:], removing: ["PYTHONPATH", "PYTHONHOME"],
            input: String(decoding: data, as: UTF8.self))
        guard run.status == 0 else {
            throw ToolError("\(executable.path) \(arguments.first!) exited \(run.status): \(run.err)")
        }
        return try JSONSerialization.jsonObject(with: Data(run.out.utf8))
    }

    /// Reads each calendar file (a JSON list of paths on stdin) with `icalendar` and with `vobject`, and prints for
    /// each file the VEVENTs and VTODOs each parser found (icalendar: with SEQUENCE, STATUS, the editorial status,
    /// RECURRENCE-ID in epoch seconds and the alarms' TRIGGER in seconds with RELATED), or the parser's error.
    static let describeScript = #"""
        import datetime, json, sys
        import icalendar, vobject

        def epoch(v):
            if isinstance(v, datetime.datetime):
                if v.tzinfo is None:
                    v = v.replace(tzinfo=datetime.timezone.utc)
                return int(v.timestamp())
            return None

        out = []
        for path in json.load(sys.stdin):
            raw = open(path, "rb").read()
            entry = {"icalendar": None, "vobject": None, "errors": []}
            try:
                found = []
                for c in icalendar.Calendar.from_ical(raw).walk():
                    if c.name not in ("VEVENT", "VTODO"):
                        continue
                    alarms = []
                    for a in c.subcomponents:
                        if a.name == "VALARM":
                            t = a.get("TRIGGER")
                            alarms.append([int(t.dt.total_seconds()), str(t.params.get("RELATED", "START")),
                                           str(a.get("ACTION")), str(a.get("DESCRIPTION"))])
                    rid = c.get("RECURRENCE-ID")
                    found.append({"name": c.name, "uid": str(c.get("UID")), "summary": str(c.get("SUMMARY")),
                                  "sequence": int(c.get("SEQUENCE", -1)), "status": str(c.get("STATUS", "")),
                                  "x_status": str(c.get("X-EDITORIAL-STATUS", "")),
                                  "rid": epoch(rid.dt) if rid is not None else None, "alarms": alarms})
                entry["icalendar"] = found
            except Exception as e:
                entry["errors"].append("icalendar: %r" % e)
            try:
                found = []
                for cal in vobject.readComponents(raw.decode("utf-8")):
                    for c in cal.getChildren():
                        if c.name in ("VEVENT", "VTODO"):
                            found.append({"name": c.name, "uid": c.uid.value, "summary": c.summary.value})
                entry["vobject"] = found
            except Exception as e:
                entry["errors"].append("vobject: %r" % e)
            out.append(entry)
        json.dump(out, sys.stdout)
        """#

    /// Expands each calendar (a JSON list of `{path, from, to}` on stdin, epoch seconds) with
    /// `recurring_ical_events.of(cal, components=["VEVENT", "VTODO"]).between(from, to)` and prints each file's
    /// instances as `[UID, component, instant, STATUS]` (a VTODO's instant is its DUE), or the error.
    static let recurringScript = #"""
        import datetime, json, sys
        import icalendar, recurring_ical_events

        utc = datetime.timezone.utc
        out = []
        for job in json.load(sys.stdin):
            try:
                cal = icalendar.Calendar.from_ical(open(job["path"], "rb").read())
                start = datetime.datetime.fromtimestamp(job["from"], utc)
                stop = datetime.datetime.fromtimestamp(job["to"], utc)
                found = []
                for c in recurring_ical_events.of(cal, components=["VEVENT", "VTODO"]).between(start, stop):
                    v = c["DUE" if c.name == "VTODO" else "DTSTART"].dt
                    if not isinstance(v, datetime.datetime):
                        raise ValueError("a date, not a date-time: %r in %s" % (v, c.get("UID")))
                    if v.tzinfo is None:
                        v = v.replace(tzinfo=utc)
                    found.append([str(c["UID"]), c.name, int(v.timestamp()), str(c.get("STATUS", ""))])
                out.append({"instances": found})
            except Exception as e:
                out.append({"error": repr(e)})
        json.dump(out, sys.stdout)
        """#

    /// Parses each calendar (a JSON list of paths on stdin) with the PyPI `ical` package (Home Assistant's strict
    /// parser) and prints its event and to-do counts, or the error; `{"missing": …}` when `ical` is not installed.
    static let strictScript = #"""
        import json, sys
        try:
            from ical.calendar_stream import IcsCalendarStream
        except ImportError as e:
            json.dump({"missing": repr(e)}, sys.stdout)
            sys.exit(0)
        out = []
        for path in json.load(sys.stdin):
            try:
                cal = IcsCalendarStream.calendar_from_ics(open(path, encoding="utf-8").read())
                out.append({"events": len(cal.events), "todos": len(cal.todos)})
            except Exception as e:
                out.append({"error": repr(e)[:3000]})
        json.dump({"results": out}, sys.stdout)
        """#

    // MARK: khal

    /// Imports `calendar` into a fresh khal (0.10.5) set up in a temporary directory, all in UTC, and lists the events
    /// from `from` through `to` (dates, `YYYY-MM-DD`) as `UID|START|TITLE` lines, START as `YYYY-MM-DDTHH:MM:SS` UTC.
    static func khal(_ calendar: String, from: String, to: String) throws -> [String] {
        let home = try Run.directory(["calendar.ics": calendar])
        defer { try? FileManager.default.removeItem(at: home) }
        let config = home.appendingPathComponent("config/khal")
        let vdir = home.appendingPathComponent("vdir")
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: vdir, withIntermediateDirectories: true)
        try """
        [calendars]
        [[editorial]]
        path = \(vdir.path)
        type = calendar

        [locale]
        timeformat = %H:%M:%S
        dateformat = %Y-%m-%d
        longdateformat = %Y-%m-%d
        datetimeformat = %Y-%m-%dT%H:%M:%S
        longdatetimeformat = %Y-%m-%dT%H:%M:%S
        default_timezone = UTC
        local_timezone = UTC

        """.write(to: config.appendingPathComponent("config"), atomically: true, encoding: .utf8)
        let env = [
            "XDG_CONFIG_HOME": home.appendingPathComponent("config").path,
            "XDG_DATA_HOME": home.appendingPathComponent("data").path, "TZ": "UTC", "LC_ALL": "C.UTF-8",
        ]
        let imported = try Run.command(
            "/usr/bin/khal",
            ["import", "--batch", "-a", "editorial", home.appendingPathComponent("calendar.ics").path],
            environment: env)
        guard imported.status == 0 else { throw ToolError("khal import exited \(imported.status): \(imported.err)") }
        let listed = try Run.command(
            "/usr/bin/khal",
            ["list", "-a", "editorial", "-f", "@@{uid}|{start}|{title}", "-df", "##{date}", from, to],
            environment: env)
        guard listed.status == 0 else { throw ToolError("khal list exited \(listed.status): \(listed.err)") }
        // khal lists an event under every day it touches, and gives one without an end an hour: keep each under
        // the day it starts (`--once` would also fold a series into its first instance).
        var day = ""
        var events: [String] = []
        for line in listed.out.split(separator: "\n") {
            if line.hasPrefix("##") { day = String(line.dropFirst(2)) }
            guard line.hasPrefix("@@") else { continue }
            let event = line.dropFirst(2)
            let fields = event.split(separator: "|", maxSplits: 2)
            if fields.count == 3, fields[1].hasPrefix(day) { events.append(String(event)) }
        }
        return events
    }

    // MARK: Network

    /// A TCP port on 127.0.0.1 that nothing listens on (bound and released; another process could take it).
    static func freePort() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ToolError("socket: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { p in
                bind(fd, p, length) == 0 && getsockname(fd, p, &length) == 0
            }
        }
        guard bound else { throw ToolError("bind: \(String(cString: strerror(errno)))") }
        return UInt16(bigEndian: address.sin_port)
    }
}

/// A tool that could not be run or printed something unexpected.
struct ToolError: Error, CustomStringConvertible {
    /// What happened.
    var description: String

    /// Creates one.
    init(_ description: String) { self.description = description }
}
