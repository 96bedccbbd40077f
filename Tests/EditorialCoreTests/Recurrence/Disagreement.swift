import Foundation

@testable import EditorialCore

/// Why libical or python-dateutil gives another answer than RFC 5545 for a rule: the documented classes of
/// `LibicalDifferentialTests`.
///
/// A case where the two references disagree is decided by `RFC5545Oracle` (editoriald must give its answer);
/// then each reference whose answer differs from it must be explained by one of these classes, else the case
/// fails as unexplained. A reference that gave no answer in time (libical's worker overran or crashed, dateutil
/// hit its time limit) is not compared.
struct Disagreement: Sendable {
    typealias Answer = LibicalDifferentialTests.Answer

    /// A stable name, printed in the summary.
    var name: String
    /// Why the reference's answer is not RFC 5545's.
    var reason: String
    /// Whether the class applies to a rule and the reference's answer (`rfc` is RFC 5545's answer).
    var applies: @Sendable (_ rule: RecurrenceRule, _ start: LocalDateTime, _ answer: [String], _ rfc: [String]) -> Bool

    /// The outcome of one case.
    struct Outcome {
        /// The class names of the references that differ from RFC 5545 (or gave no answer), `+`-joined.
        var name: String
        /// Set when a reference differs from RFC 5545 for no documented reason.
        var problem: String?
    }

    /// Names the reasons each reference differs from `rfc`, RFC 5545's answer (which editoriald gave).
    static func classify(
        _ rule: RecurrenceRule, start: LocalDateTime, rfc: [String], libical: Answer, dateutil: Answer
    ) -> Outcome {
        var names: [String] = []
        var problems: [String] = []
        for (reference, answer, classes) in [
            ("libical", libical, Self.libicalClasses), ("dateutil", dateutil, Self.dateutilClasses),
        ] {
            if case .prefix(let p) = answer, p.isEmpty {
                names.append("\(reference) no answer")
                continue
            }
            if answer.admits(rfc) { continue }
            if let c = classes.first(where: { $0.applies(rule, start, answer.times, rfc) }) {
                names.append("\(reference): \(c.name)")
            } else if case .refused(let message) = answer {
                problems.append("\(reference) refuses the rule (\(message))")
                names.append("\(reference): ?")
            } else {
                problems.append("\(reference) differs from RFC 5545 for no documented reason")
                names.append("\(reference): ?")
            }
        }
        return Outcome(
            name: names.isEmpty ? "a partial answer, consistent" : names.joined(separator: " + "),
            problem: problems.isEmpty ? nil : problems.joined(separator: "; "))
    }

    /// The reasons of the classes named in an outcome's name, one `reference: name: reason` line each.
    static func legend(_ outcomeNames: some Sequence<String>) -> [String] {
        var seen: Set<String> = []
        var lines: [String] = []
        for part in outcomeNames.flatMap({ $0.components(separatedBy: " + ") }) where seen.insert(part).inserted {
            for (reference, classes) in [("libical", libicalClasses), ("dateutil", dateutilClasses)] {
                if let c = classes.first(where: { part == "\(reference): \($0.name)" }) {
                    lines.append("\(part): \(c.reason)")
                }
            }
        }
        return lines.sorted()
    }

    // MARK: - libical 3.0

