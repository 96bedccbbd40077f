import Foundation
import Testing

@testable import EditorialCore

/// `XXHash64` is XXH64: the same values as `xxhsum -H1` (Debian's `xxhash`, the reference implementation), whole
/// or fed in pieces.
@Suite struct XXHash64Tests {
    /// Published values (xxHash's README and `xxhsum`).
    @Test func knownValues() {
        #expect(XXHash64.hash([UInt8]()) == 0xEF46_DB37_51D8_E999)
        #expect(XXHash64.hash("abc") == 0x44BC_2CF5_AD77_0999)
        #expect(XXHash64.hash(Array("abc".utf8)) == 0x44BC_2CF5_AD77_0999)
    }

    /// Random inputs of every length up to 100 bytes and a few long ones, against `xxhsum -H1`, and each fed in
    /// random pieces gives the same value.
    @Test func agreesWithXxhsumWholeAndInPieces() throws {
        let seed = UInt64.random(in: 0...UInt64.max)
        print("XXHash64Tests.agreesWithXxhsumWholeAndInPieces seed \(seed)")
        var rng = SplitMix64(state: seed)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("xxh64-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let lengths = Array(0...100) + [255, 256, 1000, 4099, 65_537]
        var inputs: [[UInt8]] = []
        var paths: [String] = []
        for (k, n) in lengths.enumerated() {
            let bytes = (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let path = directory.appendingPathComponent("\(k)").path
            #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
            inputs.append(bytes)
            paths.append(path)
        }
        let xxhsum = try #require(
            ReferenceProcesses.run(URL(fileURLWithPath: "/usr/bin/env"), ["xxhsum", "-H1"] + paths, input: ""),
            "xxhsum cannot be started (scripts/setup installs xxhash)")
        #expect(xxhsum.status == 0, "\(xxhsum.error)")
        var reference: [String: String] = [:]
        for line in xxhsum.output.split(separator: "\n") {
            let fields = line.split(separator: " ", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if fields.count == 2 { reference[fields[1]] = fields[0] }
        }
        #expect(reference.count == paths.count, "\(xxhsum.output)")
        for (bytes, path) in zip(inputs, paths) {
            let whole = XXHash64.hash(bytes)
            #expect(String(format: "%016llx", whole) == reference[path], "\(bytes.count) bytes, seed \(seed)")
            var pieces = XXHash64()
            var i = 0
            while i < bytes.count {
                let n = min(bytes.count - i, Int.random(in: 0...40, using: &rng))
                pieces.update(bytes[i..<(i + n)])
                i += n
            }
            #expect(pieces.value == whole, "\(bytes.count) bytes in pieces, seed \(seed)")
        }
    }
}
