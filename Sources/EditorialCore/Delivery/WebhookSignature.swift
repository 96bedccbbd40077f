/// The signature of a webhook request, in the `Editoriald-Signature` header (the scheme Stripe uses).
///
/// The sender takes the request's Unix time in seconds `T` (decimal ASCII digits, no sign, no leading zeros), the
/// exact bytes of the request body `B` and the shared secret `S` (its bytes as configured), and sends
///
///     Editoriald-Signature: t=T,v1=HEX
///
/// where `HEX` is the lower-case hexadecimal HMAC-SHA256 (RFC 2104) under the key `S` of the bytes of `T`, one
/// full stop (`.`, 0x2E), then `B`: HMAC-SHA256(key: S, message: "T." + B). A receiver:
///
/// 1. splits the header value at `,` into `key=value` pairs (space around each pair ignored, pairs with other keys
///    ignored, so that a scheme `v2` can be added later); there must be exactly one `t`;
/// 2. rejects the request when `T` is more than a tolerance (300 s here) away from its own clock, either way, which
///    bounds replays;
/// 3. computes the HMAC of `T` (as received) + `.` + the raw body, before any parsing, and accepts the request when
///    any `v1` value equals it (several `v1` values let a sender sign with the old and new secret while a secret is
///    rotated), comparing in constant time.
public struct WebhookSignature: Hashable, Sendable {
    /// The header's name.
    public static let header = "Editoriald-Signature"

    /// The header's value for `body` sent at `timestamp` (Unix seconds) under `secret`: `t=<timestamp>,v1=<hex>`.
    public static func value(body: [UInt8], timestamp: Int64, secret: [UInt8]) -> String {
        "t=\(timestamp),v1=" + Hex.string(mac(body: body, timestamp: String(timestamp), secret: secret))
    }

    /// True when `header` (the value of an `Editoriald-Signature` header) carries a `v1` signature of `body` under
    /// `secret` and its timestamp is at most `tolerance` seconds away from `now`, as the type's comment describes.
    public static func verify(header: String, body: [UInt8], secret: [UInt8], now: Int64, tolerance: Int64 = 300)
        -> Bool
    {
        var timestamp: Substring?
        var candidates: [Substring] = []
        for pair in header.split(separator: ",", omittingEmptySubsequences: false) {
            let item = trimmed(pair)
            guard let equals = item.firstIndex(of: "=") else { continue }
            let key = item[..<equals]
            let value = item[item.index(after: equals)...]
            if key == "t" {
                guard timestamp == nil else { return false }
                timestamp = value
            } else if key == "v1" {
                candidates.append(value)
            }
        }
        guard let timestamp, let t = canonicalSeconds(timestamp), !candidates.isEmpty else { return false }
        let (age, overflow) = now.subtractingReportingOverflow(t)
        guard !overflow, age.magnitude <= max(tolerance, 0).magnitude else { return false }
        let expected = mac(body: body, timestamp: String(timestamp), secret: secret)
        // Every candidate is compared in full, so the time taken says nothing about which bytes matched.
        var matched = false
        for candidate in candidates {
            guard let given = Hex.bytes(candidate), given.count == expected.count else { continue }
            var difference: UInt8 = 0
            for i in 0..<expected.count { difference |= given[i] ^ expected[i] }
            matched = matched || difference == 0
        }
        return matched
    }

    private static func trimmed(_ text: Substring) -> Substring {
        var text = text
        while text.first == " " || text.first == "\t" { text.removeFirst() }
        while text.last == " " || text.last == "\t" { text.removeLast() }
        return text
    }

    private static func mac(body: [UInt8], timestamp: String, secret: [UInt8]) -> [UInt8] {
        HMACSHA256.authenticate(Array(timestamp.utf8) + [UInt8(ascii: ".")] + body, key: secret)
    }

    // Decimal digits without a sign or leading zeros, so that one instant has one signed form.
    private static func canonicalSeconds(_ text: Substring) -> Int64? {
        let utf8 = text.utf8
        guard let first = utf8.first, utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            first != 0x30 || utf8.count == 1
        else { return nil }
        return Int64(text)
    }
}
