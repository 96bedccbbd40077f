import Foundation
import Testing

@testable import EditorialCore

/// `FlowPostLines`, the line reader for one-line posts, against libyaml reading the whole text (`PlanParser` with
/// `readingPostLines: false`): the same plans, posts, positions and diagnostics, for hand-picked edge cases (where
/// the line reader must step aside) and for seeded random plan files built from tricky pieces.
struct FlowPostLinesTests {
    /// A parse as text: plans (every field, positions included), people and diagnostics.
    static func dump(_ parser: PlanParser) -> String {
        "\(parser.plans)\n\(parser.people)\n\(parser.hasPeople)\n"
            + parser.diagnostics.map(\.description).joined(separator: "\n")
    }

    /// Both readings of `text`, and whether the line reader took any posts.
    static func both(_ text: String) -> (lines: String, libyaml: String, took: Bool) {
        let lines = PlanParser(
            file: "p.yaml", text: text, defaultReminders: Plan.defaultReminders, readingPostLines: true)
        let whole = PlanParser(
            file: "p.yaml", text: text, defaultReminders: Plan.defaultReminders, readingPostLines: false)
        return (dump(lines), dump(whole), lines.readPostLines)
    }

    static let header = """
        plan: p
        kind: communication
        timezone: Europe/Rome
        period: {from: 2027-01-01, until: 2027-12-31}
        channels: [{id: blog, network: blog}]

        """

    @Test func readsOneLinePostsAsLibyamlDoes() {
        let text =
            Self.header + """
                posts:   # one a line
                  - {id: p1, channel: blog, at: 2027-03-02T09:30, title: Launch day}

                  # a comment between
                  -   { id: p2 ,channel: blog,  at: 2027-03-03T09:30:15 , title: 'It''s here' }  # trailing
                  - {id: p3, channel: blog, at: 2027-03-04T09:30, title: "Caffè — 東京 🎉", owner: ann}
                  - {id: p4, channel: blog, at: 2027-03-05T09:30, title: C# & *stars* 50% off!, status: published}
                  - {id: p5, channel: blog, at: 2027-03-06T09:30, title: null}
                slots: []

                """
        let (lines, libyaml, took) = Self.both(text)
        #expect(took)
        #expect(lines == libyaml)
        let parser = PlanParser(file: "p.yaml", text: text)
        #expect(parser.plans.first?.posts.count == 5)
        #expect(parser.plans.first?.posts[1].title == "It's here")
        #expect(parser.plans.first?.posts[2].title == "Caffè — 東京 🎉")
    }

    @Test func placesErrorsInTakenLinesAsLibyamlDoes() {
        let text =
            Self.header + """
                posts:
                - {id: p1, chanel: blog, at: 2027-03-02T09:30}
                - {id: 'bad id', channel: blog, at: 2027-03-02T09:30}
                - {id: é3, channel: blog, at: 2027-03-02T25:30, title: über}
                - {id: p4, channel: blog, at: 2027-03-02}
                - {id: p5, channel: blog, at: 2027-03-02T09:30Z, status: sent}
                - {id: p6, at: "", title: null}

                """
        let (lines, libyaml, took) = Self.both(text)
        #expect(took)
        #expect(lines == libyaml)
        #expect(lines.contains("p.yaml:7:12"))
    }

    /// Texts where a `posts:` line is not what it looks like, or a list the line reader must leave to libyaml.
    @Test(arguments: [
        // Inside a multi-line quoted scalar.
        "title: \"two\nposts:\n- {id: p1, channel: blog, at: 2027-03-02T09:30}\nend\"\n",
        // Inside a flow mapping at the root.
        "{plan: p,\nposts:\n- {id: p1, channel: blog, at: 2027-03-02T09:30}\n}\n",
        // A root block scalar.
        "--- |\nposts:\n- {id: p1, channel: blog, at: 2027-03-02T09:30}\n",
        // Windows line ends; libyaml's other line breaks elsewhere in the file.
        "posts:\r\n  - {id: p1, channel: blog, at: 2027-03-02T09:30}\r\n",
        "title: a\u{85}b\nposts:\n  - {id: p1, channel: blog, at: 2027-03-02T09:30}\n",
        "title: a\u{2028}b\nposts:\n  - {id: p1, channel: blog, at: 2027-03-02T09:30}\n",
        // A block-style post, a nested list, a value running on, mixed indentation, a tab, a trailing comma.
        "posts:\n  - {id: p1, channel: blog, at: 2027-03-02T09:30}\n  - id: p2\n    channel: blog\n    at: 2027-03-03T09:30\n",
        "posts:\n  - {id: p1, channel: blog, at: 2027-03-02T09:30, needs: [v1]}\n",
        "posts:\n  - {id: p1, channel: blog, at: 2027-03-02T09:30,\n     title: x}\n",
        "posts:\n  - {id: p1, channel: blog, at: 2027-03-02T09:30}\n    - {id: p2, channel: blog, at: 2027-03-02T09:30}\n",
        "posts:\n  - {id: p1, channel: blog, at: 2027-03-02T09:30}\n\t- {id: p2, channel: blog, at: 2027-03-02T09:30}\n",
        "posts:\n  - {id: p1, channel: blog, at: 2027-03-02T09:30,}\n",
        "posts:\n  - {id: p1, id: p2, channel: blog, at: 2027-03-02T09:30}\n",
        "posts:\n  - {id: p1, channel: blog, at: 2027-03-02T09:30} extra\n",
        "posts:\n  - {id: p1, channel: blog, at: 2027-03-02T09:30, title: \"a \\\" b\"}\n",
        // An anchor or tag on the list; posts after a document marker; a second document.
        "posts: &all\n  - {id: p1, channel: blog, at: 2027-03-02T09:30}\n",
        "posts: !!seq\n  - {id: p1, channel: blog, at: 2027-03-02T09:30}\n",
        "posts:\n  - {id: p1, channel: blog, at: 2027-03-02T09:30}\n---\nposts:\n- {id: p9, at: 2027-03-02T09:30}\n",
        // The key twice; posts in a people document; a header error before the posts; a syntax error after them.
        "posts:\n  - {id: p1, channel: blog, at: 2027-03-02T09:30}\nposts:\n  - {id: p2, channel: blog, at: 2027-03-02T09:30}\n",
        "people: []\nposts:\n  - {id: p1, channel: blog, at: 2027-03-02T09:30}\n",
        "posts:\n  - {id: p1, channel: blog, at: 2027-03-02T09:30}\nslots: [\n",
    ])
    func stepsAsideWhereLibyamlReadsOtherwise(_ tail: String) {
        let texts = [Self.header + tail, tail]
        for text in texts {
            let (lines, libyaml, _) = Self.both(text)
            #expect(lines == libyaml, "\(text.debugDescription)")
        }
    }

