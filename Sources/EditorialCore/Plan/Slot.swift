/// A recurring post of an editorial plan ("tip of the week, Tuesdays and Fridays at 09:30").
public struct Slot: Hashable, Sendable {
    /// Id, unique within its plan; occurrences are `plan/slot@YYYY-MM-DDTHH:MM`.
    public var id: String
    /// When it recurs (RFC 5545), starting at `start`.
    public var recurrence: RecurrenceSet
    /// The rule as written, for messages.
    public var ruleText: String
    /// What it is.
    public var title: String?
    /// Who publishes it.
    public var owner: String?
    /// Content items every occurrence needs.
    public var needs: [Reference]
    /// A production item each occurrence needs, due a lead time before it.
    public var prepare: Preparation?
    /// Lead times; `nil` takes the plan's.
    public var reminders: [NominalDuration]?
    /// First local time the slot may occur (the plan's period start unless narrowed).
    public var start: LocalDateTime
    /// The local time the slot's period ends (exclusive: 00:00 after the plan's last day unless narrowed).
    public var end: LocalDateTime
    /// Days (since 1970-01-01) on which no occurrence happens (`except:` entries given as dates).
    public var exceptDays: Set<Int>
    /// The campaign it belongs to.
    public var campaign: Reference?
    /// Where the slot is declared.
    public var location: SourceLocation
    /// Where its rule is written.
    public var ruleLocation: SourceLocation

    /// Creates a slot.
    public init(
        id: String, recurrence: RecurrenceSet, ruleText: String, title: String? = nil, owner: String? = nil,
        needs: [Reference] = [], prepare: Preparation? = nil, reminders: [NominalDuration]? = nil,
        start: LocalDateTime, end: LocalDateTime, exceptDays: Set<Int> = [], campaign: Reference? = nil,
        location: SourceLocation,
        ruleLocation: SourceLocation? = nil
    ) {
        self.id = id
        self.recurrence = recurrence
        self.ruleText = ruleText
        self.title = title
        self.owner = owner
        self.needs = needs
        self.prepare = prepare
        self.reminders = reminders
        self.start = start
        self.end = end
        self.exceptDays = exceptDays
        self.campaign = campaign
        self.location = location
        self.ruleLocation = ruleLocation ?? location
    }
}
