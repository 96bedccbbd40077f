/// The weekly trend as one character per week: the share of items due that went out on time, as the height of a
/// Unicode block (`▁` none … `█` all), or an ASCII ramp when the terminal cannot show blocks; a week with nothing
/// due is a dot.
public enum PaceChart {
    /// Eight heights, lowest first.
    public static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    /// The ASCII fallback, lowest first.
    public static let ascii: [Character] = ["_", ".", ",", ":", "-", "=", "+", "#"]

    /// One character per week, oldest first.
    public static func sparkline(_ weeks: [PaceWeek], unicode: Bool) -> String {
        let ramp = unicode ? blocks : ascii
        let empty: Character = unicode ? "·" : " "
        return String(
            weeks.map { week -> Character in
                guard let ratio = week.onTimeRatio else { return empty }
                return ramp[min(ramp.count - 1, Int(ratio * Double(ramp.count - 1) + 0.5))]
            })
    }

    /// True when the locale's character set is UTF-8 (`LC_ALL`, else `LC_CTYPE`, else `LANG`, as setlocale reads
    /// them); the C locale and an unset one are not.
    public static func localeIsUTF8(_ environment: [String: String]) -> Bool {
        let name = ["LC_ALL", "LC_CTYPE", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty } ?? ""
        let lower = name.lowercased()
        return lower.contains("utf-8") || lower.contains("utf8")
    }
}
