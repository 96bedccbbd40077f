import EditorialCore
import EditorialRuntime
import Foundation
import Synchronization
import Testing

@testable import EditorialClient

/// Reading plan files: the size limit, files that change or are replaced while they are read, and what is not a
/// readable regular file.
struct PlanFileReaderTests {
    @Test func aFileOverTheLimitIsRefusedWithoutReadingIt() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        // A sparse 200 MiB file: refused on its size, so the refusal costs neither the read nor the memory.
        let path = dir.appending("export.yaml")
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: 200 << 20)
        try handle.close()
        let failure = try #require(PlanFileReader().read(path).failure)
        #expect(
            failure.reason
                == "the file is 200 MiB; plan files are limited to 128 MiB (split it into several files)")
        let small = PlanFileReader(limit: 1000)
        try String(repeating: "# x\n", count: 300).write(toFile: path, atomically: true, encoding: .utf8)
        #expect(
            small.read(path).failure?.reason
                == "the file is 1200 bytes; plan files are limited to 1000 bytes (split it into several files)")
        try String(repeating: "# x\n", count: 250).write(toFile: path, atomically: true, encoding: .utf8)
        #expect(small.read(path) == .success(String(repeating: "# x\n", count: 250)))
    }

    @Test func aFileThatChangesWhileItIsReadIsReadAgain() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.appending("a.yaml")
        try "plan: a\n".write(toFile: path, atomically: false, encoding: .utf8)
        let reads = Mutex(0)
        var reader = PlanFileReader()
        reader.afterRead = { attempt in
            reads.withLock { $0 = attempt }
            // Appended in place during the first read only.
            if attempt == 1, let h = FileHandle(forWritingAtPath: path) {
                h.seekToEndOfFile()
                h.write(Data("kind: editorial\n".utf8))
                h.closeFile()
            }
        }
        #expect(reader.read(path) == .success("plan: a\nkind: editorial\n"))
        #expect(reads.withLock { $0 } == 2)
    }

    @Test func aFileReplacedByARenameWhileItIsReadIsReadInItsNewVersion() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.appending("a.yaml")
        try "plan: old\n".write(toFile: path, atomically: false, encoding: .utf8)
        var reader = PlanFileReader()
        reader.afterRead = { attempt in
            if attempt == 1 { try? "plan: new\n".write(toFile: path, atomically: true, encoding: .utf8) }
        }
        #expect(reader.read(path) == .success("plan: new\n"))
    }

    @Test func aFileThatKeepsChangingIsRefusedUntilItSettles() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.appending("a.yaml")
        try "plan: a\n".write(toFile: path, atomically: false, encoding: .utf8)
        var reader = PlanFileReader()
        reader.afterRead = { attempt in
            try? "plan: a\n\(String(repeating: "#", count: attempt))\n".write(
                toFile: path, atomically: true, encoding: .utf8)
        }
        let failure = try #require(reader.read(path).failure)
        #expect(failure.reason.hasPrefix("the file changed while it was read, 3 times"), "\(failure.reason)")
    }

    @Test func concurrentRenamesNeverYieldAMixOfTwoVersions() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.appending("a.yaml")
        // Two versions of different lengths, so a mix of the two could not pass for either.
        let versions = [
            "plan: a\n" + String(repeating: "# first version\n", count: 4000),
            "plan: a\n" + String(repeating: "# the second, longer version\n", count: 6000),
        ]
        try versions[0].write(toFile: path, atomically: true, encoding: .utf8)
        let stop = Atomic(false)
        let writer = Thread {
            var i = 0
            while !stop.load(ordering: .relaxed) {
                i += 1
                try? versions[i % 2].write(toFile: path, atomically: true, encoding: .utf8)
            }
        }
        writer.start()
        defer { stop.store(true, ordering: .relaxed) }
        var seen: [Int: Int] = [:]
        for _ in 0..<300 {
            switch PlanFileReader().read(path) {
            case .success(let text):
                let which = try #require(versions.firstIndex(of: text), "a mix of two versions was read")
                seen[which, default: 0] += 1
            case .failure(let failure):
                #expect(failure.reason.hasPrefix("the file changed while it was read"), "\(failure.reason)")
            }
        }
        #expect(seen.values.reduce(0, +) > 0)
    }

    /// A file read is stamped only when it last changed more than `settleNanoseconds` before the read began, with
    /// the stamp `stat` gives it; what is not a regular file has none.
    @Test func aFileIsStampedOnceItHasSettled() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.appending("a.yaml")
        try "plan: a\n".write(toFile: path, atomically: false, encoding: .utf8)
        let written = try #require(PlanFileReader.Stamp(path: path))
        let (text, stamp) = try PlanFileReader().readStamped(path).get()
        #expect(text == "plan: a\n" && stamp == nil)
        var later = PlanFileReader()
        let changed = written.changed
        later.clock = { changed + PlanFileReader.settleNanoseconds + 1 }
        #expect(try later.readStamped(path).get().stamp == written)
        later.clock = { changed + PlanFileReader.settleNanoseconds }
        #expect(try later.readStamped(path).get().stamp == nil)
        #expect(PlanFileReader.Stamp(path: dir.path) == nil && PlanFileReader.Stamp(path: dir.appending("none")) == nil)
    }

    @Test func whatIsNotARegularUTF8FileIsAClearError() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let fifo = dir.appending("pipe.yaml")
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(PlanFileReader().read(fifo).failure?.reason == "not a regular file")
        let binary = dir.appending("binary.yaml")
        try Data([0x70, 0x6C, 0xFF, 0xFE, 0x0A]).write(to: URL(fileURLWithPath: binary))
        #expect(PlanFileReader().read(binary).failure?.reason == "the file is not UTF-8 text")
        #expect(PlanFileReader().read(dir.appending("none.yaml")).failure?.reason == "no such file or directory")
    }

    @Test func anOversizedFileRejectsTheLoadWithItsPath() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try PlanLoaderTests.plan("a").write(toFile: dir.appending("a.yaml"), atomically: true, encoding: .utf8)
        let good = PlanLoader.load(directory: dir.path, defaultReminders: Plan.defaultReminders)
        #expect(good.accepted)
        let huge = dir.appending("huge.yaml")
        #expect(FileManager.default.createFile(atPath: huge, contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: huge))
        try handle.truncate(atOffset: 200 << 20)
        try handle.close()
        let load = PlanLoader.load(directory: dir.path, defaultReminders: Plan.defaultReminders)
        #expect(!load.accepted)
        #expect(
            load.errors.map(\.description) == [
                "\(huge):1:1: error: cannot read: the file is 200 MiB; plan files are limited to 128 MiB "
                    + "(split it into several files)"
            ])
    }
}

extension Result {
    /// The error, if this is a failure.
    fileprivate var failure: Failure? {
        if case .failure(let f) = self { return f }
        return nil
    }
}
