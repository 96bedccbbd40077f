import EditorialCore
import Yams

/// Reads the `pace:` settings of the config file, every problem positioned.
enum PaceConfig {
    /// The keys of `pace:`.
    static let keys = ["tolerance", "weeks", "report", "on-time-share", "stalled-weeks"]

    /// The settings of a `pace:` node, over `settings`.
    static func read(_ node: Node, file: String, into settings: inout PaceSettings, problems: inout [Diagnostic]) {
        guard let fields = RouteConfig.mapping(node, "pace", keys, file, &problems) else { return }
        for (key, (_, value)) in RouteConfig.inOrder(fields) {
            let text = value.scalar?.string ?? ""
            switch key {
            case "tolerance":
                if let s = RouteConfig.duration(value, key, file, &problems, minimum: 0, maximum: 7 * 86_400) {
                    settings.tolerance = s
                }
            case "weeks", "stalled-weeks":
                guard let n = Int(text), n >= 1, n <= PaceCall.maxWeeks else {
                    problems.append(
                        RouteConfig.at(value, file, "\(key) must be a whole number from 1 to \(PaceCall.maxWeeks)"))
                    continue
                }
                if key == "weeks" { settings.weeks = n } else { settings.thresholds.stalledWeeks = n }
            case "report":
                if text == "off" {
                    settings.report = nil
                } else if let time = PaceReportTime(parsing: text) {
                    settings.report = time
                } else {
                    problems.append(
                        RouteConfig.at(
                            value, file, "report is a weekday and a local time, such as 'monday 09:00', or 'off'"))
                }
            case "on-time-share":
                guard let share = Double(text), share > 0, share <= 1 else {
                    problems.append(RouteConfig.at(value, file, "on-time-share must be a number above 0, up to 1"))
                    continue
                }
                settings.thresholds.onTimeShare = share
            default: break
            }
        }
    }
}
