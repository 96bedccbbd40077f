/// The live feeds the daemon keeps in its calendar directory: all plans, one per channel, one per owner.
///
/// Paths are relative to the directory: `all.ics`, `channels/PLAN/CHANNEL.ics` (the channel's qualified id;
/// ids are letters, digits, `-`, `_` and `.`, so they are safe in paths and URLs), and `owners/SLUG.ics`, where
/// the slug is the owner's name in lower case with every run of other characters than letters and digits made
/// one `-` (a second owner with the same slug gets `-2`, by sorted name).
public enum CalendarFeeds {
    /// One feed: its relative path, its name, and the entries it holds.
    public struct Feed: Sendable {
        /// Relative path under the calendar directory.
        public var path: String
        /// The calendar's name.
        public var name: String
        /// Indices into the entries.
        public var entries: [Int]
    }

    /// The feeds of a set of entries, `all.ics` first, then channels and owners in sorted order.
    public static func feeds(_ entries: [CalendarEntry]) -> [Feed] {
        var channels: [String: [Int]] = [:]
        var owners: [String: [Int]] = [:]
        for (i, entry) in entries.enumerated() {
            if let channel = entry.channel { channels[channel, default: []].append(i) }
            if let owner = entry.owner { owners[owner, default: []].append(i) }
        }
        var result = [Feed(path: "all.ics", name: "editoriald: all plans", entries: Array(entries.indices))]
        for channel in channels.keys.sorted() {
            result.append(
                Feed(path: "channels/\(channel).ics", name: "editoriald: \(channel)", entries: channels[channel]!))
        }
        var taken: Set<String> = []
        for owner in owners.keys.sorted() {
            let base = slug(owner)
            var candidate = base
            var n = 2
            while taken.contains(candidate) {
                candidate = "\(base)-\(n)"
                n += 1
            }
            taken.insert(candidate)
            result.append(Feed(path: "owners/\(candidate).ics", name: "editoriald: \(owner)", entries: owners[owner]!))
        }
        return result
    }

    /// Lower-case letters and digits, other runs as one `-`; `owner` when nothing is left.
    public static func slug(_ text: String) -> String {
        var out = ""
        var dash = false
        for scalar in text.lowercased().unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                if dash, !out.isEmpty { out.append("-") }
                out.unicodeScalars.append(scalar)
                dash = false
            } else {
                dash = true
            }
        }
        return out.isEmpty ? "owner" : out
    }
}