    @Test func readsRandomPlanFilesAsLibyamlDoes() {
        let seed = UInt64(Date().timeIntervalSince1970 * 1000)
        print("FlowPostLinesTests seed \(seed)")
        var random = SplitMix64(state: seed)
        func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }
        let keys = ["id", "channel", "at", "title", "owner", "status", "campaign", "chanel", "x-y", "Id", "\"id\""]
        let atoms = [
            "p1", "blog", "2027-03-02T09:30", "2027-03-02", "2027-13-02T09:30", "2027-03-02T09:30+01:00", "ann",
            "published", "planned", "null", "~", "a b", "a  b ", "a:b", "a: b", "a:", "a?", "?a", "-a", "a-", "a#b",
            "a #b", "a'b", "a\"b", "'q'", "'q''s'", "\"dq\"", "\"\"", "''", "\"a\\tb\"", "é", "—", "🎉", "\u{FEFF}",
            "\u{7}", "a\tb", "[a]", "{a: b}", "a,b", "a}", "&x a", "*x", "!t a", "|", ">", "%a", "@a", "`a", ".5",
            "(a)", "+1", "$5", "/a", "a/b", "a.b", "A|B",
        ]
        var taken = 0
        for round in 0..<600 {
            var text = Self.header
            if random.next() % 5 == 0 { text = "---\n" + text }
            let indent = String(repeating: " ", count: Int(random.next() % 3))
            text += pick(["posts:\n", "posts: # c\n", "posts:  \n", "posts:#c\n"])
            for i in 0..<(1 + random.next() % 6) {
                switch random.next() % 12 {
                case 0: text += "\n"
                case 1: text += pick(["  # note\n", "# note\n", "   \n"])
                case 2: text += "\(indent)- id: b\(i)\n\(indent)  at: 2027-03-02T09:30\n"
                default:
                    var pairs = ["id: p\(i)", "channel: blog", "at: 2027-03-0\(1 + i % 9)T09:30"]
                    if random.next() % 3 == 0 { pairs.append("\(pick(keys)): \(pick(atoms))") }
                    if random.next() % 6 == 0 {
                        pairs[Int(random.next() % UInt64(pairs.count))] = "\(pick(keys)): \(pick(atoms))"
                    }
                    let sep = pick([", ", ",", " , ", ",  "])
                    let open = pick(["{", "{ ", "{  "])
                    let close = pick(["}", " }", "}  ", "} # c", "}#c"])
                    text += "\(indent)-\(pick([" ", "  "]))\(open)\(pairs.joined(separator: sep))\(close)\n"
                }
            }
            text += pick(["", "slots: []\n", "campaigns:\n  - {id: c1}\n", "---\nplan: q\n", "...\n", "\tx: y\n"])
            let (lines, libyaml, took) = Self.both(text)
            #expect(lines == libyaml, "seed \(seed), round \(round): \(text.debugDescription)")
            if took { taken += 1 }
        }
        // Both ways were compared: the line reader took a good share of the files, and left others.
        print("FlowPostLinesTests: the line reader took \(taken) of 600 files")
        #expect(taken >= 30 && taken <= 570)
    }

    @Test func readsLongLinesAsLibyamlDoes() {
        // Past libyaml's 1,024-character reach for simple keys.
        let long = String(repeating: "word ", count: 400) + "end"
        let text =
            Self.header + "posts:\n  - {id: p1, channel: blog, at: 2027-03-02T09:30, title: \(long)}\n"
            + "  - {id: p2, title: '\(long)', channel: blog, at: 2027-03-02T09:31}\n"
        let (lines, libyaml, took) = Self.both(text)
        #expect(took)
        #expect(lines == libyaml)
    }

    @Test func takesTheBenchmarksForm() {
        var text = Self.header + "posts:\n"
        for i in 0..<1000 {
            text += "  - {id: p\(i), channel: blog, at: 2027-06-08T09:55:00, title: Post \(i)}\n"
        }
        let (lines, libyaml, took) = Self.both(text)
        #expect(took)
        #expect(lines == libyaml)
    }
}
