import Foundation

/// A recurrence written as iCalendar content lines (RFC 5545 §3.8.5), as pasted from a calendar or from the
/// RFC's own examples:
///
/// ```
/// DTSTART;TZID=Europe/Rome:20270105T093000
/// RRULE:FREQ=WEEKLY;BYDAY=TU,FR
/// EXDATE;TZID=Europe/Rome:20270108T093000
/// RDATE:20270107T083000Z
/// ```
///
/// One property per line (folded lines, continued with a leading space, are joined). The rule repeats in the
/// plan's zone, so `DTSTART` must be local to it; `RDATE` and `EXDATE` may name instants in another `TZID` or
/// in UTC (`Z`), which are converted to the plan's local time. Without a `DTSTART`, `defaultStart` is used.
/// Either way the start is an occurrence only when a rule produces it or an `RDATE` lists it, and only the
/// rule's own occurrences count toward `COUNT`: RFC 5545 leaves a set whose `DTSTART` the rule does not match
/// undefined, and libical and python-dateutil both leave such a start out (`unmatchedStart` tells).
/// `EXDATE` dates without a time remove that whole day.
public struct ICalendarRecurrence: Sendable, Hashable {
    /// The recurrence set.
    public var set: RecurrenceSet
    /// Days (since 1970-01-01) removed by date-only `EXDATE`s.
    public var exceptDays: Set<Int>
    /// True when the text had a `DTSTART`.
    public var hasStart: Bool
    /// The text's `DTSTART` when it is not an occurrence although an RFC 5545 reader could take it for one: no
    /// rule produces it and no `RDATE` lists it, and it is not excluded by an `EXDATE` without a rule having
    /// `COUNT` (then both readings give the same set). Nil otherwise, and when the text has no `DTSTART`.
    public var unmatchedStart: LocalDateTime?

    /// True when `text` looks like content lines rather than a bare RRULE value.
    public static func isContentLines(_ text: String) -> Bool {
        let upper = text.uppercased()
        return text.contains("\n") || upper.hasPrefix("DTSTART") || upper.hasPrefix("EXDATE")
            || upper.hasPrefix("RDATE")
    }

