import EditorialCore
import Foundation
import Testing

/// `editorialctl report --html`: the page as Chromium draws it (size, non-blank regions, colours, the text in its
/// DOM), and the command against a real daemon: the file, its atomic replacement, and its errors.
struct ReportCommandTests {
    /// The page's background, `#f6f7f9`.
    static let background: (UInt8, UInt8, UInt8) = (246, 247, 249)

    /// Writes `html` into a fresh directory and has Chromium draw it and dump its DOM; with `REPORT_RENDER_DUMP`
    /// set to a directory, the page and the screenshot are copied there to be looked at.
    static func render(_ html: String, name: String) throws -> (png: URL, dom: String, directory: URL) {
        let dir = try Run.directory([:])
        let page = dir.appendingPathComponent("\(name).html")
        try html.write(to: page, atomically: true, encoding: .utf8)
        let png = dir.appendingPathComponent("\(name).png")
        try Chromium.screenshot(page, to: png)
        let dom = try Chromium.dom(page)
        if let dump = ProcessInfo.processInfo.environment["REPORT_RENDER_DUMP"] {
            let to = URL(fileURLWithPath: dump)
            try? FileManager.default.createDirectory(at: to, withIntermediateDirectories: true)
            for file in [page, png] {
                let target = to.appendingPathComponent(file.lastPathComponent)
                try? FileManager.default.removeItem(at: target)
                try FileManager.default.copyItem(at: file, to: target)
            }
        }
        return (png, dom, dir)
    }

    @Test(.enabled(if: Chromium.binary != nil, "needs Debian's chromium (scripts/setup)"))
    func chromiumDrawsTheWholeReportAndItsDOMHasEverySection() throws {
        let html = try ReportSample.page().render()
        let (png, dom, dir) = try Self.render(html, name: "sample")
        defer { try? FileManager.default.removeItem(at: dir) }
        let size = try PNGImage.size(of: png)
        #expect(size.width == 1280 && size.height == 2000)
        let image = try PNGImage(file: png)
        // The page is longer than the window: every band of the screenshot has something drawn in it.
        for top in stride(from: 0, to: 2000, by: 250) {
            let drawn = image.count(rows: top..<top + 250, differingFrom: Self.background)
            #expect(drawn > 2_000, "rows \(top)..<\(top + 250): \(drawn) pixels drawn")
        }
        // The margins stay empty (the layout did not overflow), and the header has dark text in it.
        let margin = image.count(rows: 0..<2000, columns: 0..<18, differingFrom: Self.background)
        #expect(margin < 200, "\(margin) pixels drawn in the left margin")
        #expect(image.count(rows: 10..<60, columns: 20..<500, differingFrom: (255, 255, 255), tolerance: 160) > 200)
        // The colours that carry meaning: a blocked day, today's outline, the keeping-pace tile, a late production
        // owner's sparkline is further down; the calendar's blocked cell and planned cells are in the window.
        #expect(image.count(near: (254, 226, 226)) > 500, "a blocked day is drawn in red")
        #expect(image.count(near: (37, 99, 235), tolerance: 20) > 200, "today is outlined")
        #expect(image.count(near: (22, 163, 74), tolerance: 20) > 100, "the keeping-pace tile is green")
        #expect(image.count(near: (241, 245, 249), tolerance: 3) > 20_000, "planned days are drawn")

        #expect(!dom.lowercased().contains("<script"))
        for text in ["LinkedIn acme", "Instagram acme", "Facebook acme", "YouTube acme", "TikTok acme", "Company blog"]
        {
            #expect(dom.contains(text), "\(text)")
        }
        #expect(dom.contains("Launch post &lt;big&gt; &amp; \"bold\""))
        #expect(dom.contains("<b>Launch video final cut</b>"))
        #expect(dom.contains("owner paolo"))
        #expect(dom.contains("overdue by 2 d"))
        #expect(dom.contains("<span class=\"pill v-keeping-pace\">keeping pace</span>"))
        #expect(dom.contains("<span class=\"pill v-slipping\">slipping</span>"))
        #expect(dom.contains("<span class=\"pill v-stalled\">stalled</span>"))
        #expect(dom.contains("Skimming: drop Facebook acme first"))
        #expect(dom.contains("Today · Tue 12 Jan"))
        #expect(dom.components(separatedBy: "<svg class=\"chart\"").count - 1 == 6)
        #expect(dom.components(separatedBy: "<svg class=\"spark\"").count - 1 == 3)
    }

