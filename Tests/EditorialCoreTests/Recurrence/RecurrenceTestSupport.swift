@testable import EditorialCore

/// Helpers shared by the recurrence tests.
enum RecurrenceTestSupport {
    /// Parses `YYYYMMDDTHHMMSS` (or `YYYYMMDD`) into a local date-time.
    static func local(_ s: String) -> LocalDateTime {
        let c = Array(s)
        func n(_ r: Range<Int>) -> Int { Int(String(c[r]))! }
        guard c.count >= 15 else { return LocalDateTime(year: n(0..<4), month: n(4..<6), day: n(6..<8)) }
        return LocalDateTime(
            year: n(0..<4), month: n(4..<6), day: n(6..<8), hour: n(9..<11), minute: n(11..<13), second: n(13..<15))
    }

    /// Local occurrences of one RRULE from `start`, at most `limit`, as `YYYY-MM-DDTHH:MM` strings.
    static func expand(
        _ rrule: String, start: String, limit: Int = 1000, through: String = "21001231T235959",
        exceptions: [String] = []
    ) throws -> [String] {
        let set = RecurrenceSet(
            start: local(start), rules: [try RecurrenceRule(parsing: rrule)], exceptions: exceptions.map(local))
        return Array(set.localOccurrences(through: local(through)).prefix(limit).map(\.shortDescription))
    }

    /// `dates` (`YYYY-MM-DD`) at one time of day, as `YYYY-MM-DDTHH:MM` strings.
    static func at(_ time: String, _ dates: [String]) -> [String] {
        dates.map { "\($0)T\(time)" }
    }

    /// Days of one month (`YYYY-MM`) as `YYYY-MM-DD` strings.
    static func days(_ month: String, _ days: [Int]) -> [String] {
        days.map { "\(month)-\($0 < 10 ? "0" : "")\($0)" }
    }
}
