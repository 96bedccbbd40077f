import EditorialCore
import Foundation

/// A point in time given on the command line: `now`, `today`, `tomorrow`, a date, a local date-time (in the
/// display zone), or an RFC 3339 instant with `Z` or an offset.
struct TimeArgument {
    /// The text as given.
    let text: String

    /// Resolves the argument to epoch seconds; `zone` interprets dates and times without an offset.
    func resolve(now: Int64, zone: ZoneRules) throws -> Int64 {
        switch text.lowercased() {
        case "now": return now
        case "today": return zone.day(containing: now).start
        case "tomorrow": return zone.day(containing: now, shift: 1).start
        case "yesterday": return zone.day(containing: now, shift: -1).start
        default:
            break
        }
        switch TimeText.parse(text) {
        case .success(.instant(let t)): return t
        case .success(.local(let local, _)): return zone.resolve(local, policy: .default).utc!
        case .failure(let e):
            throw TimeArgumentError(
                message: "\(e.message); use now, today, tomorrow, YYYY-MM-DD, YYYY-MM-DDTHH:MM or RFC 3339")
        }
    }
}
