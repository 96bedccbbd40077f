/// SHA-256 (FIPS 180-4, §6.2), for HMAC-SHA256 webhook signatures; no dependency on a crypto library.
public enum SHA256 {
    /// The digest's length in bytes.
    public static let digestCount = 32
    /// The block length in bytes (the `B` of RFC 2104).
    public static let blockCount = 64

    /// The 32-byte digest of `bytes`.
    public static func hash(_ bytes: some Collection<UInt8>) -> [UInt8] { hash(prefix: [], bytes) }

    /// The digest of `prefix` followed by `bytes`, where `prefix` is a whole number of blocks (HMAC's padded keys),
    /// so that the message need not be copied after it.
    static func hash(prefix: [UInt8], _ bytes: some Collection<UInt8>) -> [UInt8] {
        precondition(prefix.count % blockCount == 0, "the prefix must be whole blocks")
        if let digest = bytes.withContiguousStorageIfAvailable({ digest(prefix: prefix, $0) }) { return digest }
        return Array(bytes).withUnsafeBufferPointer { digest(prefix: prefix, $0) }
    }

    private static func digest(prefix: [UInt8], _ message: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var state = initialState
        state.withUnsafeMutableBufferPointer { h in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
                roundConstants.withUnsafeBufferPointer { k in
                    prefix.withUnsafeBufferPointer { p in
                        var i = 0
                        while i < p.count {
                            compress(h, w, k, p.baseAddress! + i)
                            i += blockCount
                        }
                    }
                    let whole = message.count / blockCount * blockCount
                    var i = 0
                    while i < whole {
                        compress(h, w, k, message.baseAddress! + i)
                        i += blockCount
                    }
                    // The padding: 0x80, zeros, then the length in bits (big-endian), in one block or two.
                    let rest = message.count - whole
                    var tail = [UInt8](repeating: 0, count: 2 * blockCount)
                    for j in 0..<rest { tail[j] = message[whole + j] }
                    tail[rest] = 0x80
                    let blocks = rest + 9 <= blockCount ? 1 : 2
                    let bits = UInt64(prefix.count + message.count) &* 8
                    for j in 0..<8 { tail[blocks * blockCount - 1 - j] = UInt8(truncatingIfNeeded: bits >> (8 * j)) }
                    tail.withUnsafeBufferPointer { t in
                        for b in 0..<blocks { compress(h, w, k, t.baseAddress! + b * blockCount) }
                    }
                }
            }
        }
        var out = [UInt8]()
        out.reserveCapacity(digestCount)
        for word in state {
            out += [
                UInt8(truncatingIfNeeded: word >> 24), UInt8(truncatingIfNeeded: word >> 16),
                UInt8(truncatingIfNeeded: word >> 8), UInt8(truncatingIfNeeded: word),
            ]
        }
        return out
    }

    @inline(__always)
    private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x &>> n) | (x &<< (32 &- n)) }

    // One block into the state; `w` is scratch for the message schedule.
    @inline(__always)
    private static func compress(
        _ h: UnsafeMutableBufferPointer<UInt32>, _ w: UnsafeMutableBufferPointer<UInt32>,
        _ k: UnsafeBufferPointer<UInt32>, _ block: UnsafePointer<UInt8>
    ) {
        for t in 0..<16 {
            w[t] =
                UInt32(block[4 * t]) << 24 | UInt32(block[4 * t + 1]) << 16 | UInt32(block[4 * t + 2]) << 8
                | UInt32(block[4 * t + 3])
        }
        for t in 16..<64 {
            let a = w[t - 15]
            let b = w[t - 2]
            let s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a &>> 3)
            let s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b &>> 10)
            w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
        }
        var a = h[0]
        var b = h[1]
        var c = h[2]
        var d = h[3]
        var e = h[4]
        var f = h[5]
        var g = h[6]
        var hh = h[7]
        for t in 0..<64 {
            let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
            let ch = (e & f) ^ (~e & g)
            let t1 = hh &+ s1 &+ ch &+ k[t] &+ w[t]
            let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
            let maj = (a & b) ^ (a & c) ^ (b & c)
            let t2 = s0 &+ maj
            hh = g
            g = f
            f = e
            e = d &+ t1
            d = c
            c = b
            b = a
            a = t1 &+ t2
        }
        h[0] &+= a
        h[1] &+= b
        h[2] &+= c
        h[3] &+= d
        h[4] &+= e
        h[5] &+= f
        h[6] &+= g
        h[7] &+= hh
    }

    private static let initialState: [UInt32] = [
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19,
    ]

    private static let roundConstants: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]
}
