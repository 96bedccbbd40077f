/// What editoriald knows about a network, from the source document's three kinds of network.
///
/// Extend `known` to teach the checks a new network; nothing else needs to change.
public struct Network: Hashable, Sendable {
    /// How a network treats companies.
    public enum CompanyModel: String, Hashable, Sendable, Codable {
        /// Distinct company pages and personal profiles (Facebook, LinkedIn): a company must use a page.
        case companyPages = "company-pages"
        /// One kind of profile serves a person or a business alike (YouTube, X); personal branding dominates.
        case sharedProfile = "shared-profile"
        /// No company profile at all (TikTok and many young, user-only networks).
        case noCompanyProfile = "no-company-profile"
        /// Not a social network: a website, blog, newsletter or print, owned by the company.
        case owned
    }

    /// The key used in plans (`network: linkedin`).
    public var key: String
    /// A readable name.
    public var name: String
    /// How it treats companies.
    public var model: CompanyModel
    /// True when the network lives on video, so a channel there needs video production.
    public var videoFirst: Bool

    /// True for social networks (they count towards the "three or four pages at most" rule).
    public var isSocial: Bool { model != .owned }

    /// The table of known networks, by key. Aliases map to the same entry.
    public static let known: [String: Network] = {
        let entries: [(keys: [String], Network)] = [
            (["facebook", "fb"], Network(key: "facebook", name: "Facebook", model: .companyPages, videoFirst: false)),
            (["linkedin"], Network(key: "linkedin", name: "LinkedIn", model: .companyPages, videoFirst: false)),
            (["youtube"], Network(key: "youtube", name: "YouTube", model: .sharedProfile, videoFirst: true)),
            (["twitter", "x"], Network(key: "x", name: "X (Twitter)", model: .sharedProfile, videoFirst: false)),
            (["instagram"], Network(key: "instagram", name: "Instagram", model: .sharedProfile, videoFirst: false)),
            (["threads"], Network(key: "threads", name: "Threads", model: .sharedProfile, videoFirst: false)),
            (["bluesky"], Network(key: "bluesky", name: "Bluesky", model: .sharedProfile, videoFirst: false)),
            (["mastodon"], Network(key: "mastodon", name: "Mastodon", model: .sharedProfile, videoFirst: false)),
            (["pinterest"], Network(key: "pinterest", name: "Pinterest", model: .sharedProfile, videoFirst: false)),
            (["tiktok"], Network(key: "tiktok", name: "TikTok", model: .noCompanyProfile, videoFirst: true)),
            (["bereal"], Network(key: "bereal", name: "BeReal", model: .noCompanyProfile, videoFirst: false)),
            (["twitch"], Network(key: "twitch", name: "Twitch", model: .sharedProfile, videoFirst: true)),
            (["vimeo"], Network(key: "vimeo", name: "Vimeo", model: .sharedProfile, videoFirst: true)),
            (["website", "web", "site"], Network(key: "website", name: "website", model: .owned, videoFirst: false)),
            (["blog"], Network(key: "blog", name: "blog", model: .owned, videoFirst: false)),
            (
                ["newsletter", "email"],
                Network(key: "newsletter", name: "newsletter", model: .owned, videoFirst: false)
            ),
            (["podcast"], Network(key: "podcast", name: "podcast", model: .owned, videoFirst: false)),
            (["print", "magazine"], Network(key: "print", name: "print", model: .owned, videoFirst: false)),
            (
                ["advertising", "ads"],
                Network(key: "advertising", name: "advertising", model: .owned, videoFirst: false)
            ),
        ]
        var table: [String: Network] = [:]
        for (keys, network) in entries {
            for key in keys { table[key] = network }
        }
        return table
    }()

    /// Production types that count as video.
    public static let videoTypes: Set<String> = ["video", "short", "reel", "clip", "livestream", "stream", "animation"]
}