    /// Parses content lines; errors carry the character offset in `text`.
    public init(parsing text: String, zone: ZoneRules, defaultStart: LocalDateTime) throws(RecurrenceError) {
        var lines: [(text: String, offset: Int)] = []
        var offset = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.hasSuffix("\r") ? String(raw.dropLast()) : String(raw)
            if (line.hasPrefix(" ") || line.hasPrefix("\t")), !lines.isEmpty {
                lines[lines.count - 1].text += line.dropFirst()
            } else if !line.trimmingCharacters(in: .whitespaces).isEmpty {
                lines.append((line, offset))
            }
            offset += raw.count + 1
        }
        var start: LocalDateTime?
        var rules: [RecurrenceRule] = []
        var dates: [LocalDateTime] = []
        var exceptions: [LocalDateTime] = []
        var exceptDays: Set<Int> = []
        for (line, at) in lines {
            guard let colon = line.firstIndex(of: ":") else {
                throw RecurrenceError("expected NAME:VALUE, such as RRULE:FREQ=WEEKLY", offset: at)
            }
            let head = line[..<colon].split(separator: ";").map(String.init)
            let name = head.first?.uppercased() ?? ""
            let value = String(line[line.index(after: colon)...])
            let valueOffset = at + line.distance(from: line.startIndex, to: colon) + 1
            var params: [String: String] = [:]
            for p in head.dropFirst() {
                let kv = p.split(separator: "=", maxSplits: 1).map(String.init)
                params[kv[0].uppercased()] = kv.count == 2 ? kv[1] : ""
            }
            switch name {
            case "DTSTART":
                guard start == nil else { throw RecurrenceError("DTSTART appears twice", offset: at) }
                // The rule repeats in DTSTART's zone; converting DTSTART alone would shift occurrences by an
                // hour in the weeks when the two zones' daylight saving differ.
                if let tzid = params["TZID"], tzid != zone.identifier {
                    throw RecurrenceError(
                        "DTSTART is in \(tzid) but the plan's timezone is \(zone.identifier); the rule repeats in the "
                            + "plan's zone, so give DTSTART in \(zone.identifier) (or use a plan with timezone: \(tzid))",
                        offset: at)
                }
                if value.uppercased().hasSuffix("Z"), zone.identifier != "UTC" {
                    throw RecurrenceError(
                        "DTSTART is in UTC but the plan's timezone is \(zone.identifier); the rule repeats in the "
                            + "plan's zone, so give DTSTART as a local time (without Z)", offset: valueOffset)
                }
                let values = try Self.times(value, params, zone: zone, offset: valueOffset)
                guard values.count == 1, case .some(let v) = values.first else {
                    throw RecurrenceError("DTSTART takes one value", offset: valueOffset)
                }
                start = v.time
            case "RRULE":
                do throws(RecurrenceError) {
                    rules.append(try RecurrenceRule(parsing: value))
                } catch {
                    throw RecurrenceError(error.message, offset: error.offset.map { $0 + valueOffset })
                }
            case "RDATE":
                if params["VALUE"]?.uppercased() == "PERIOD" {
                    throw RecurrenceError("RDATE periods are not supported; give start times", offset: at)
                }
                dates += try Self.times(value, params, zone: zone, offset: valueOffset).map(\.time)
            case "EXDATE":
                for v in try Self.times(value, params, zone: zone, offset: valueOffset) {
                    if v.dateOnly { exceptDays.insert(v.time.daysSinceEpoch) } else { exceptions.append(v.time) }
                }
            case "EXRULE":
                throw RecurrenceError("EXRULE was removed from iCalendar by RFC 5545; use EXDATE", offset: at)
            default:
                throw RecurrenceError(
                    "unknown property '\(name)'; expected DTSTART, RRULE, RDATE or EXDATE", offset: at)
            }
        }
        guard !rules.isEmpty || !dates.isEmpty else {
            throw RecurrenceError("no RRULE or RDATE line", offset: 0)
        }
        set = RecurrenceSet(start: start ?? defaultStart, rules: rules, dates: dates, exceptions: exceptions)
        self.exceptDays = exceptDays
        hasStart = start != nil
        if let start, !dates.contains(start), !set.ruleProducesStart(in: zone) {
            let excluded = exceptions.contains(start) || exceptDays.contains(start.daysSinceEpoch)
            if !excluded || rules.contains(where: { $0.count != nil }) { unmatchedStart = start }
        }
    }

    /// Reads a comma-separated list of `YYYYMMDD` or `YYYYMMDDTHHMMSS[Z]` values as local times in `zone`.
    private static func times(
        _ value: String, _ params: [String: String], zone: ZoneRules, offset: Int
    ) throws(RecurrenceError) -> [(time: LocalDateTime, dateOnly: Bool)] {
        var source: ZoneRules? = nil
        if let tzid = params["TZID"], tzid != zone.identifier {
            guard let other = ZoneRules(identifier: tzid) else {
                throw RecurrenceError("unknown time zone '\(tzid)'", offset: offset)
            }
            source = other
        }
        var result: [(LocalDateTime, Bool)] = []
        var position = offset
        for item in value.split(separator: ",", omittingEmptySubsequences: false) {
            let c = Array(item.utf8)
            func digits(_ r: Range<Int>) -> Int? {
                guard r.upperBound <= c.count else { return nil }
                var v = 0
                for i in r {
                    guard c[i] >= 48 && c[i] <= 57 else { return nil }
                    v = v * 10 + Int(c[i] - 48)
                }
                return v
            }
            let bad = RecurrenceError("'\(item)' is not YYYYMMDD or YYYYMMDDTHHMMSS[Z]", offset: position)
            guard let y = digits(0..<4), let m = digits(4..<6), let d = digits(6..<8) else { throw bad }
            var t = LocalDateTime(year: y, month: m, day: d)
            var dateOnly = true
            var utc = false
            if c.count > 8 {
                guard c.count == 15 || (c.count == 16 && (c[15] == 90 || c[15] == 122)), c[8] == 84 || c[8] == 116,
                    let h = digits(9..<11), let mi = digits(11..<13), let s = digits(13..<15)
                else { throw bad }
                t = LocalDateTime(year: y, month: m, day: d, hour: h, minute: mi, second: s)
                dateOnly = false
                utc = c.count == 16
            }
            guard t.isValid else { throw RecurrenceError("'\(item)' is not a real date and time", offset: position) }
            if utc {
                let u = t.secondsSinceEpochAsUTC
                t = LocalDateTime(secondsSinceEpochAsUTC: u + Int64(zone.offset(atUTC: u)))
            } else if let source, !dateOnly, let u = source.resolve(t, policy: .default).utc {
                t = LocalDateTime(secondsSinceEpochAsUTC: u + Int64(zone.offset(atUTC: u)))
            }
            result.append((t, dateOnly))
            position += item.count + 1
        }
        return result
    }
}
