import EditorialCore
import EditorialRuntime
import Testing

/// The sentences and fields of journal entries, from scheduler events on real plans.
struct EventFormatterTests {
    static let plans = PlanSet(sources: [
        PlanSource(
            path: "acme.yaml",
            text: """
                plan: acme
                kind: communication
                timezone: Europe/Rome
                period: {from: 2027-01-01, until: 2027-06-30}
                channels: [{id: li, network: linkedin, presence: company-page, handle: acme}]
                content:
                  - {id: video, type: video, title: Guide video, owner: paolo, due: 2027-01-12T17:00}
                posts:
                  - {id: launch, channel: li, at: 2027-01-14T09:00, title: Launch, owner: anna, needs: [video]}
                """),
        PlanSource(
            path: "ig.yaml",
            text: """
                plan: ig
                kind: editorial
                channel: {id: instagram, network: instagram}
                timezone: Europe/Rome
                period: {from: 2027-03-01, until: 2027-03-31}
                slots:
                  - {id: tip, every: "sunday 09:30", title: Tip}
                """),
    ])
    static let agenda = Agenda(planSet: plans)
    static let formatter = EventFormatter(planSet: plans)

    static func field(_ entry: JournalEntry, _ name: String) -> [String] {
        entry.fields.filter { $0.name == name }.map(\.value)
    }

    @Test func aReminderSaysWhatWhereWhenAndWhose() throws {
        let launch = try #require(Self.agenda.item(id: "acme/launch"))
        let lead = NominalDuration(days: 1)
        let event = SchedulerEvent(
            kind: .reminder, key: launch.reminderKey(lead), item: launch, at: launch.due! - 86_400, lead: lead)
        let entry = Self.formatter.entry(event)
        #expect(
            entry.message
                == "Reminder: post 'Launch' (acme/launch) on linkedin is due in 1 day, at Thu 2027-01-14 09:00 "
                + "+01:00, owner anna")
        #expect(entry.priority == .info)
        #expect(entry.messageID == .reminder)
        #expect(Self.field(entry, "EDITORIAL_CHANNEL") == ["linkedin"])
        #expect(Self.field(entry, "EDITORIAL_CHANNEL_ID") == ["acme/li"])
        #expect(Self.field(entry, "EDITORIAL_DUE") == ["2027-01-14T08:00:00Z"])
        #expect(Self.field(entry, "EDITORIAL_DUE_LOCAL") == ["2027-01-14T09:00:00+01:00"])
        #expect(Self.field(entry, "EDITORIAL_LEAD") == ["P1D"])
        #expect(Self.field(entry, "EDITORIAL_REMINDER_KEY") == ["acme/launch!P1D"])
        #expect(Self.field(entry, "EDITORIAL_OCCURRENCE").isEmpty)
        #expect(Self.field(entry, "CODE_FILE") == ["acme.yaml"])
    }

    @Test func overdueAndBlockedAreWarningsThatNameTheCulprit() throws {
        let video = try #require(Self.agenda.item(id: "acme/video"))
        let overdue = Self.formatter.entry(
            SchedulerEvent(kind: .overdue, key: "acme/video!overdue", item: video, at: video.due! + 3_600, late: 4_500))
        #expect(
            overdue.message
                == "Overdue by 1 h 15 min: video 'Guide video' (acme/video) was due at Tue 2027-01-12 17:00 +01:00, owner paolo"
        )
        #expect(overdue.priority == .warning)
        #expect(Self.field(overdue, "EDITORIAL_LATE") == ["4500"])

        let launch = try #require(Self.agenda.item(id: "acme/launch"))
        let now = launch.due! - 86_400
        let blame = StatusEvaluator(agenda: Self.agenda, now: now).blame(launch)
        let blocked = Self.formatter.entry(
            SchedulerEvent(kind: .blocked, key: "acme/launch!blocked", item: launch, at: now, blame: blame))
        #expect(blocked.priority == .warning)
        #expect(blocked.messageID == .blocked)
        #expect(
            blocked.message
                == "Blocked: post 'Launch' (acme/launch) on linkedin, due at Thu 2027-01-14 09:00 +01:00, cannot go out: "
                + "acme/video 'Guide video' is overdue by 16 h, owner paolo")
        #expect(Self.field(blocked, "EDITORIAL_BLOCKED_BY") == ["acme/video"])
        #expect(Self.field(blocked, "EDITORIAL_BLOCKED_BY_OWNER") == ["paolo"])
    }

    @Test func anOccurrenceCarriesItsLocalTimeAndCatchUpIsSaid() throws {
        let items = Self.agenda.items(from: 1_806_192_000, to: 1_806_278_400)
        let tip = try #require(items.first)
        #expect(tip.id == "ig/tip@2027-03-28T09:30")
        let entry = Self.formatter.entry(
            SchedulerEvent(kind: .due, key: tip.reminderKey(.zero), item: tip, at: tip.due!, lead: .zero, catchUp: true)
        )
        // The first Sunday of summer time: 09:30 CEST is 07:30Z.
        #expect(Self.field(entry, "EDITORIAL_DUE") == ["2027-03-28T07:30:00Z"])
        #expect(Self.field(entry, "EDITORIAL_OCCURRENCE") == ["2027-03-28T09:30"])
        #expect(Self.field(entry, "EDITORIAL_CATCH_UP") == ["1"])
        #expect(entry.priority == .notice)
        #expect(
            entry.message.hasPrefix(
                "Due now: post 'Tip' (ig/tip@2027-03-28T09:30) on instagram at Sun 2027-03-28 09:30 +02:00"))
        #expect(entry.message.hasSuffix("(sent late: editoriald was not running or the machine was asleep)"))
    }

    @Test func durationsAndLatenessReadNaturally() {
        #expect(EventFormatter.duration(NominalDuration(days: 14)) == "2 weeks")
        #expect(EventFormatter.duration(NominalDuration(days: 1, seconds: 7_200)) == "1 day 2 hours")
        #expect(EventFormatter.duration(NominalDuration(seconds: 1_800)) == "30 minutes")
        #expect(EventFormatter.duration(NominalDuration(seconds: 2)) == "2 seconds")
        #expect(EventFormatter.seconds(45) == "45 s")
        #expect(EventFormatter.seconds(3_600) == "1 h")
        #expect(EventFormatter.seconds(90_000) == "1 d 1 h")
    }
}
