import Foundation

extension ZoneRules {
    /// The offset changes at UTC instants in `(from, to]`, in order.
    ///
    /// Like the rest of `ZoneRules`, only changes of offset count: a change of abbreviation or of the DST flag alone
    /// (with the same offset) does not change any conversion and is not reported. Inside 1900...2200 the answer
    /// comes from the cached table; a span reaching outside it is read from Foundation.
    public func transitions(from: Int64, to: Int64) -> [ZoneTransition] {
        guard from < to else { return [] }
        var result: [ZoneTransition] = []
        func add(_ utc: Int64, _ before: Int, _ after: Int) {
            let date = Date(timeIntervalSince1970: Double(utc))
            result.append(
                ZoneTransition(
                    utc: utc, offsetBefore: before, offsetAfter: after,
                    isDaylightSaving: timeZone.isDaylightSavingTime(for: date),
                    abbreviation: timeZone.abbreviation(for: date)))
        }
        if from >= windowStart, to < windowEnd {
            var i = Self.firstIndex(in: transitions, after: from)
            while i < transitions.count, transitions[i] <= to {
                add(transitions[i], offsets[i], offsets[i + 1])
                i += 1
            }
            return result
        }
        var date = Date(timeIntervalSince1970: Double(from))
        var current = timeZone.secondsFromGMT(for: date)
        while let next = timeZone.nextDaylightSavingTimeTransition(after: date), next > date {
            let instant = Int64(next.timeIntervalSince1970.rounded())
            guard instant <= to else { break }
            let offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant)))
            if offset != current {
                add(instant, current, offset)
                current = offset
            }
            date = next
        }
        return result
    }

    /// The offset in force at an instant, whether it is daylight-saving time and its abbreviation (see
    /// `ZoneTransition.abbreviation`): what a calendar's first observance of the zone describes.
    public func observance(atUTC seconds: Int64) -> (offset: Int, isDaylightSaving: Bool, abbreviation: String?) {
        let date = Date(timeIntervalSince1970: Double(seconds))
        return (offset(atUTC: seconds), timeZone.isDaylightSavingTime(for: date), timeZone.abbreviation(for: date))
    }

    /// Index of the first instant strictly after `utc` in a sorted array.
    private static func firstIndex(in instants: [Int64], after utc: Int64) -> Int {
        var lo = 0
        var hi = instants.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if instants[mid] <= utc { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
