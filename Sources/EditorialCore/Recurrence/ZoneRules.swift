import Foundation

/// Zone data for one IANA zone, with fast local->UTC and UTC->offset conversion.
///
/// At creation the zone's offset transitions between 1900-01-01 and 2200-01-01 are read once from
/// Foundation (`TimeZone.nextDaylightSavingTimeTransition`, which also reports changes of standard
/// offset) into a sorted table, about 1 ms for a zone with DST. Lookups in that window are a binary
/// search (tens of ns); outside it every call asks Foundation (slower, same results). The value is
/// immutable and safe to share between threads.
public final class ZoneRules: Sendable {
    /// The zone identifier this was created with.
    public let identifier: String
    let timeZone: TimeZone
    // transitions[i] is a UTC instant where the offset changes; offsets[i] is the offset in force
    // before transitions[i] (and after transitions[i - 1]); offsets.count == transitions.count + 1.
    let transitions: [Int64]
    let offsets: [Int]
    let windowStart: Int64
    let windowEnd: Int64

    // No zone has ever been more than 26 hours from UTC; the slack bounds every search window.
    static let maxOffset: Int64 = 26 * 3600

    /// Loads the zone; nil for identifiers Foundation does not know. "UTC" works.
    public init?(identifier: String) {
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        self.identifier = identifier
        self.timeZone = zone
        let start: Int64 = -2_208_988_800  // 1900-01-01T00:00:00Z
        let end: Int64 = 7_258_118_400  // 2200-01-01T00:00:00Z
        windowStart = start
        windowEnd = end
        (transitions, offsets) = ZoneRules.readTransitions(zone, from: start, to: end)
    }

    /// Offset in seconds east of UTC in force at the given instant (seconds since 1970-01-01T00:00:00Z).
    public func offset(atUTC seconds: Int64) -> Int {
        guard seconds >= windowStart, seconds < windowEnd else {
            return timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds)))
        }
        return offsets[firstTransition(after: seconds)]
    }

    /// Maps a local wall-clock time to UTC, applying the policy to gap and repeated times.
    public func resolve(_ local: LocalDateTime, policy: DSTPolicy) -> ZoneResolution {
        resolve(localSeconds: local.secondsSinceEpochAsUTC, policy: policy)
    }

    /// `resolve(_:policy:)` for a local time given as seconds since the epoch read as UTC.
    func resolve(localSeconds l: Int64, policy: DSTPolicy) -> ZoneResolution {
        if l - ZoneRules.maxOffset >= windowStart, l + ZoneRules.maxOffset < windowEnd {
            return ZoneRules.resolve(l, transitions: transitions[...], offsets: offsets[...], policy: policy)
        }
        // Outside the table: gather the transitions near `l` from Foundation and use the same logic.
        let (t, o) = ZoneRules.readTransitions(timeZone, from: l - ZoneRules.maxOffset, to: l + ZoneRules.maxOffset)
        return ZoneRules.resolve(l, transitions: t[...], offsets: o[...], policy: policy)
    }

    /// A range of local times that all resolve normally with one offset, containing `l` when there is one.
    ///
    /// Iterators cache it so that most occurrences need two comparisons instead of a search.
    func normalSpan(containing l: Int64) -> LocalSpan? {
        guard l - ZoneRules.maxOffset >= windowStart, l + ZoneRules.maxOffset < windowEnd else { return nil }
        let r = ZoneRules.resolve(l, transitions: transitions[...], offsets: offsets[...], policy: .default)
        guard r.kind == .normal, let utc = r.utc else { return nil }
        let k = firstTransition(after: utc)
        let o = Int64(offsets[k])
        let lo = k == 0 ? Int64.min / 2 : transitions[k - 1] + max(o, Int64(offsets[k - 1]))
        let hi = k == transitions.count ? Int64.max / 2 : transitions[k] + min(o, Int64(offsets[k + 1]))
        guard l >= lo, l < hi else { return nil }
        // Keep the span inside the table window so that the fast path never answers for outside it.
        return LocalSpan(
            lower: max(lo, windowStart + ZoneRules.maxOffset), upper: min(hi, windowEnd - ZoneRules.maxOffset),
            offset: Int(o))
    }

    /// Index of the first transition strictly after `utc` (== number of transitions at or before it).
    private func firstTransition(after utc: Int64) -> Int {
        ZoneRules.firstTransition(in: transitions[...], after: utc)
    }

    private static func firstTransition(in t: ArraySlice<Int64>, after utc: Int64) -> Int {
        var lo = t.startIndex
        var hi = t.endIndex
        while lo < hi {
            let mid = (lo + hi) >> 1
            if t[mid] <= utc { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    private static func readTransitions(_ zone: TimeZone, from start: Int64, to end: Int64) -> ([Int64], [Int]) {
        var date = Date(timeIntervalSince1970: Double(start))
        var current = zone.secondsFromGMT(for: date)
        var transitions: [Int64] = []
        var offsets = [current]
        while let next = zone.nextDaylightSavingTimeTransition(after: date), next > date {
            let instant = Int64(next.timeIntervalSince1970.rounded())
            guard instant < end else { break }
            let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant)))
            // Foundation also reports changes of zone abbreviation or DST flag alone; keep offset changes only.
            if offset != current {
                transitions.append(instant)
                offsets.append(offset)
                current = offset
            }
            date = next
        }
        return (transitions, offsets)
    }

    private static func resolve(
        _ l: Int64, transitions t: ArraySlice<Int64>, offsets o: ArraySlice<Int>, policy: DSTPolicy
    ) -> ZoneResolution {
        // Find the segments (offset intervals) that could contain L - offset for any real offset.
        let k = firstTransition(in: t, after: l - ZoneRules.maxOffset)
        var first: Int64?
        var last: Int64?
        var firstOffset = 0
        var lastOffset = 0
        var gap: (before: Int, after: Int)?
        // Offsets index: offsets for segment j (0-based from t.startIndex) is o[o.startIndex + j].
        let base = o.startIndex - t.startIndex
        var j = k
        while true {
            let segmentStart = j == t.startIndex ? Int64.min : t[j - 1]
            if segmentStart > l + ZoneRules.maxOffset { break }
            let offset = o[base + j]
            let u = l - Int64(offset)
            if u >= segmentStart, j == t.endIndex || u < t[j] {
                if first == nil {
                    first = u
                    firstOffset = offset
                }
                last = u
                lastOffset = offset
            }
            if j > t.startIndex {
                let before = o[base + j - 1]
                if segmentStart + Int64(before) <= l, l < segmentStart + Int64(offset) {
                    gap = (before, offset)
                }
            }
            if j == t.endIndex { break }
            j += 1
        }
        if let first, let last {
            if first == last { return ZoneResolution(utc: first, offset: firstOffset, kind: .normal) }
            switch policy.repeated {
            case .first: return ZoneResolution(utc: first, offset: firstOffset, kind: .repeated(other: last))
            case .last: return ZoneResolution(utc: last, offset: lastOffset, kind: .repeated(other: first))
            }
        }
        let (before, after) = gap ?? (o[base + k], o[base + k])
        switch policy.gap {
        case .shiftForward:
            // Reading the local time with the pre-gap offset lands after the transition: L + gap on the new offset.
            return ZoneResolution(utc: l - Int64(before), offset: after, kind: .gapShifted(by: after - before))
        case .skip:
            return ZoneResolution(utc: nil, offset: before, kind: .gapSkipped)
        }
    }
}