    /// How libical 3.0.16 (Debian 12) deviates from RFC 5545. Several are fixed in later libical releases, whose
    /// own test vectors (src/test/icalrecur_test.txt) give RFC 5545's answer.
    static let libicalClasses: [Disagreement] = [
        Disagreement(
            name: "lists out of order",
            reason: "libical 3.0 walks each BYxxx list in the order written, taking it to be increasing: values "
                + "out of order are skipped or come out of order (libical issue 797)",
            applies: { rule, _, _, _ in listsOutOfOrder(rule) }),
        Disagreement(
            name: "WEEKLY BYSETPOS ignored",
            reason: "libical 3.0 ignores BYSETPOS with FREQ=WEEKLY: every BYDAY day is an occurrence "
                + "(FREQ=WEEKLY;BYDAY=WE,TH,FR;BYSETPOS=3 gives Wednesdays, Thursdays and Fridays)",
            applies: { rule, _, _, _ in rule.frequency == .weekly && !rule.bySetPos.isEmpty }),
        Disagreement(
            name: "BYSETPOS before the times",
            reason: "libical 3.0 applies BYSETPOS to the period's days and then gives each of their BYHOUR, "
                + "BYMINUTE and BYSECOND times (a DAILY period is one day, so BYSETPOS is lost); RFC 5545 picks "
                + "from the period's whole set of date-times",
            applies: { rule, _, _, _ in
                rule.frequency.rank >= 3 && !rule.bySetPos.isEmpty && timesPerDay(rule) > 1
            }),
        Disagreement(
            name: "BYWEEKNO without BYDAY",
            reason: "libical 3.0 refuses FREQ=YEARLY with BYWEEKNO and no BYDAY (MALFORMEDDATA), or gives days "
                + "outside the weeks; RFC 5545 takes the missing weekday from DTSTART (so does later libical)",
            applies: { rule, _, _, _ in weekNumbersWithoutDays(rule) }),
        Disagreement(
            name: "negative day limit",
            reason: "libical 3.0 never matches a negative BYMONTHDAY or BYYEARDAY value that limits a DAILY, "
                + "HOURLY, MINUTELY or SECONDLY rule",
            applies: { rule, _, _, _ in
                rule.frequency.rank <= 3 && (rule.byMonthDay + rule.byYearDay).contains { $0 < 0 }
            }),
        Disagreement(
            name: "sub-daily DTSTART twice",
            reason: "libical 3.0 gives a DTSTART that an HOURLY, MINUTELY or SECONDLY rule with BYxxx parts "
                + "matches twice, and counts it twice toward COUNT",
            applies: { rule, start, answer, _ in
                rule.frequency.rank <= 2 && answer.count >= 2 && answer[0] == answer[1]
                    && answer[0] == LibicalDifferentialTests.Case.compact(start)
            }),
        Disagreement(
            name: "sub-daily INTERVAL lost",
            reason: "libical 3.0 steps through the BYHOUR (HOURLY), BYMINUTE (MINUTELY) or BYSECOND (SECONDLY) "
                + "values of the rule's own unit without INTERVAL (libical issue 1230)",
            applies: { rule, _, _, _ in
                rule.interval > 1
                    && ((rule.frequency == .hourly && !rule.byHour.isEmpty)
                        || (rule.frequency == .minutely && !rule.byMinute.isEmpty)
                        || (rule.frequency == .secondly && !rule.bySecond.isEmpty))
            }),
        Disagreement(
            name: "sub-daily BYSETPOS",
            reason: "libical 3.0 ignores BYSETPOS with HOURLY, MINUTELY and SECONDLY, or picks from a set that "
                + "is not the period's",
            applies: { rule, _, _, _ in rule.frequency.rank <= 2 && !rule.bySetPos.isEmpty }),
        Disagreement(
            name: "sub-daily limits from DTSTART",
            reason: "moving from DTSTART to the next BYHOUR, BYMINUTE or BYSECOND value, libical 3.0 keeps "
                + "DTSTART's finer fields (MINUTELY;BYHOUR=9 from 02:06 starts at 09:06, not 09:00) or skips the "
                + "first value (SECONDLY;BYSECOND=9,24 from 10:07:01 starts at 10:07:24)",
            applies: { rule, _, _, _ in
                rule.frequency.rank <= 2 && !(rule.byHour + rule.byMinute + rule.bySecond).isEmpty
            }),
        Disagreement(
            name: "combined day parts refused",
            reason: "libical 3.0 refuses (MALFORMEDDATA) a YEARLY rule that combines BYYEARDAY with BYMONTH, "
                + "BYMONTHDAY or BYWEEKNO, or BYWEEKNO with BYMONTHDAY; RFC 5545 intersects them",
            applies: { rule, _, answer, _ in
                answer.isEmpty && rule.frequency == .yearly
                    && ((!rule.byYearDay.isEmpty && !(rule.byMonth + rule.byMonthDay + rule.byWeekNo).isEmpty)
                        || (!rule.byWeekNo.isEmpty && !rule.byMonthDay.isEmpty))
            }),
        Disagreement(
            name: "BYWEEKNO numbering",
            reason: "libical 3.0 misnumbers the weeks around New Year (FREQ=YEARLY;BYWEEKNO=1;BYDAY=MO,WE,SA,SU "
                + "from 2013-02-02 starts on Tuesday 2013-12-31), negative week numbers and weeks 52 and 53, and counts "
                + "INTERVAL in week-numbering years (later libical, after its issues 1143 and 1223, gives RFC 5545's "
                + "days)",
            applies: { rule, _, _, _ in rule.frequency == .yearly && !rule.byWeekNo.isEmpty }),
        Disagreement(
            name: "WEEKLY INTERVAL off by weeks",
            reason: "with INTERVAL > 1, libical 3.0 may count the weeks from another week than DTSTART's, so every "
                + "period is a week or two off (seen only with a WKST other than SU: FREQ=WEEKLY;BYDAY=SU;INTERVAL=3 "
                + "from Wednesday 2018-01-17 starts on 2018-02-04, not 01-21)",
            applies: { rule, _, _, _ in rule.frequency == .weekly && rule.interval > 1 && rule.weekStart != .sunday }),
        Disagreement(
            name: "BYSETPOS over a day named twice",
            reason: "libical 3.0 keeps a day twice in the period's set when two BYMONTHDAY or BYYEARDAY values "
                + "name it (26 and -5 in a 30-day month), which shifts BYSETPOS's positions",
            applies: { rule, _, _, _ in
                !rule.bySetPos.isEmpty
                    && ((rule.byMonthDay.contains { $0 > 0 } && rule.byMonthDay.contains { $0 < 0 })
                        || (rule.byYearDay.contains { $0 > 0 } && rule.byYearDay.contains { $0 < 0 }))
            }),
    ]

