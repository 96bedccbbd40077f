import Testing

@testable import EditorialCore

struct PlanParserTests {
    static let communication = """
        plan: acme
        kind: communication
        title: ACME H1
        timezone: Europe/Rome
        period: {from: 2027-01-01, until: 2027-06-30}
        reminders: [P1D, PT1H, PT0S]
        channels:
          - {id: linkedin, network: linkedin, presence: company-page}
          - {id: blog, network: website}
        content:
          - {id: ebook-q1, type: ebook, title: Packaging guide, owner: anna, due: 2027-02-10T17:00}
          - {id: ebook-ok, type: approval, owner: marco, due: 2027-02-12T12:00, needs: [ebook-q1]}
        posts:
          - {id: ebook-launch, channel: linkedin, at: 2027-02-15T09:00, title: The e-book is out,
             needs: [ebook-q1, ebook-ok], reminders: [P2D, PT1H]}
        """

    @Test func readsACommunicationPlan() throws {
        let set = Fixtures.planSet(Self.communication)
        #expect(set.diagnostics.isEmpty, "\(Fixtures.lines(set.diagnostics))")
        let plan = try #require(set.plans.first)
        #expect(plan.name == "acme")
        #expect(plan.kind == .communication)
        #expect(plan.zone.identifier == "Europe/Rome")
        #expect(plan.from == LocalDateTime(year: 2027, month: 1, day: 1))
        #expect(plan.until == LocalDateTime(year: 2027, month: 6, day: 30))
        #expect(plan.channels.map(\.id) == ["linkedin", "blog"])
        #expect(plan.channels[0].presence == .companyPage)
        #expect(plan.content.map(\.id) == ["ebook-q1", "ebook-ok"])
        #expect(plan.content[1].needs.map(\.target) == ["acme/ebook-q1"])
        let post = try #require(plan.posts.first)
        #expect(post.at == LocalDateTime(year: 2027, month: 2, day: 15, hour: 9))
        #expect(post.channel?.target == "acme/linkedin")
        #expect(post.reminders == [NominalDuration(days: 2), NominalDuration(seconds: 3600)])
        #expect(post.needs.map(\.target) == ["acme/ebook-q1", "acme/ebook-ok"])
        #expect(post.location == SourceLocation(file: "a.yaml", line: 14, column: 5))
    }

    @Test func reportsSyntaxErrorsWithPosition() {
        let set = Fixtures.planSet(
            """
            plan: acme
            kind: communication
            posts: [ {id: x, at: 2027-01-01T09:00 ]
            """)
        #expect(set.plans.isEmpty)
        let d = set.diagnostics
        #expect(d.count == 1)
        #expect(d.first?.code == .syntax)
        #expect(d.first?.location.line == 3)
        #expect(d.first?.description.hasPrefix("a.yaml:3:") == true)
    }

    @Test func rejectsDuplicateKeys() {
        let set = Fixtures.planSet("plan: a\nkind: editorial\nplan: b\n")
        #expect(set.diagnostics.map(\.code) == [.syntax])
        #expect(set.diagnostics.first?.message.contains("'plan' appears twice") == true)
    }