    @Test(.enabled(if: Chromium.binary != nil, "needs Debian's chromium (scripts/setup)"))
    func theCommandWritesTheDaemonsReportAtomicallyAndChromiumDrawsIt() throws {
        let d = try LiveDaemon(plans: ["team.yaml": LiveDaemon.teamPlan(now: LiveDaemon.now())])
        let out = d.directory.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let file = out.appendingPathComponent("report.html")
        try "old".write(to: file, atomically: true, encoding: .utf8)
        let run = try d.ctl("report", "--html", file.path, "--weeks", "4", "--title", "Team <report>")
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out.hasPrefix("\(file.path): "), "\(run.out)")
        #expect(run.out.contains("1 blocked"), "\(run.out)")
        let html = try String(contentsOf: file, encoding: .utf8)
        #expect(html.hasPrefix("<!doctype html>"))
        #expect(html.contains("<h1>Team &lt;report&gt;</h1>"))
        // Replaced by a rename: no temporary file is left beside it, and the mode is 0666 less the umask.
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["report.html"])
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        let mask = umask(0)
        umask(mask)
        #expect(mode == 0o666 & ~Int(mask))

        let (png, dom, dir) = try Self.render(html, name: "daemon")
        defer { try? FileManager.default.removeItem(at: dir) }
        let size = try PNGImage.size(of: png)
        #expect(size.width == 1280 && size.height == 2000)
        let image = try PNGImage(file: png)
        #expect(image.count(rows: 0..<250, differingFrom: Self.background) > 2_000)
        #expect(image.count(rows: 250..<1000, differingFrom: Self.background) > 10_000)
        for text in ["team/linkedin", "team/blog", "Launch post", "Launch video", "owner paolo", "Teaser"] {
            #expect(dom.contains(text), "\(text)")
        }
        #expect(dom.contains("Pace by page"))
        #expect(dom.contains("class=\"pill v-"), "each page has its verdict")

        let json = try JSONParser.parse(try d.ctl("report", "--html", file.path, "--json").out)
        #expect(json["file"]?.string == file.path)
        #expect(json["blocked"]?.int == 1)
        #expect((json["bytes"]?.int ?? 0) > 10_000)
        let stdout = try d.ctl("report", "--html", "-")
        #expect(stdout.status == 0)
        #expect(stdout.out.hasPrefix("<!doctype html>") && stdout.out.hasSuffix("</html>\n"))
    }

    @Test func errorsSayWhatIsWrongAndExitAsDocumented() throws {
        let dir = try Run.directory([:])
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = try Run.ctl(
            ["report", "--html", dir.path + "/r.html"], environment: ["EDITORIALD_SOCKET": dir.path + "/none.sock"])
        #expect(missing.status == 3)
        #expect(missing.err.contains("cannot connect to \(dir.path)/none.sock: no socket there"), "\(missing.err)")
        let noDirectory = try Run.ctl(
            ["report", "--html", dir.path + "/nowhere/r.html"],
            environment: ["EDITORIALD_SOCKET": dir.path + "/none.sock"])
        #expect(noDirectory.status == 1)
        #expect(
            noDirectory.err
                == "editorialctl: cannot write \(dir.path)/nowhere/r.html: no directory \(dir.path)/nowhere\n")
        let isDirectory = try Run.ctl(["report", "--html", dir.path])
        #expect(isDirectory.status == 1)
        #expect(isDirectory.err.contains("cannot write \(dir.path): it is a directory"))
        let noFile = try Run.ctl(["report"])
        #expect(noFile.status == 2)
        #expect(noFile.err.contains("Missing expected argument '--html <file>'"))
        let weeks = try Run.ctl(["report", "--html", "-", "--weeks", "53"])
        #expect(weeks.status == 2)
        #expect(weeks.err.contains("--weeks must be from 1 to 52, not 53"))
        let both = try Run.ctl(["report", "--html", "-", "--json"])
        #expect(both.status == 2)
    }

    @Test func helpSaysHTMLIsRequiredAndFitsEightyColumns() throws {
        let help = try Run.ctl(["report", "--help"], environment: ["COLUMNS": "80"])
        #expect(help.status == 0)
        #expect(help.out.contains("USAGE: editorialctl report --html <file> [--weeks <n>]"))
        #expect(help.out.contains("HTML is the only format, so --html is required."))
        #expect(help.out.contains("(required; - for standard output)"))
        #expect(help.out.contains("EXIT STATUS"))
        let long = help.out.components(separatedBy: "\n").filter { $0.count > 80 }
        #expect(long.isEmpty, "\(long)")
        let root = try Run.ctl(["--help"], environment: ["COLUMNS": "80"])
        #expect(root.out.contains("report"))
    }
}
