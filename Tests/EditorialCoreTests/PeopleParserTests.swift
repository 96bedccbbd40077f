import Testing

@testable import EditorialCore

/// `people:` documents: reading, every positioned error, duplicates across files, and the owner check.
struct PeopleParserTests {
    static let people = """
        people:
          anna:
            name: Anna Rossi
            email: anna@example.com
            chat: "@anna"
            timezone: Europe/Rome
            routes: [owner-email, team-slack]
            digest: "08:30"
          marco:
            name: Marco Bianchi
            email: marco@example.com
        """

    static let plan = """
        plan: acme
        kind: communication
        timezone: Europe/Rome
        period: {from: 2027-01-01, until: 2027-06-30}
        channels: [{id: blog, network: blog}]
        content:
          - {id: copy, type: copy, owner: lucai, due: 2027-01-10T10:00}
          - {id: photo, type: photo, owner: anna, due: 2027-01-10T10:00}
        posts:
          - {id: p, channel: blog, at: 2027-01-12T09:00, owner: gianni, needs: [copy]}
          - {id: q, channel: blog, at: 2027-01-13T09:00, owner: marco, needs: [photo]}
        ---
        plan: blog-2027-01
        kind: editorial
        channel: acme/blog
        timezone: Europe/Rome
        period: {from: 2027-01-01, until: 2027-01-31}
        slots:
          - id: tips
            every: tuesday 09:30
            owner: lucai
            prepare: {type: copy, lead: P2D, owner: anna}
          - id: news
            every: friday 09:30
            owner: marco
            prepare: {type: copy, lead: P2D, owner: marko}
        """

    func ownerWarnings(_ texts: String...) -> [String] {
        let set = PlanSet(
            sources: texts.enumerated().map { PlanSource(path: "\(["a", "b", "c"][$0]).yaml", text: $1) })
        #expect(!set.hasErrors, "\(Fixtures.lines(set.diagnostics))")
        return Fixtures.lines(PlanChecker(planSet: set).warnings().filter { $0.code == .unknownOwner })
    }

