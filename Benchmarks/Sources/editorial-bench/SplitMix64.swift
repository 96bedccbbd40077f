/// SplitMix64 (Steele, Lea and Flood 2014): a tiny deterministic generator that the Python twin
/// (`dateutil_expand.py`) reproduces bit for bit, so both programs build the same schedules from a seed.
struct SplitMix64 {
    /// The generator state; advances by the golden-ratio increment on every draw.
    private(set) var state: UInt64

    /// Creates a generator whose first draw depends only on `seed`.
    init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in `0 ..< n` (`next() % n`; the bias is negligible for small `n` and easy to reproduce).
    mutating func below(_ n: Int) -> Int {
        Int(next() % UInt64(n))
    }
}