    @Test func reportsUnknownKeysWithASuggestion() {
        let set = Fixtures.planSet(
            """
            plan: acme
            kind: communication
            timezone: Europe/Rome
            period: {from: 2027-01-01, until: 2027-06-30}
            posts:
              - {id: p1, channel: blog, at: 2027-02-15T09:00, titel: Hello}
            channels: [{id: blog, network: website}]
            """)
        #expect(
            Fixtures.lines(set.diagnostics) == [
                "a.yaml:6:51: error: unknown key 'titel' in a post; did you mean 'title'?"
            ])
    }

    @Test func reportsWrongTypesAndMissingKeys() {
        let set = Fixtures.planSet(
            """
            plan: acme
            kind: communication
            timezone: Europe/Rome
            period: 2027
            content:
              - id: c1
                type: [ebook]
            """)
        let lines = Fixtures.lines(set.diagnostics)
        #expect(lines.contains("a.yaml:4:9: error: period must be a mapping (key: value), not the value '2027'"))
        #expect(set.plans.isEmpty)
        let set2 = Fixtures.planSet(
            """
            plan: acme
            kind: communication
            timezone: Europe/Rome
            period: {from: 2027-01-01, until: 2027-06-30}
            content:
              - id: c1
                type: [ebook]
            """)
        #expect(
            Fixtures.lines(set2.diagnostics) == [
                "a.yaml:6:5: error: a content item needs 'due'",
                "a.yaml:7:11: error: type must be a single value, not a list",
            ])
    }

    @Test func reportsBadTimesAtTheCharacter() {
        let set = Fixtures.planSet(
            """
            plan: acme
            kind: communication
            timezone: Europe/Rome
            period: {from: 2027-01-01, until: 2027-02-30}
            """)
        #expect(Fixtures.lines(set.diagnostics) == ["a.yaml:4:43: error: 2027-02-30 does not exist"])
        let set2 = Fixtures.planSet(
            """
            plan: acme
            kind: communication
            timezone: Mars/Olympus
            period: {from: 2027-01-01, until: 2027-02-28}
            """)
        #expect(set2.diagnostics.map(\.code) == [.unknownTimeZone])
        #expect(set2.diagnostics.first?.location.column == 11)
    }

    @Test func rejectsOffsetsInLocalTimes() {
        let set = Fixtures.planSet(
            """
            plan: acme
            kind: communication
            timezone: Europe/Rome
            period: {from: 2027-01-01, until: 2027-02-28}
            channels: [{id: blog, network: website}]
            posts: [{id: p, channel: blog, at: "2027-01-05T09:00Z"}]
            """)
        #expect(set.diagnostics.map(\.code) == [.invalidTime])
        #expect(set.diagnostics.first?.message.contains("Europe/Rome") == false)
        #expect(set.diagnostics.first?.message.contains("carries a UTC offset") == true)
    }

    @Test func readsAnEditorialPlanWithSlotsAndPositionsRuleErrors() throws {
        let good = Fixtures.planSet(
            """
            plan: instagram-2027-01
            kind: editorial
            channel: {id: instagram, network: instagram}
            timezone: Europe/Rome
            period: {from: 2027-01-01, until: 2027-02-28}
            renew-notice: P14D
            dst: {gap: skip, repeated: last}
            slots:
              - id: tip-tuesday
                every: tuesday, friday 09:30
                title: Tip of the week
                prepare: {type: infographic, lead: P2D, owner: lucia}
              - id: monthly
                rrule: FREQ=MONTHLY;BYDAY=-1TH;BYHOUR=17;BYMINUTE=0
            """)
        #expect(good.diagnostics.isEmpty, "\(Fixtures.lines(good.diagnostics))")
        let plan = try #require(good.plans.first)
        #expect(plan.channel?.target == "instagram-2027-01/instagram")
        #expect(plan.renewNotice == NominalDuration(days: 14))
        #expect(plan.dstPolicy == DSTPolicy(gap: .skip, repeated: .last))
        #expect(plan.slots.count == 2)
        #expect(plan.slots[0].prepare?.lead == NominalDuration(days: 2))
        #expect(plan.slots[1].recurrence.rules.first?.description == "FREQ=MONTHLY;BYDAY=-1TH;BYHOUR=17;BYMINUTE=0")

        let bad = Fixtures.planSet(
            """
            plan: ig
            kind: editorial
            channel: {id: instagram, network: instagram}
            timezone: Europe/Rome
            period: {from: 2027-01-01, until: 2027-02-28}
            slots:
              - {id: a, rrule: "FREQ=WEEKLY;BYDAY=XX"}
              - {id: b}
              - {id: c, every: daily 09:00, rrule: FREQ=DAILY}
              - {id: d, rrule: FREQ=SECONDLY;BYHOUR=9;BYMINUTE=0, prepare: {type: copy, lead: P1D}}
            """)
        let lines = Fixtures.lines(bad.diagnostics)
        #expect(lines.count == 4, "\(lines)")
        #expect(lines[0].hasPrefix("a.yaml:7:"))
        #expect(bad.diagnostics[0].code == .invalidRule)
        #expect(bad.diagnostics[0].location.column > 20, "points into the rule text: \(lines[0])")
        #expect(
            lines[1]
                == "a.yaml:8:5: error: a slot needs 'every' (such as 'tuesday, friday 09:30') or 'rrule' (RFC 5545)")
        #expect(lines[2].hasPrefix("a.yaml:9:33: error: a slot takes 'every' or 'rrule', not both"))
        // Every valid RFC 5545 rule is accepted; one that recurs more than once a minute is only warned about.
        #expect(
            lines[3]
                == "a.yaml:10:20: warning: the slot recurs more than once a minute (FREQ=SECONDLY), which is unusual "
                + "for a publication")
        #expect(bad.plans.first?.slots.map(\.id) == ["d"])
    }

    @Test func warnsAboutSlotsRecurringMoreThanOnceAMinute() throws {
        let set = Fixtures.planSet(
            """
            plan: ig
            kind: editorial
            channel: {id: instagram, network: instagram}
            timezone: Europe/Rome
            period: {from: 2027-01-01, until: 2027-01-31}
            slots:
              - {id: a, rrule: "FREQ=DAILY;BYHOUR=9;BYMINUTE=0;BYSECOND=0,30", prepare: {type: copy, lead: P1D}}
              - {id: b, rrule: "FREQ=SECONDLY;INTERVAL=3600;BYHOUR=9", prepare: {type: copy, lead: P1D}}
              - id: c
                rrule: |
                  DTSTART:20270104T090000
                  RRULE:FREQ=SECONDLY;COUNT=3
                prepare: {type: copy, lead: P1D}
            """)
        #expect(
            Fixtures.lines(set.diagnostics) == [
                "a.yaml:7:20: warning: the slot recurs more than once a minute (BYSECOND=0,30), which is unusual for a "
                    + "publication",
                "a.yaml:10:12: warning: the slot recurs more than once a minute (FREQ=SECONDLY), which is unusual for a "
                    + "publication",
            ])
        let agenda = Agenda(planSet: set)
        let items = agenda.items(from: Fixtures.utc("2027-01-04T00:00:00Z"), to: Fixtures.utc("2027-01-05T00:00:00Z"))
        #expect(
            items.filter { $0.kind == .occurrence }.map(\.id) == [
                "ig/a@2027-01-04T09:00", "ig/b@2027-01-04T09:00", "ig/c@2027-01-04T09:00", "ig/c@2027-01-04T09:00:01",
                "ig/c@2027-01-04T09:00:02", "ig/a@2027-01-04T09:00:30",
            ])
    }

    @Test func warnsAboutADTSTARTItsRuleDoesNotMatch() throws {
        let set = Fixtures.planSet(
            """
            plan: blog
            kind: editorial
            channel: blog
            timezone: Europe/Rome
            period: {from: 2027-01-01, until: 2027-03-31}
            slots:
              - id: tuesdays
                rrule: |
                  DTSTART:20270101T093000
                  RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=3
                prepare: {type: copy, lead: P1D}
              - id: matching
                rrule: |
                  DTSTART:20270105T093000
                  RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=3
                prepare: {type: copy, lead: P1D}
              - id: listed
                rrule: |
                  DTSTART:20270101T093000
                  RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=3
                prepare: {type: copy, lead: P1D}
                also: [2027-01-01T09:30]
            """)
        #expect(
            Fixtures.lines(set.diagnostics) == [
                "a.yaml:8:12: warning: DTSTART 2027-01-01T09:30 is not an occurrence of its rule (RFC 5545 leaves such "
                    + "a set undefined); like libical and python-dateutil, editoriald does not count it as a post"
            ])
        let agenda = Agenda(planSet: set)
        let items = agenda.items(from: Fixtures.utc("2027-01-01T00:00:00Z"), to: Fixtures.utc("2027-02-01T00:00:00Z"))
        #expect(
            items.filter { $0.kind == .occurrence && $0.id.hasPrefix("blog/tuesdays@") }.map(\.id) == [
                "blog/tuesdays@2027-01-05T09:30", "blog/tuesdays@2027-01-12T09:30", "blog/tuesdays@2027-01-19T09:30",
            ])
    }

    @Test func keepsEveryDocumentOfAMultiDocumentFile() {
        let set = Fixtures.planSet(
            Self.communication + "\n---\n"
                + """
                plan: blog-2027-02
                kind: editorial
                channel: acme/blog
                timezone: Europe/Rome
                period: {from: 2027-02-01, until: 2027-03-31}
                posts: [{id: p, at: 2027-02-03T10:00, needs: [acme/ebook-q1]}]
                """)
        #expect(set.diagnostics.isEmpty, "\(Fixtures.lines(set.diagnostics))")
        #expect(set.plans.map(\.name) == ["acme", "blog-2027-02"])
        #expect(set.plans[1].posts[0].channel?.target == "acme/blog")
    }

    @Test func kindSpecificKeysAreChecked() {
        let set = Fixtures.planSet(
            """
            plan: acme
            kind: communication
            timezone: UTC
            period: {from: 2027-01-01, until: 2027-06-30}
            slots: []
            """)
        #expect(
            Fixtures.lines(set.diagnostics) == [
                "a.yaml:5:1: error: 'slots' belongs in editorial plans, not communication plans"
            ])
    }

    @Test func emptyDocumentsAreSkippedAndAnEmptyFileIsAWarning() {
        let set = Fixtures.planSet("# nothing yet\n", "---\n---\n" + Self.communication)
        #expect(Fixtures.lines(set.diagnostics) == ["a.yaml:1:1: warning: the file holds no plan"])
        #expect(set.plans.map(\.name) == ["acme"])
        #expect(!set.hasErrors)
    }

    @Test func slotsAcceptICalendarContentLinesWithPositionsInsideTheBlock() throws {
        let set = Fixtures.planSet(
            """
            plan: rfc
            kind: editorial
            channel: blog
            timezone: America/New_York
            period: {from: 1997-09-01, until: 1998-12-31}
            slots:
              - id: friday13
                rrule: |
                  DTSTART;TZID=America/New_York:19970902T090000
                  EXDATE;TZID=America/New_York:19970902T090000
                  RRULE:FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13
                prepare: {type: copy, lead: P1D}
              - id: bad
                rrule: |
                  DTSTART:19970902T090000
                  RRULE:FREQ=MONTHLY;BYDAY=XX
            """)
        #expect(
            Fixtures.lines(set.diagnostics) == [
                "a.yaml:16:32: error: BYDAY needs weekdays like MO or 2TU or -1FR, got 'XX'"
            ])
        let agenda = Agenda(planSet: set)
        let items = agenda.items(from: Fixtures.utc("1997-09-01T00:00:00Z"), to: Fixtures.utc("1999-01-01T00:00:00Z"))
        #expect(
            items.filter { $0.kind == .occurrence }.map(\.id) == [
                "rfc/friday13@1998-02-13T09:00", "rfc/friday13@1998-03-13T09:00", "rfc/friday13@1998-11-13T09:00",
            ])
    }
}