    /// Whether a BYxxx list of the rule (but BYDAY, which libical sorts) is not written in increasing order.
    static func listsOutOfOrder(_ rule: RecurrenceRule) -> Bool {
        func key(_ v: Int) -> Int { v < 0 ? 1000 - v : v }
        return [
            rule.bySecond, rule.byMinute, rule.byHour, rule.byMonth, rule.byMonthDay, rule.byYearDay, rule.byWeekNo,
            rule.bySetPos,
        ].contains { list in zip(list, list.dropFirst()).contains { key($0) >= key($1) } }
    }

    /// The number of times of day a YEARLY…DAILY rule gives each matching day.
    static func timesPerDay(_ rule: RecurrenceRule) -> Int {
        max(1, Set(rule.byHour).count) * max(1, Set(rule.byMinute).count) * max(1, Set(rule.bySecond).count)
    }

    /// Whether a YEARLY rule names weeks (BYWEEKNO) but no day in them.
    static func weekNumbersWithoutDays(_ rule: RecurrenceRule) -> Bool {
        rule.frequency == .yearly && !rule.byWeekNo.isEmpty && rule.byDay.isEmpty && rule.byMonthDay.isEmpty
            && rule.byYearDay.isEmpty
    }

    // MARK: - python-dateutil 2.9

    /// How python-dateutil 2.9 deviates from RFC 5545 (also documented in `DateutilDifferentialTests`).
    static let dateutilClasses: [Disagreement] = [
        Disagreement(
            name: "BYWEEKNO without BYDAY",
            reason: "dateutil gives every day of the listed weeks; RFC 5545 takes the missing weekday from DTSTART",
            applies: { rule, _, _, _ in weekNumbersWithoutDays(rule) }),
        Disagreement(
            name: "YEARLY BYMONTHDAY in every month",
            reason: "dateutil expands a YEARLY BYMONTHDAY without BYMONTH in every month; the month is not in the "
                + "rule, so RFC 5545 takes DTSTART's (as libical, also in its current vectors, and Foundation do)",
            applies: { rule, _, _, _ in
                rule.frequency == .yearly && !rule.byMonthDay.isEmpty && rule.byMonth.isEmpty
                    && rule.byYearDay.isEmpty && rule.byWeekNo.isEmpty
            }),
        Disagreement(
            name: "BYWEEKNO 52 and 53",
            reason: "dateutil misnumbers the weeks ±52 and ±53 that straddle a year end (it takes the previous "
                + "year's number of weeks from this year's length)",
            applies: { rule, _, _, _ in rule.frequency == .yearly && rule.byWeekNo.contains { abs($0) >= 52 } }),
        Disagreement(
            name: "WEEKLY BYSETPOS from DTSTART",
            reason: "dateutil applies a WEEKLY BYSETPOS to the first week's set cut short at DTSTART; RFC 5545 "
                + "to the whole week (so the first week's picks differ)",
            applies: { rule, _, _, _ in rule.frequency == .weekly && !rule.bySetPos.isEmpty }),
        Disagreement(
            name: "plain and numbered BYDAY intersected",
            reason: "dateutil intersects plain BYDAY entries (MO) with numbered ones (2TU); RFC 5545's list unites "
                + "them",
            applies: { rule, _, _, _ in
                rule.byDay.contains { $0.ordinal == nil } && rule.byDay.contains { $0.ordinal != nil }
            }),
    ]
}
