extension PaceIndex {
    /// Running figures of one page or owner while a report is counted.
    private struct Tally {
        var weeks: [PaceWeek]
        var lateness: [Int64] = []
        var lateProduction = 0

        init(_ windows: PaceWeeks) { weeks = windows.starts.map { PaceWeek(start: Instant($0)) } }

        mutating func count(_ week: Int, _ outcome: Outcome) {
            weeks[week].planned += 1
            switch outcome {
            case .onTime: weeks[week].onTime += 1
            case .late(let by):
                weeks[week].late += 1
                lateness.append(by)
            case .skipped: weeks[week].skipped += 1
            case .open: weeks[week].open += 1
            }
        }

        var total: PaceWeek {
            weeks.reduce(into: PaceWeek(start: weeks[0].start)) { t, w in
                t.planned += w.planned
                t.onTime += w.onTime
                t.late += w.late
                t.skipped += w.skipped
                t.open += w.open
            }
        }
    }

    private enum Outcome {
        case onTime, late(Int64), skipped, open
    }

    /// The pace report for `query`: every page and owner with an item due in the window (up to now), their
    /// figures, trends and verdicts, and the skimming hint.
    ///
    /// An item counts in the week of its due time: for a recorded outcome, the due time it had when recorded;
    /// for an open item, the one it has now, and only once it is more than the tolerance past it (it may still go
    /// out on time). A `status:` written in the plan file counts as on time (no time is known for it).
    public func report(_ query: PaceQuery) -> PaceReply {
        let windows = PaceWeeks(count: query.weeks, now: query.now, zone: zone)
        let from = windows.from
        let openUntil = query.now - query.tolerance
        // Arrays by page and owner: a dictionary look-up per outcome was most of a report's time.
        var pageTallies = [Tally](repeating: Tally(windows), count: pages.count)
        var ownerTallies = [Tally](repeating: Tally(windows), count: owners.count)
        var lateProduction = [Int](repeating: 0, count: pages.count)
        // Items without a record, from the plans in force.
        for (p, lane) in pageLanes.enumerated() {
            pageTallies[p] = Self.tally(lane, windows, until: openUntil) { _ in }
        }
        for (o, lane) in ownerLanes.enumerated() {
            ownerTallies[o] = Self.tally(lane, windows, until: openUntil) { i in
                for page in productionPages[lane.hash[i]] ?? [] { lateProduction[Int(page)] += 1 }
            }
        }
        // Recorded outcomes, by the due time they had.
        let o = outcomes
        for i in o.due.indices {
            let kind = o.kind[i]
            guard kind != .none, let week = windows.index(of: o.due[i]) else { continue }
            let late = o.late[i]
            let outcome: Outcome
            switch kind {
            case .postSkipped, .productionSkipped: outcome = .skipped
            default: outcome = late > query.tolerance ? .late(late) : .onTime
            }
            let lane = Int(o.lane[i])
            switch kind {
            case .post, .postSkipped: pageTallies[lane].count(week, outcome)
            case .production, .productionSkipped:
                ownerTallies[lane].count(week, outcome)
                if case .late = outcome {
                    for page in productionPages[o.hash[i]] ?? [] { lateProduction[Int(page)] += 1 }
                }
            case .none: break
            }
        }
        var found: [PacePage] = []
        for (p, info) in pages.enumerated() {
            let tally = pageTallies[p]
            let t = tally.total
            guard t.planned > 0 else { continue }
            var sorted = tally.lateness
            sorted.sort()
            found.append(
                PacePage(
                    page: info.key, network: info.network, title: info.title, channels: info.channels,
                    social: info.social, planned: t.planned, onTime: t.onTime, late: t.late, skipped: t.skipped,
                    open: t.open, lateMedian: Self.rank(sorted, 0.5), lateP90: Self.rank(sorted, 0.9),
                    lateProduction: lateProduction[p],
                    verdict: Self.verdict(tally.weeks, thresholds: query.thresholds), weeks: tally.weeks))
        }
        found.sort { ($0.social ? 0 : 1, $0.title, $0.page) < ($1.social ? 0 : 1, $1.title, $1.page) }
        let hint = Self.hint(found, weeks: query.weeks, thresholds: query.thresholds)
        if let wanted = query.channel {
            found = found.filter { $0.page == wanted || $0.network == wanted || $0.channels.contains(wanted) }
        }
        var people: [PaceOwner] = []
        for (o, name) in owners.enumerated() where !name.isEmpty {
            guard query.owner == nil || query.owner == name else { continue }
            let tally = ownerTallies[o]
            let t = tally.total
            guard t.planned > 0 else { continue }
            people.append(
                PaceOwner(
                    owner: name, planned: t.planned, onTime: t.onTime, late: t.late, skipped: t.skipped, open: t.open,
                    weeks: tally.weeks))
        }
        people.sort { $0.owner < $1.owner }
        if query.owner != nil { found = [] }
        return PaceReply(
            from: Instant(from), to: Instant(query.now), zone: zone.identifier, weeks: windows.starts.count,
            tolerance: query.tolerance, thresholds: query.thresholds, pages: found, owners: people, hint: hint)
    }

