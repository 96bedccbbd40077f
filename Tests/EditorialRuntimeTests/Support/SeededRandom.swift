import Foundation

/// A seeded generator (SplitMix64's steps) for the randomized process tests: each prints its seed, and
/// `EDITORIALD_TEST_SEED` replays a run.
struct SeededRandom: RandomNumberGenerator {
    /// The seed this run started from.
    let seed: UInt64
    private var state: UInt64

    /// The seed from `EDITORIALD_TEST_SEED`, else a random one; printed with `test`'s name.
    init(for test: String) {
        let given = ProcessInfo.processInfo.environment["EDITORIALD_TEST_SEED"].flatMap { UInt64($0) }
        seed = given ?? UInt64.random(in: 1...UInt64.max)
        state = seed
        print("\(test): seed \(seed) (EDITORIALD_TEST_SEED=\(seed) replays it)")
    }

    /// The next 64 bits.
    mutating func next() -> UInt64 {
        state = state &+ 0x9E37_79B9_7F4A_7C15
        let a = (state ^ (state >> 30)) &* 0xBF58_476D_1CE4_E5B9
        let b = (a ^ (a >> 27)) &* 0x94D0_49BB_1331_11EB
        return b ^ (b >> 31)
    }
}
