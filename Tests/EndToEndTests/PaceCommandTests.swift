import EditorialCore
import Foundation
import Testing

/// `editorialctl pace` and the pace line of `status`, against a real daemon: five social pages and a blog with
/// posts in the last days, some published just now (on time or days late), some left open.
struct PaceCommandTests {
    /// The plan: LinkedIn, Facebook and YouTube post within the last 40 minutes (published now: on time),
    /// Instagram two days ago (published now: late), X three and two days ago (never published), the blog an
    /// hour and a half ago (published now: late by 90 minutes, past the hour's tolerance).
    static func plan(now: Int64) -> String {
        func at(_ offset: Int64) -> String { LocalDateTime(secondsSinceEpochAsUTC: now + offset).description }
        var posts = ""
        for n in ["linkedin", "facebook", "youtube"] {
            for (i, minutes) in [40, 35, 30, 20].enumerated() as EnumeratedSequence<[Int64]> {
                posts += "  - {id: \(n)-\(i), channel: \(n), at: \(at(-minutes * 60)), title: \(n) \(i), owner: anna}\n"
            }
        }
        for i in 0..<4 {
            posts +=
                "  - {id: instagram-\(i), channel: instagram, at: \(at(-2 * 86_400 - Int64(i) * 60)), owner: luca}\n"
        }
        posts += "  - {id: x-0, channel: x, at: \(at(-3 * 86_400)), owner: sara}\n"
        posts += "  - {id: x-1, channel: x, at: \(at(-2 * 86_400)), owner: sara}\n"
        posts += "  - {id: blog-0, channel: blog, at: \(at(-90 * 60)), owner: anna}\n"
        let from = LocalDateTime(secondsSinceEpochAsUTC: now - 20 * 86_400).date
        let until = LocalDateTime(secondsSinceEpochAsUTC: now + 20 * 86_400).date
        return """
            plan: team
            kind: communication
            timezone: UTC
            period: {from: \(from), until: \(until)}
            reminders: [PT0S]
            channels:
              - {id: linkedin, network: linkedin, handle: acme}
              - {id: facebook, network: facebook, handle: acme}
              - {id: youtube, network: youtube, handle: acme}
              - {id: instagram, network: instagram, handle: acme}
              - {id: x, network: x, handle: acme}
              - {id: blog, network: blog, handle: acme}
            content:
              - {id: shots, type: photo, title: Product shots, owner: paolo, due: \(at(-3 * 86_400))}
            posts:
            \(posts)
            """
    }

    @Test func paceReportsPagesVerdictsTheHintAndTrendsInUnicodeOrASCII() throws {
        let d = try LiveDaemon(plans: ["team.yaml": Self.plan(now: LiveDaemon.now())])
        var published = ["instagram-0", "instagram-1", "instagram-2", "instagram-3", "blog-0"]
        for n in ["linkedin", "facebook", "youtube"] { published += (0..<4).map { "\(n)-\($0)" } }
        for id in published {
            let r = try d.ctl("publish", "team/\(id)", "--force")
            #expect(r.status == 0, "\(r.err)")
        }

        let json = try d.ctl("pace", "--weeks", "2", "--json")
        #expect(json.status == 0, "\(json.err)")
        let reply = try JSONValueDecoder().decode(PaceReply.self, from: try JSONParser.parse(json.out))
        #expect(reply.weeks == 2)
        func page(_ n: String) throws -> PacePage { try #require(reply.pages.first { $0.network == n }) }
        #expect(try page("linkedin").onTime == 4)
        #expect(try page("linkedin").verdict == .keepingPace)
        #expect(try page("instagram").late == 4)
        #expect(try page("instagram").verdict == .slipping)
        let instagramMedian = try page("instagram").lateMedian ?? 0
        #expect(instagramMedian >= 2 * 86_400)
        #expect(try page("x").open == 2)
        #expect(try page("x").verdict == .stalled)
        #expect(try page("blog").late == 1)
        #expect(try page("blog").social == false)
        // Five social pages active, two behind, tied at 0% on time and no late production: the stalled one first.
        #expect(reply.hint?.drop == "x/acme")
        #expect(reply.owners.first { $0.owner == "paolo" }?.open == 1)

        let text = try d.ctl("pace", "--weeks", "2", environment: ["LANG": "C.UTF-8", "NO_COLOR": "1"])
        #expect(text.status == 0, "\(text.err)")
        #expect(text.out.hasPrefix("Pace over 2 weeks (from "), "\(text.out)")
        #expect(text.out.contains("PAGE"), "\(text.out)")
        let linkedin = try #require(text.out.split(separator: "\n").first { $0.hasPrefix("LinkedIn acme") })
        #expect(linkedin.contains("keeping pace"), "\(linkedin)")
        #expect(linkedin.contains("4/4 100%"), "\(linkedin)")
        #expect(linkedin.hasSuffix("█") || linkedin.hasSuffix("·█"), "\(linkedin)")
        let x = try #require(text.out.split(separator: "\n").first { $0.hasPrefix("X (Twitter) acme") })
        #expect(x.contains("stalled"), "\(x)")
        #expect(text.out.contains("Hint: 5 social pages had posts due in the last 2 weeks"), "\(text.out)")
        #expect(text.out.contains("Drop X (Twitter) acme (x/acme) first"), "\(text.out)")
        #expect(text.out.contains("Production items by owner:"), "\(text.out)")

        // Not a UTF-8 locale: the ASCII ramp, and nothing outside ASCII in the table.
        let ascii = try d.ctl("pace", "--weeks", "2", environment: ["LANG": "C", "LC_ALL": "", "NO_COLOR": "1"])
        let asciiLinkedin = try #require(ascii.out.split(separator: "\n").first { $0.hasPrefix("LinkedIn acme") })
        #expect(asciiLinkedin.hasSuffix("#"), "\(asciiLinkedin)")
        let allASCII = asciiLinkedin.unicodeScalars.allSatisfy { $0.isASCII }
        #expect(allASCII, "\(asciiLinkedin)")

        let oneText = try d.ctl("pace", "--channel", "team/instagram", "--json").out
        let one = try JSONParser.parse(oneText)
        #expect(one["pages"]?.array?.count == 1)
        let ownerText = try d.ctl("pace", "--owner", "paolo", "--json").out
        let owner = try JSONParser.parse(ownerText)
        #expect(owner["pages"]?.array?.isEmpty == true)
        #expect(owner["owners"]?.array?.count == 1)

        let unknown = try d.ctl("pace", "--channel", "team/nope")
        #expect(unknown.status == 1)
        #expect(unknown.err.contains("no page 'team/nope'"), "\(unknown.err)")
        let usage = try d.ctl("pace", "--weeks", "0")
        #expect(usage.status == 2)
        #expect(usage.err.contains("--weeks must be from 1 to 52"), "\(usage.err)")
        let tolerance = try d.ctl("pace", "--tolerance", "soon")
        #expect(tolerance.status == 2)

        let status = try d.ctl("status", environment: ["NO_COLOR": "1"])
        #expect(status.out.contains("Pace:      8 weeks: 3 keeping pace, 2 slipping, 1 stalled"), "\(status.out)")
        #expect(status.out.contains("drop first: X (Twitter) acme"), "\(status.out)")
        let help = try d.ctl("pace", "--help")
        #expect(help.out.contains("stalled       posts were due in the last 2 weeks and none went out"), "\(help.out)")
    }
}