    /// The figures of one lane's items due in the window up to `until` that have no record; `open` is told the
    /// position of each one still open.
    private static func tally(
        _ lane: Lane, _ windows: PaceWeeks, until: Int64, open: (Int) -> Void
    ) -> Tally {
        var tally = Tally(windows)
        var week = 0
        var i = lane.due.partitioningIndex { $0 >= windows.from }
        while i < lane.due.count, lane.due[i] < until {
            let due = lane.due[i]
            while week + 1 < windows.starts.count && windows.starts[week + 1] <= due { week += 1 }
            switch lane.state[i] {
            case .open:
                open(i)
                tally.count(week, .open)
            case .recorded: break
            case .planDone: tally.count(week, .onTime)
            case .planSkipped: tally.count(week, .skipped)
            }
            i += 1
        }
        return tally
    }

    /// The nearest-rank percentile `q` of sorted values; `nil` when there are none.
    static func rank(_ sorted: [Int64], _ q: Double) -> Int64? {
        guard !sorted.isEmpty else { return nil }
        let r = Int((q * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count, max(1, r)) - 1]
    }

    /// The verdict of a page's weeks (see `PaceThresholds`); `nil` with nothing due.
    public static func verdict(_ weeks: [PaceWeek], thresholds: PaceThresholds) -> PaceVerdict? {
        let planned = weeks.reduce(0) { $0 + $1.planned }
        guard planned > 0 else { return nil }
        let recent = weeks.suffix(max(1, thresholds.stalledWeeks))
        let recentPlanned = recent.reduce(0) { $0 + $1.planned }
        let recentOut = recent.reduce(0) { $0 + $1.onTime + $1.late }
        if recentPlanned > 0 && recentOut == 0 { return .stalled }
        let onTime = weeks.reduce(0) { $0 + $1.onTime }
        return Double(onTime) < thresholds.onTimeShare * Double(planned) ? .slipping : .keepingPace
    }

    /// The skimming hint: more active social pages than the limit and one or more slipping or stalled. The page
    /// to drop first is the one with the lowest on-time share, then the most late production behind it, stalled
    /// before slipping.
    public static func hint(_ pages: [PacePage], weeks: Int, thresholds: PaceThresholds) -> PaceHint? {
        let active = pages.filter { $0.social && $0.planned > 0 }
        guard active.count > thresholds.socialPageLimit else { return nil }
        let behind = active.filter { $0.verdict == .slipping || $0.verdict == .stalled }
        guard
            let drop = behind.min(by: { a, b in
                let ra = a.onTimeRatio ?? 0
                let rb = b.onTimeRatio ?? 0
                if ra != rb { return ra < rb }
                if a.lateProduction != b.lateProduction { return a.lateProduction > b.lateProduction }
                if a.verdict != b.verdict { return a.verdict == .stalled }
                return a.page < b.page
            })
        else { return nil }
        let ratio = drop.onTimeRatio ?? 0
        let percent = PaceText.percent(drop.onTime, of: drop.planned)
        let lowest = behind.count > 1 ? ", the lowest" : ""
        let production =
            drop.lateProduction == 0
            ? "" : "; \(drop.lateProduction) production item\(drop.lateProduction == 1 ? "" : "s") behind it late"
        let others = behind.filter { $0.page != drop.page }.map(\.title)
        let also = others.isEmpty ? "" : " Also behind: \(others.joined(separator: ", "))."
        let message =
            "\(active.count) social pages had posts due in the last \(weeks) week\(weeks == 1 ? "" : "s"), more than "
            + "the three or four a business should run: trying to feed too many ends in a block that postpones the "
            + "post indefinitely. Drop \(drop.title) (\(drop.page)) first: \(drop.onTime) of \(drop.planned) posts "
            + "on time (\(percent)%\(lowest)), \(drop.verdict?.rawValue ?? "behind")\(production).\(also)"
        return PaceHint(
            drop: drop.page, title: drop.title, activeSocialPages: active.count, onTimeRatio: ratio,
            lateProduction: drop.lateProduction, message: message)
    }
}
