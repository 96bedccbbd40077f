/// Stable identifiers of every problem the plan reader and the checks report (`--json` carries them).
public enum DiagnosticCode: String, Hashable, Sendable, Codable, CaseIterable {
    /// The file could not be read.
    case unreadable = "unreadable"
    /// YAML syntax error.
    case syntax = "syntax"
    /// A value of the wrong kind (a list where a mapping is expected, …).
    case wrongType = "wrong-type"
    /// A key the schema does not know.
    case unknownKey = "unknown-key"
    /// A required key is absent.
    case missingKey = "missing-key"
    /// A value that is of the right kind but not acceptable.
    case invalidValue = "invalid-value"
    /// A date, time or duration that cannot be read.
    case invalidTime = "invalid-time"
    /// An unknown IANA time zone.
    case unknownTimeZone = "unknown-time-zone"
    /// A bad recurrence rule or shorthand.
    case invalidRule = "invalid-rule"
    /// An id used twice in one plan, or a plan name or person id used twice.
    case duplicateID = "duplicate-id"
    /// A reference to nothing.
    case unknownReference = "unknown-reference"
    /// A reference that could mean several things.
    case ambiguousReference = "ambiguous-reference"
    /// A dependency cycle.
    case cycle = "cycle"
    /// More than four active social channels.
    case tooManyChannels = "too-many-channels"
    /// A company run as a personal profile on a network that has company pages.
    case personalProfileForCompany = "personal-profile-for-company"
    /// A company presence on a network that has no company profiles.
    case noCompanyProfiles = "no-company-profiles"
    /// A video network with no video production.
    case noVideoProduction = "no-video-production"
    /// Slots with nothing prepared or produced for them.
    case nothingProduced = "nothing-produced"
    /// A post or slot outside its plan's period.
    case outsidePeriod = "outside-period"
    /// A local time in a daylight-saving gap or repeated hour.
    case daylightSaving = "daylight-saving"
    /// A network editoriald has no rules for.
    case unknownNetwork = "unknown-network"
    /// An owner who is not among the people (checked only when a `people:` document exists).
    case unknownOwner = "unknown-owner"
    /// Something that is legal but probably not what was meant.
    case suspicious = "suspicious"
    /// A file with more problems than are listed: how many more.
    case tooManyProblems = "too-many-problems"
}
