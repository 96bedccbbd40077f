/// How the company appears on a network.
public enum Presence: String, Hashable, Sendable, Codable, CaseIterable {
    /// The company's own page or account (a Facebook page, a LinkedIn company page, a YouTube channel).
    case companyPage = "company-page"
    /// A person's profile (an employee's or founder's).
    case personalProfile = "personal-profile"
}