    @Test func readsAPeopleDocument() throws {
        let set = Fixtures.planSet(Self.people)
        #expect(set.diagnostics.isEmpty, "\(Fixtures.lines(set.diagnostics))")
        #expect(set.plans.isEmpty)
        #expect(set.hasPeople)
        #expect(set.people.keys.sorted() == ["anna", "marco"])
        let anna = try #require(set.person("anna"))
        #expect(anna.name == "Anna Rossi")
        #expect(anna.email == "anna@example.com")
        #expect(anna.chat == "@anna")
        #expect(anna.zone?.identifier == "Europe/Rome")
        #expect(anna.routes == ["owner-email", "team-slack"])
        #expect(anna.digest == DigestTime(hour: 8, minute: 30))
        #expect(anna.location == SourceLocation(file: "a.yaml", line: 2, column: 3))
        let marco = try #require(set.person("marco"))
        #expect(
            marco == Person(id: "marco", name: "Marco Bianchi", email: "marco@example.com", location: marco.location))
        #expect(marco.zone == nil && marco.routes.isEmpty && marco.digest == nil && marco.chat == nil)
        #expect(set.person("lucia") == nil)
    }

    @Test func aPeopleOnlyFileHoldsNoPlanWithoutWarning() {
        let parser = PlanParser(file: "people.yaml", text: Self.people)
        #expect(parser.diagnostics.isEmpty)
        #expect(parser.plans.isEmpty && parser.people.count == 2 && parser.hasPeople)
        let empty = PlanParser(file: "people.yaml", text: "people: {}\n")
        #expect(empty.diagnostics.isEmpty && empty.people.isEmpty && empty.hasPeople)
        // A file with neither keeps its warning.
        #expect(
            Fixtures.lines(PlanParser(file: "x.yaml", text: "# nothing yet\n").diagnostics) == [
                "x.yaml:1:1: warning: the file holds no plan"
            ])
        // People beside a plan, in another document of the same file.
        let both = Fixtures.planSet(Self.plan + "\n---\n" + Self.people)
        #expect(both.diagnostics.isEmpty, "\(Fixtures.lines(both.diagnostics))")
        #expect(both.plans.count == 2 && both.people.count == 2)
    }

    @Test func reportsEveryMistakeWithItsPosition() {
        let set = Fixtures.planSet(
            """
            people:
              anna:
                name: Anna Rossi
                emial: anna@example.com
                timezone: Europe/Roma
                digest: "8:30"
                routes: {email: yes}
              marco:
                email: marco@@example.com
                chat: [a, b]
                routes: [owner-email, [x]]
              bad id:
                name: X
              lucia: just a name
              paolo:
                email: "paolo @example.com"
                digest: 25:00
                colour: blue
              sara:
                email: "@example.com"
                name: ~
              gino:
                email: "gino@"
              "-x": {}
            """)
        #expect(
            Fixtures.lines(set.diagnostics) == [
                "a.yaml:4:5: error: unknown key 'emial' in a person; did you mean 'email'?",
                "a.yaml:5:15: error: unknown time zone 'Europe/Roma'; use an IANA name such as Europe/Rome",
                "a.yaml:6:13: error: digest must be HH:MM (a time of day, 24-hour clock), not '8:30'",
                "a.yaml:7:13: error: routes must be a list, not a mapping",
                "a.yaml:9:12: error: email must be an address such as anna@example.com (one '@', no spaces), not "
                    + "'marco@@example.com'",
                "a.yaml:10:11: error: chat must be a single value, not a list",
                "a.yaml:11:27: error: a route must be a single value, not a list",
                "a.yaml:12:3: error: a person id 'bad id' may use only letters, digits, '-', '_' and '.', starting "
                    + "with a letter or digit",
                "a.yaml:14:10: error: a person must be a mapping (key: value), not the value 'just a name'",
                "a.yaml:16:12: error: email must be an address such as anna@example.com (one '@', no spaces), not "
                    + "'paolo @example.com'",
                "a.yaml:17:13: error: digest must be HH:MM (a time of day, 24-hour clock), not '25:00'",
                "a.yaml:18:5: error: unknown key 'colour' in a person (known keys: name, email, chat, timezone, "
                    + "routes, digest)",
                "a.yaml:20:12: error: email must be an address such as anna@example.com (one '@', no spaces), not "
                    + "'@example.com'",
                "a.yaml:21:11: error: name is empty",
                "a.yaml:23:12: error: email must be an address such as anna@example.com (one '@', no spaces), not "
                    + "'gino@'",
                "a.yaml:24:3: error: a person id '-x' may use only letters, digits, '-', '_' and '.', starting with "
                    + "a letter or digit",
            ])
        #expect(set.diagnostics.allSatisfy { $0.severity == .error })
        #expect(
            set.diagnostics.map(\.code) == [
                .unknownKey, .unknownTimeZone, .invalidTime, .wrongType, .invalidValue, .wrongType, .wrongType,
                .invalidValue, .wrongType, .invalidValue, .invalidTime, .unknownKey, .invalidValue, .invalidValue,
                .invalidValue, .invalidValue,
            ])
        // People with mistakes in their values are kept without them, so references to them still resolve.
        #expect(set.people.keys.sorted() == ["anna", "gino", "marco", "paolo", "sara"])
        #expect(set.person("anna")?.zone == nil && set.person("anna")?.name == "Anna Rossi")
        #expect(set.person("marco")?.routes == ["owner-email"])
    }

    @Test func addressesThatArePlausible() {
        for good in ["anna@example.com", "a.b+c@d", "\"x\"@example.com", "anna@[192.0.2.1]"] {
            #expect(PlanParser.isPlausibleAddress(good), "\(good)")
        }
        for bad in [
            "", "@", "anna", "anna@", "@example.com", "a@b@c", "an na@example.com", "anna@exa\tmple.com",
            "anna@example.com\r\nBcc: x@y", "anna@example.com\n",
        ] {
            #expect(!PlanParser.isPlausibleAddress(bad), "\(bad)")
        }
    }

    @Test func theDocumentsShapeIsChecked() {
        #expect(
            Fixtures.lines(Fixtures.planSet("people: [{id: anna}]\n").diagnostics) == [
                "a.yaml:1:9: error: people must be a mapping from owner id to person (anna: {name: …, email: …}), "
                    + "not a list"
            ])
        #expect(
            Fixtures.lines(Fixtures.planSet("people:\n  anna: {}\nteam: acme\n").diagnostics) == [
                "a.yaml:3:1: error: unknown key 'team' in a people document (known keys: people)"
            ])
        // A near miss of `people` with no plan key is a people document with a typo, not a broken plan.
        #expect(
            Fixtures.lines(Fixtures.planSet("peple:\n  anna: {}\n").diagnostics) == [
                "a.yaml:1:1: error: a people document needs 'people'",
                "a.yaml:1:1: error: unknown key 'peple' in a people document; did you mean 'people'?",
            ])
        // Person ids follow the rule for item ids; an empty one is an error too.
        #expect(
            Fixtures.lines(Fixtures.planSet("people:\n  ~: {}\n").diagnostics) == [
                "a.yaml:2:3: error: a person id is empty"
            ])
    }

    @Test func aDocumentMixingPeopleAndAPlanIsAnError() {
        let set = Fixtures.planSet(
            """
            plan: acme
            kind: communication
            timezone: Europe/Rome
            period: {from: 2027-01-01, until: 2027-06-30}
            people:
              anna: {emial: anna@example.com}
            """)
        #expect(
            Fixtures.lines(set.diagnostics) == [
                "a.yaml:5:1: error: a document holds a plan or people, not both: put 'people' in a document of its "
                    + "own (separate documents with ---)",
                "a.yaml:6:10: error: unknown key 'emial' in a person; did you mean 'email'?",
            ])
        #expect(set.plans.isEmpty)
    }

    @Test func aPersonIDIsUniqueAcrossDocumentsAndFiles() {
        let set = Fixtures.planSet(
            Self.people,
            """
            people:
              lucia: {name: Lucia Ferrari}
              anna: {name: Anna Bis}
            ---
            people:
              lucia: {}
            """)
        #expect(
            Fixtures.lines(set.diagnostics) == [
                "b.yaml:3:3: error: person 'anna' is already defined at a.yaml:2:3",
                "b.yaml:6:3: error: person 'lucia' is already defined at b.yaml:2:3",
            ])
        #expect(set.diagnostics.allSatisfy { $0.code == .duplicateID })
        #expect(set.person("anna")?.name == "Anna Rossi")
        #expect(set.person("lucia")?.name == "Lucia Ferrari")
        // Within one mapping YAML refuses the same key twice; a key with another tag is still the same id.
        #expect(
            Fixtures.lines(Fixtures.planSet("people:\n  anna: {}\n  anna: {}\n").diagnostics).map {
                $0.contains("'anna' appears twice")
            } == [true])
        #expect(
            Fixtures.lines(Fixtures.planSet("people:\n  anna: {}\n  !person anna: {}\n").diagnostics) == [
                "a.yaml:3:3: error: person 'anna' is already defined at a.yaml:2:3"
            ])
    }

    @Test func ownersWhoAreNotAmongThePeopleAreWarnedAbout() {
        let people = Self.people + "\n  lucia: {name: Lucia Ferrari}\n"
        let set = Fixtures.planSet(Self.plan, people)
        let warnings = PlanChecker(planSet: set).warnings().filter { $0.code == .unknownOwner }
        #expect(warnings.allSatisfy { $0.severity == .warning })
        #expect(
            Fixtures.lines(warnings) == [
                "a.yaml:7:5: warning: owner 'lucai' of 'acme/copy' is not among the people; did you mean 'lucia'?",
                "a.yaml:10:5: warning: owner 'gianni' of 'acme/p' is not among the people, so no reminder can reach "
                    + "them; add them to a people document",
                "a.yaml:19:5: warning: owner 'lucai' of 'blog-2027-01/tips' is not among the people; did you mean "
                    + "'lucia'?",
                "a.yaml:26:14: warning: owner 'marko' of the preparation of 'blog-2027-01/news' is not among the "
                    + "people; did you mean 'marco'?",
            ])
        // Nothing near enough: no suggestion.
        #expect(ownerWarnings(Self.plan, Self.people).filter { $0.contains("did you mean") }.count == 1)
    }

    @Test func noPeopleDocumentMeansNoOwnerWarning() {
        #expect(ownerWarnings(Self.plan).isEmpty)
        // An empty people document configures delivery: every owner is then unknown.
        #expect(ownerWarnings(Self.plan, "people: {}\n").count == 8)
    }

    @Test func aPlanSetWithPeopleIsRebuiltFromWhatTheParseCacheKeeps() {
        // The parse cache keeps each file's `plans`, `people`, `hasPeople` and `diagnostics` and builds the set
        // from them; that must give the set a direct read gives.
        let sources = [
            PlanSource(path: "a.yaml", text: Self.plan), PlanSource(path: "b.yaml", text: Self.people),
            PlanSource(path: "c.yaml", text: "people: {}\n"),
        ]
        let direct = PlanSet(sources: sources)
        let parsers = sources.map { PlanParser(file: $0.path, text: $0.text) }
        let rebuilt = PlanSet(
            plans: parsers.flatMap(\.plans), people: parsers.flatMap(\.people),
            hasPeople: parsers.contains(where: \.hasPeople), diagnostics: parsers.flatMap(\.diagnostics))
        #expect(rebuilt.people == direct.people && rebuilt.people.count == 2)
        #expect(rebuilt.hasPeople && direct.hasPeople)
        #expect(rebuilt.diagnostics == direct.diagnostics)
        #expect(
            PlanChecker(planSet: rebuilt).warnings().filter { $0.code == .unknownOwner }
                == PlanChecker(planSet: direct).warnings().filter { $0.code == .unknownOwner })
        // Only an empty people document: nobody, but delivery is configured all the same.
        let empty = PlanParser(file: "c.yaml", text: "people: {}\n")
        #expect(PlanSet(plans: [], people: empty.people, hasPeople: empty.hasPeople).hasPeople)
        #expect(!PlanSet(plans: []).hasPeople)
        #expect(
            PlanSet(
                plans: [], people: [Person(id: "anna", location: SourceLocation(file: "b.yaml", line: 2, column: 3))]
            ).hasPeople)
    }
}
