import Foundation
import Testing

@testable import EditorialCore

/// Compares zoned expansion with Foundation's own engine, `Calendar.RecurrenceRule` with `.strict`
/// matching (RFC 5545 behaviour for invalid dates), on random daily, weekly, monthly and yearly rules in
/// zones with unusual offsets and southern-hemisphere daylight saving.
///
/// Times of day are kept between 06:00 and 21:59, where none of these zones changes its clocks, because
/// Foundation's `.strict` drops a time in a spring-forward gap while editoriald's default moves it forward.
struct FoundationCrossCheckTests {
    static let zones = ["Europe/Rome", "America/St_Johns", "Australia/Sydney", "Asia/Kathmandu"]

    @Test func zonedExpansionMatchesFoundation() throws {
        let seed = UInt64.random(in: 1...UInt64.max)
        var rng = SplitMix64(state: seed)
        let days: [(Weekday, Locale.Weekday)] = [
            (.monday, .monday), (.tuesday, .tuesday), (.wednesday, .wednesday), (.thursday, .thursday),
            (.friday, .friday), (.saturday, .saturday), (.sunday, .sunday),
        ]
        for round in 0..<80 {
            let zoneID = Self.zones[round % Self.zones.count]
            let zone = try #require(ZoneRules(identifier: zoneID))
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = try #require(TimeZone(identifier: zoneID))
            // RFC 5545's default WKST=MO matters only for weekly rules; elsewhere the calendar keeps Sunday first,
            // because Foundation (swift-corelibs, Swift 6.3) then miscounts "nth weekday of the month": with
            // firstWeekday = 2 it gives 24 January 2027 as the third Sunday (it is the 17th).
            if round % 4 == 1 { calendar.firstWeekday = 2 }
            let hour = Int.random(in: 6...21, using: &rng)
            let minute = [0, 15, 30, 45].randomElement(using: &rng)!
            let interval = Int.random(in: 1...3, using: &rng)
            let end = try #require(calendar.date(from: DateComponents(year: 2028, month: 1, day: 1)))
            var text: String
            var rule: Calendar.RecurrenceRule
            switch round % 4 {
            case 0:
                text = "FREQ=DAILY;INTERVAL=\(interval)"
                rule = .init(calendar: calendar, frequency: .daily, interval: interval, end: .afterDate(end))
            case 1:
                let picked = days.shuffled(using: &rng).prefix(Int.random(in: 1...3, using: &rng))
                text = "FREQ=WEEKLY;INTERVAL=\(interval);BYDAY=" + picked.map(\.0.code).joined(separator: ",")
                rule = .init(calendar: calendar, frequency: .weekly, interval: interval, end: .afterDate(end))
                rule.weekdays = picked.map { .every($0.1) }
            case 2:
                rule = .init(calendar: calendar, frequency: .monthly, interval: interval, end: .afterDate(end))
                if Bool.random(using: &rng) {
                    let n = [1, 2, 3, 4, -1].randomElement(using: &rng)!
                    let day = days.randomElement(using: &rng)!
                    text = "FREQ=MONTHLY;INTERVAL=\(interval);BYDAY=\(n)\(day.0.code)"
                    rule.weekdays = [.nth(n, day.1)]
                } else {
                    let d = [1, 15, 29, 30, 31, -1].randomElement(using: &rng)!
                    text = "FREQ=MONTHLY;INTERVAL=\(interval);BYMONTHDAY=\(d)"
                    rule.daysOfTheMonth = [d]
                }
            default:
                let month = Int.random(in: 1...12, using: &rng)
                let d = [1, 10, 28, 29, 31].randomElement(using: &rng)!
                text = "FREQ=YEARLY;BYMONTH=\(month);BYMONTHDAY=\(d)"
                rule = .init(calendar: calendar, frequency: .yearly, interval: 1, end: .afterDate(end))
                rule.months = [Calendar.RecurrenceRule.Month(month)]
                rule.daysOfTheMonth = [d]
            }
            text += ";BYHOUR=\(hour);BYMINUTE=\(minute);BYSECOND=0"
            rule.hours = [hour]
            rule.minutes = [minute]
            rule.seconds = [0]
            rule.matchingPolicy = .strict
            rule.repeatedTimePolicy = .first

            let start = try #require(calendar.date(from: DateComponents(year: 2027, month: 1, day: 1)))
            let expected = rule.recurrences(of: start).prefix { $0 < end }.map { Int64($0.timeIntervalSince1970) }
            let set = RecurrenceSet(
                start: LocalDateTime(year: 2027, month: 1, day: 1), rules: [try RecurrenceRule(parsing: text)])
            let got = set.occurrences(
                in: zone, policy: .default, through: LocalDateTime(year: 2027, month: 12, day: 31, hour: 23, minute: 59)
            ).compactMap(\.resolution.utc)
            #expect(
                got == expected,
                "seed \(seed), \(zoneID) \(text): \(got.count) vs Foundation \(expected.count) occurrences")
        }
    }
}
