/// The sentences of the pace report, shared by the weekly journal entry and `editorialctl pace`.
public enum PaceText {
    /// `keeping pace`, `slipping`, `stalled`.
    public static func verdict(_ v: PaceVerdict?) -> String {
        switch v {
        case .keepingPace?: "keeping pace"
        case .slipping?: "slipping"
        case .stalled?: "stalled"
        case nil: "no post due"
        }
    }

    /// `9 of 16 posts on time (56%)`.
    public static func share(_ onTime: Int, of planned: Int, _ noun: String = "posts") -> String {
        "\(onTime) of \(planned) \(noun) on time (\(percent(onTime, of: planned))%)"
    }

    /// `part` of `whole` in whole percent (0 with nothing due).
    public static func percent(_ part: Int, of whole: Int) -> Int {
        whole == 0 ? 0 : Int((Double(part) * 100 / Double(whole)).rounded())
    }

    /// The whole sentence of one page: `Pace of LinkedIn acme over 8 weeks: slipping — 9 of 16 posts on time
    /// (56%), 5 late (median 3 h, 90th percentile 1 d 2 h), 1 skipped, 1 still open; 2 late production items behind
    /// it`.
    public static func sentence(_ page: PacePage, weeks: Int) -> String {
        var parts = [share(page.onTime, of: page.planned)]
        if page.late > 0 {
            let median = page.lateMedian.map(TimeText.span) ?? "?"
            let p90 = page.lateP90.map(TimeText.span) ?? "?"
            parts.append("\(page.late) late (median \(median), 90th percentile \(p90))")
        }
        if page.skipped > 0 { parts.append("\(page.skipped) skipped") }
        if page.open > 0 { parts.append("\(page.open) still open") }
        let production =
            page.lateProduction == 0
            ? ""
            : "; \(page.lateProduction) late production item\(page.lateProduction == 1 ? "" : "s") behind it"
        return "Pace of \(page.title) over \(weeks) week\(weeks == 1 ? "" : "s"): \(verdict(page.verdict)) — "
            + parts.joined(separator: ", ") + production
    }
}
