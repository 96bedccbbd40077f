/// The rules behind a page's verdict, spelled out in `editorialctl pace --help`, the README and Docs/Protocol.md.
///
/// Over the window, a page is *stalled* when posts were due in its last `stalledWeeks` weeks and none of them was
/// published (on time or late); otherwise it is *slipping* when fewer than `onTimeShare` of its posts due were
/// published within the tolerance; otherwise it is *keeping pace*. A page with no post due in the window has no
/// verdict. The skimming hint applies when more than `socialPageLimit` social pages had posts due in the window
/// and at least one of them is slipping or stalled.
public struct PaceThresholds: Codable, Hashable, Sendable {
    /// The share of posts due that must go out on time to keep pace (0.8: four in five).
    public var onTimeShare: Double
    /// Weeks at the end of the window with posts due and none published that make a page stalled.
    public var stalledWeeks: Int
    /// The most social pages a business should run at once (the source document's "three or four").
    public var socialPageLimit: Int

    /// The member names of the protocol.
    enum CodingKeys: String, CodingKey {
        case onTimeShare = "on_time_share"
        case stalledWeeks = "stalled_weeks"
        case socialPageLimit = "social_page_limit"
    }

    /// Creates thresholds.
    public init(onTimeShare: Double = 0.8, stalledWeeks: Int = 2, socialPageLimit: Int = 4) {
        self.onTimeShare = onTimeShare
        self.stalledWeeks = stalledWeeks
        self.socialPageLimit = socialPageLimit
    }

    /// The defaults.
    public static let standard = PaceThresholds()
}
