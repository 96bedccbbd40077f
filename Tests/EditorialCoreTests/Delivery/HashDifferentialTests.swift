import Foundation
import Testing

@testable import EditorialCore

/// SHA-256 and HMAC-SHA256 against python's `hashlib` and `hmac` on random messages and keys, in one python
/// process. Replay a run with `HASH_DIFF_SEED=<seed>`.
struct DeliveryHashDifferentialTests {
    static let script = """
        import sys, hashlib, hmac
        for line in sys.stdin:
            message, key = (bytes.fromhex(part) for part in line.rstrip("\\n").split(" "))
            print(hashlib.sha256(message).hexdigest(), hmac.new(key, message, hashlib.sha256).hexdigest())
        """

    @Test func matchesPythonHashlibAndHmac() throws {
        let seed =
            ProcessInfo.processInfo.environment["HASH_DIFF_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 1...1 << 48)
        print("DeliveryHashDifferentialTests seed \(seed)")
        var random = SplitMix64(state: seed)
        // Lengths around the padding's one-or-two-block edge (55/56) and the block (64), and keys about the block.
        let messageLengths = [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129]
        let keyLengths = [0, 1, 32, 63, 64, 65, 100, 131, 200]
        var cases: [(message: [UInt8], key: [UInt8])] = []
        for i in 0..<200 {
            let m = i < messageLengths.count ? messageLengths[i] : Int.random(in: 0...300, using: &random)
            let k = i < keyLengths.count ? keyLengths[i] : Int.random(in: 0...200, using: &random)
            let message = (0..<m).map { _ in UInt8.random(in: 0...255, using: &random) }
            let key = (0..<k).map { _ in UInt8.random(in: 0...255, using: &random) }
            cases.append((message, key))
        }
        let input = cases.map { Hex.string($0.message) + " " + Hex.string($0.key) + "\n" }.joined()
        let result = try #require(
            ReferenceProcesses.run(URL(fileURLWithPath: "/usr/bin/python3"), ["-c", Self.script], input: input),
            "cannot start /usr/bin/python3")
        try #require(result.status == 0, "python failed (seed \(seed)): \(result.error)")
        let lines = result.output.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        try #require(lines.count == cases.count, "python gave \(lines.count) lines (seed \(seed))")
        for (c, line) in zip(cases, lines) {
            let context = "seed \(seed), message \(c.message.count) bytes, key \(c.key.count) bytes"
            #expect(Hex.string(SHA256.hash(c.message)) == line[0], "\(context)")
            #expect(Hex.string(HMACSHA256.authenticate(c.message, key: c.key)) == line[1], "\(context)")
        }
    }
}
