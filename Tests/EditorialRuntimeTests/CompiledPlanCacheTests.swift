import EditorialClient
import EditorialCore
import Foundation
import Synchronization
import Testing

@testable import EditorialRuntime

/// The compiled-plan cache: every field survives it, a restart with unchanged files parses nothing, and a cache
/// that is cut short, corrupt, from another version or another architecture is discarded with a notice and rebuilt.
@Suite(.serialized) struct CompiledPlanCacheTests {
    /// The example plans of `config/plans`, read as the daemon reads them.
    static func examples() -> [PlanSource] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return PlanFiles.load([root.appendingPathComponent("config/plans").path]).sources
    }

    static func parse(_ source: PlanSource) -> ParsedFile {
        ParsedFile(PlanParser(file: source.path, text: source.text, defaultReminders: Plan.defaultReminders))
    }

    static func expectSame(_ a: ParsedFile, _ b: ParsedFile, _ file: String) {
        #expect(a.people == b.people, "\(file)")
        #expect(a.people.map(\.zone?.identifier) == b.people.map(\.zone?.identifier))
        #expect(a.hasPeople == b.hasPeople)
        #expect(a.diagnostics == b.diagnostics)
        #expect(a.plans.count == b.plans.count)
        for (x, y) in zip(a.plans, b.plans) {
            #expect(x.name == y.name && x.kind == y.kind && x.title == y.title, "\(file)")
            #expect(x.zone.identifier == y.zone.identifier && x.from == y.from && x.until == y.until)
            #expect(x.reminders == y.reminders && x.dstPolicy == y.dstPolicy && x.channel == y.channel)
            #expect(x.renewNotice == y.renewNotice && x.channels == y.channels && x.content == y.content)
            #expect(x.posts == y.posts && x.slots == y.slots && x.campaigns == y.campaigns)
            #expect(x.location == y.location && x.periodLocation == y.periodLocation)
        }
    }

    @Test func everyFieldOfTheExamplePlansSurvivesTheCompiledForm() throws {
        let sources = Self.examples()
        #expect(sources.count == 6)
        var entries: [String: ParseCache.Entry] = [:]
        for source in sources {
            entries[source.path] = ParseCache.Entry(
                hash: ParseCache.hash(source.text.utf8), length: source.text.utf8.count,
                defaults: Plan.defaultReminders,
                parse: Self.parse(source))
        }
        let parsed = entries.values.flatMap(\.parse.plans)
        #expect(parsed.contains { !$0.slots.isEmpty && $0.slots.contains { $0.prepare != nil } })
        #expect(parsed.contains { !$0.campaigns.isEmpty })
        #expect(entries.values.contains { $0.parse.people.contains { $0.digest != nil && $0.zone != nil } })
        let decoded = try CompiledPlanCache.decode(#require(CompiledPlanCache.encode(entries)))
        #expect(Set(decoded.keys) == Set(entries.keys))
        for (path, entry) in entries {
            let back = try #require(decoded[path])
            #expect(back.hash == entry.hash && back.length == entry.length && back.defaults == entry.defaults)
            Self.expectSame(entry.parse, back.parse, path)
        }
        // Resolved references (targets) and diagnostics survive too.
        let set = PlanSet(plans: parsed)
        var withTargets = ParsedFile(plans: set.plans, people: [], hasPeople: false, diagnostics: set.diagnostics)
        withTargets.diagnostics.append(
            Diagnostic(.warning, .suspicious, at: SourceLocation(file: "x.yaml", line: 3, column: 9), "a warning"))
        var writer = CompiledPlanWriter()
        writer.write(withTargets)
        var reader = CompiledPlanReader(writer.bytes)
        Self.expectSame(withTargets, try reader.read(), "resolved")
        #expect(reader.atEnd)
        #expect(set.plans.contains { $0.posts.contains { $0.channel?.target != nil } })
    }

    @Test func everyCutOfAnEntryIsAnErrorNotACrash() throws {
        let source = try #require(Self.examples().first { $0.path.hasSuffix("acme-2027-h1.yaml") })
        var writer = CompiledPlanWriter()
        writer.write(Self.parse(source))
        let bytes = writer.bytes
        for cut in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 300)) {
            var reader = CompiledPlanReader(bytes, range: 0..<cut)
            #expect(throws: CompiledPlanError.self) { _ = try reader.read() }
        }
    }

    @Test func aWellFormedCacheWithAnImpossibleLengthIsRefusedNotTrusted() throws {
        let source = try #require(Self.examples().first)
        let path = "/plans/a.yaml"
        let entry = ParseCache.Entry(
            hash: 1, length: 10, defaults: Plan.defaultReminders, parse: Self.parse(source))
        var bytes = try #require(CompiledPlanCache.encode([path: entry]))
        // The length field follows the header, the entry count, the path and the hash; the checksum is made
        // good again, so only the value itself can give it away.
        let offset =
            CompiledPlanCache.magic.count + 1 + 1 + CompiledPlanCache.engine.utf8.count + 1
            + CompiledPlanCache.architecture.utf8.count + 8 + 8 + path.utf8.count + 8
        #expect(bytes[offset] == 10)
        bytes.replaceSubrange(offset..<(offset + 8), with: [UInt8](repeating: 0xFF, count: 8))
        bytes.removeLast(8)
        let sum = ParseCache.hash(bytes)
        withUnsafeBytes(of: sum.littleEndian) { bytes.append(contentsOf: $0) }
        #expect(throws: CompiledPlanError.self) { _ = try CompiledPlanCache.decode(bytes) }
    }

    @Test func aCacheAbandonedByAStopIsNotWrittenAndLeavesNoTemporaryFile() throws {
        let source = try #require(Self.examples().first)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let cache = CompiledPlanCache(stateDirectory: directory.path)
        let entries = [
            source.path: ParseCache.Entry(
                hash: ParseCache.hash(source.text.utf8), length: source.text.utf8.count,
                defaults: Plan.defaultReminders, parse: Self.parse(source))
        ]
        try cache.write(entries, abandoned: { true })
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
        guard case .missing = cache.read() else {
            Issue.record("an abandoned write left a cache")
            return
        }
        try cache.write(entries)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["plans.cache"])
        guard case .loaded(let back) = cache.read() else {
            Issue.record("the cache written is not read back")
            return
        }
        #expect(Array(back.keys) == [source.path])
    }

    /// The cache is written a few files at a time, straight to the file: what is written is byte for byte the
    /// encoding of the whole, over several batches, and reads back; a write abandoned half-way leaves the previous
    /// cache as it was and no temporary file.
    @Test func aCacheWrittenPieceByPieceIsTheWholeEncodingAndAHalfWayStopKeepsTheOldOne() throws {
        let sources = Self.examples()
        var entries: [String: ParseCache.Entry] = [:]
        for copy in 0..<4 {
            for source in sources {
                entries["\(copy)/" + source.path] = ParseCache.Entry(
                    hash: ParseCache.hash(source.text.utf8), length: source.text.utf8.count,
                    defaults: Plan.defaultReminders, parse: Self.parse(source))
            }
        }
        #expect(entries.count == 24)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let cache = CompiledPlanCache(stateDirectory: directory.path)
        try cache.write(entries)
        let written = try #require(FileManager.default.contents(atPath: directory.appending("plans.cache")))
        #expect([UInt8](written) == CompiledPlanCache.encode(entries))
        guard case .loaded(let back) = cache.read() else {
            Issue.record("the cache written is not read back")
            return
        }
        #expect(Set(back.keys) == Set(entries.keys))
        // Abandoned after the first batch: the cache on disk is still the complete one.
        let asked = Mutex(0)
        try cache.write(
            entries.filter { !$0.key.hasPrefix("0/") },
            abandoned: {
                asked.withLock { n in
                    n += 1
                    return n > 8
                }
            })
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["plans.cache"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: directory.appending("plans.cache"))) == written)
        #expect(asked.withLock { $0 } == 9)  // eight entries of the first batch, then the check after it
    }

    static func harness() throws -> DaemonHarness {
        var plans: [String: String] = [:]
        for source in examples() { plans[(source.path as NSString).lastPathComponent] = source.text }
        return try DaemonHarness(plans: plans, now: 1_798_761_600)  // 2027-01-01T00:00Z
    }

    static func started(_ h: DaemonHarness) -> String {
        h.entries(.started).last?.message ?? ""
    }

    @Test func aRestartWithUnchangedFilesParsesNothingAndAChangedFileIsParsedAgain() throws {
        let h = try Self.harness()
        try h.start()
        #expect(!Self.started(h).contains("compiled-plan cache"), "\(Self.started(h))")
        let plans = h.daemon!.plans.current.planSet.plans.count
        h.stop()
        let cachePath = h.config.stateDirectory + "/plans.cache"
        #expect(FileManager.default.fileExists(atPath: cachePath))
        try h.start()
        #expect(Self.started(h).contains("6 of 6 files from the compiled-plan cache"), "\(Self.started(h))")
        #expect(h.daemon!.plans.current.planSet.plans.count == plans)
        #expect(h.daemon!.plans.current.accepted)
        h.stop()
        let linkedin = h.directory.appending("plans/linkedin-2027-01.yaml")
        let text = try String(contentsOfFile: linkedin, encoding: .utf8)
        try (text + "\n# edited\n").write(toFile: linkedin, atomically: true, encoding: .utf8)
        try h.start()
        #expect(Self.started(h).contains("5 of 6 files from the compiled-plan cache"), "\(Self.started(h))")
        h.stop()
        try h.start()
        #expect(Self.started(h).contains("6 of 6 files from the compiled-plan cache"), "\(Self.started(h))")
        #expect(h.entries(.started).count == 4)
        #expect(!h.sink.entries.contains { $0.message.contains("discarded") })
    }

    /// A reload's cache write waits (so that it does not take the cores while the reload is put in force), is done
    /// when the daemon is asked to finish its plans' work, and is dropped by a stop meanwhile: the next start then
    /// parses only the file changed since the last write.
    @Test func aReloadsCacheWriteWaitsAndAStopMeanwhileCostsOnlyTheChangedFile() throws {
        let h = try Self.harness()
        try h.start()
        let cachePath = h.config.stateDirectory + "/plans.cache"
        h.daemon!.waitForPlans()
        let written = try Data(contentsOf: URL(fileURLWithPath: cachePath))
        let linkedin = h.directory.appending("plans/linkedin-2027-01.yaml")
        let text = try String(contentsOfFile: linkedin, encoding: .utf8)
        func reloadEdited(_ n: Int) throws {
            try (text + "\n# edited \(n)\n").write(toFile: linkedin, atomically: true, encoding: .utf8)
            h.daemon!.plans.reloadWriteDelay = .seconds(3600)
            #expect(try h.client().call(ReloadCall()).accepted)
        }
        try reloadEdited(1)
        #expect(try Data(contentsOf: URL(fileURLWithPath: cachePath)) == written, "the write did not wait")
        h.daemon!.waitForPlans()
        let rewritten = try Data(contentsOf: URL(fileURLWithPath: cachePath))
        #expect(rewritten != written)
        // Another reload, then a stop while its write waits: the cache stays as it was, and is trusted.
        try reloadEdited(2)
        h.daemon!.shutdown()
        #expect(try Data(contentsOf: URL(fileURLWithPath: cachePath)) == rewritten)
        try h.start()
        #expect(Self.started(h).contains("5 of 6 files from the compiled-plan cache"), "\(Self.started(h))")
        h.stop()
        try h.start()
        #expect(Self.started(h).contains("6 of 6 files from the compiled-plan cache"), "\(Self.started(h))")
        h.stop()
    }

    /// Spoils the cache file, restarts, and returns the notice about it.
    static func spoiled(_ spoil: (inout [UInt8]) -> Void) throws -> (notice: String, started: String, again: String) {
        let h = try harness()
        try h.start()
        h.stop()
        let path = h.config.stateDirectory + "/plans.cache"
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        spoil(&bytes)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        try h.start()
        let notice = h.sink.entries.first {
            $0.message.contains("compiled-plan cache") && $0.message.contains("discarded")
        }
        let started = Self.started(h)
        #expect(h.daemon!.plans.current.accepted && h.daemon!.plans.current.planSet.plans.count == 5)
        h.stop()
        // Rebuilt: the next start trusts it again.
        try h.start()
        let again = Self.started(h)
        h.stop()
        return ("\(notice?.priority.rawValue ?? -1) \(notice?.message ?? "no notice")", started, again)
    }

    static func replace(_ text: String, with other: String, in bytes: inout [UInt8]) {
        let needle = Array(text.utf8)
        let replacement = Array(other.utf8)
        precondition(needle.count == replacement.count)
        for i in 0...(bytes.count - needle.count) where Array(bytes[i..<(i + needle.count)]) == needle {
            bytes.replaceSubrange(i..<(i + needle.count), with: replacement)
            return
        }
        Issue.record("'\(text)' is not in the cache")
    }

    @Test(arguments: ["truncated", "corrupt", "other version", "other architecture", "not a cache", "empty"])
    func anUntrustworthyCacheIsDiscardedWithANoticeAndRebuilt(how: String) throws {
        let (notice, started, again) = try Self.spoiled { bytes in
            switch how {
            case "truncated": bytes.removeLast(bytes.count / 3)
            case "corrupt": bytes[bytes.count / 2] ^= 0x20
            case "other version":
                Self.replace(CompiledPlanCache.engine, with: "X" + CompiledPlanCache.engine.dropFirst(), in: &bytes)
            case "other architecture":
                Self.replace(
                    CompiledPlanCache.architecture, with: "Y" + CompiledPlanCache.architecture.dropFirst(), in: &bytes)
            case "not a cache": bytes = Array("plan: not a cache\n".utf8)
            default: bytes = []
            }
        }
        let why: String
        switch how {
        case "truncated", "corrupt": why = "its checksum does not match (cut short or corrupt)"
        case "other version": why = "it was written by another version"
        case "other architecture": why = "it was written on another architecture"
        default: why = "it is not a compiled-plan cache"
        }
        #expect(notice.hasPrefix("5 compiled-plan cache "), "\(notice)")
        #expect(notice.contains("discarded: \(why)"), "\(notice)")
        #expect(notice.hasSuffix("it is rebuilt from the plan files"), "\(notice)")
        #expect(!started.contains("from the compiled-plan cache"), "\(started)")
        #expect(again.contains("6 of 6 files from the compiled-plan cache"), "\(again)")
    }
}
