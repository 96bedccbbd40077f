import Foundation
import Testing

@testable import EditorialCore

/// The `Editoriald-Signature` scheme: the value we send, our verification, and python's `hmac` verifying a value we
/// produced by the scheme as documented.
struct DeliveryWebhookSignatureTests {
    static let secret = Array("whsec_test".utf8)
    static let body = Array(#"{"event":"due"}"#.utf8)
    static let t: Int64 = 1_700_000_000

    @Test func valueIsTimestampAndHexMACOfTimestampDotBody() {
        #expect(WebhookSignature.header == "Editoriald-Signature")
        // python3 -c 'import hmac,hashlib; print(hmac.new(b"whsec_test", b"1700000000.{\"event\":\"due\"}",
        // hashlib.sha256).hexdigest())'
        #expect(
            WebhookSignature.value(body: Self.body, timestamp: Self.t, secret: Self.secret)
                == "t=1700000000,v1=700d7f0277ea439ccf9c7bdcd16ea45240674168245c03223df65f2f9cbed89b")
    }

    @Test func verifiesItsOwnValueWithinTheTolerance() {
        let header = WebhookSignature.value(body: Self.body, timestamp: Self.t, secret: Self.secret)
        for now in [Self.t, Self.t + 1, Self.t + 300, Self.t - 300] {
            #expect(WebhookSignature.verify(header: header, body: Self.body, secret: Self.secret, now: now))
        }
        #expect(!WebhookSignature.verify(header: header, body: Self.body, secret: Self.secret, now: Self.t + 301))
        #expect(!WebhookSignature.verify(header: header, body: Self.body, secret: Self.secret, now: Self.t - 301))
        #expect(
            WebhookSignature.verify(
                header: header, body: Self.body, secret: Self.secret, now: Self.t + 3000, tolerance: 3600))
        #expect(!WebhookSignature.verify(header: header, body: Self.body, secret: Self.secret, now: .min))
    }

    @Test func rejectsAnotherBodyOrSecret() {
        let header = WebhookSignature.value(body: Self.body, timestamp: Self.t, secret: Self.secret)
        #expect(!WebhookSignature.verify(header: header, body: Self.body + [0x20], secret: Self.secret, now: Self.t))
        #expect(!WebhookSignature.verify(header: header, body: Self.body, secret: Array("other".utf8), now: Self.t))
        // The timestamp is signed: moving it breaks the signature.
        let moved = header.replacingOccurrences(of: "t=1700000000", with: "t=1700000001")
        #expect(!WebhookSignature.verify(header: moved, body: Self.body, secret: Self.secret, now: Self.t))
    }

    @Test func acceptsAnyOfSeveralSignatures() {
        let good = WebhookSignature.value(body: Self.body, timestamp: Self.t, secret: Self.secret)
        let v1 = String(good.split(separator: ",")[1])
        let old = WebhookSignature.value(body: Self.body, timestamp: Self.t, secret: Array("old".utf8))
        let oldV1 = String(old.split(separator: ",")[1])
        for header in [
            "t=\(Self.t),\(oldV1),\(v1)", "t=\(Self.t),\(v1),\(oldV1)", "\(v1), t=\(Self.t) , v0=abc",
            "t=\(Self.t),\(v1.uppercased().replacingOccurrences(of: "V1=", with: "v1="))", "t=\(Self.t),v2=zz,\(v1)",
        ] {
            #expect(
                WebhookSignature.verify(header: header, body: Self.body, secret: Self.secret, now: Self.t), "\(header)")
        }
        #expect(
            !WebhookSignature.verify(
                header: "t=\(Self.t),\(oldV1)", body: Self.body, secret: Self.secret, now: Self.t))
    }

    @Test func rejectsMalformedHeaders() {
        let good = WebhookSignature.value(body: Self.body, timestamp: Self.t, secret: Self.secret)
        let v1 = String(good.split(separator: ",")[1])
        for header in [
            "", v1, "t=\(Self.t)", "t=\(Self.t),v1=", "t=\(Self.t),t=\(Self.t),\(v1)", "t=+\(Self.t),\(v1)",
            "t=0\(Self.t),\(v1)", "t=-\(Self.t),\(v1)", "t=\(Self.t)x,\(v1)", "t=\(Self.t),\(v1)0",
            "t=\(Self.t),\(v1.dropLast(2))", "t=99999999999999999999,\(v1)", "t=\(Self.t);\(v1)",
        ] {
            #expect(
                !WebhookSignature.verify(header: header, body: Self.body, secret: Self.secret, now: Self.t), "\(header)"
            )
        }
    }

    // A receiver written from the doc comment, in python, checks what we send; ours checks what it signs.
    @Test func pythonVerifiesOurValueAndWeVerifyPythons() throws {
        let script = """
            import sys, hmac, hashlib, time
            secret, body, header = (bytes.fromhex(x) for x in sys.stdin.read().split())
            pairs = [p.strip().split("=", 1) for p in header.decode().split(",")]
            t = [v for k, v in pairs if k == "t"][0]
            expected = hmac.new(secret, t.encode() + b"." + body, hashlib.sha256).hexdigest()
            print("ok" if any(hmac.compare_digest(v, expected) for k, v in pairs if k == "v1") else "bad")
            mine = hmac.new(secret, b"1800000000." + body, hashlib.sha256).hexdigest()
            print("t=1800000000,v1=" + mine)
            """
        let body = Array("{\"title\":\"Caffè ☕️ — launch\",\"n\":1}\n".utf8)
        let secret = (0..<80).map { UInt8($0 * 7 & 0xff) }
        let header = WebhookSignature.value(body: body, timestamp: 1_800_000_000, secret: secret)
        let input = [Hex.string(secret), Hex.string(body), Hex.string(Array(header.utf8))].joined(separator: " ")
        let result = try #require(
            ReferenceProcesses.run(URL(fileURLWithPath: "/usr/bin/python3"), ["-c", script], input: input),
            "cannot start /usr/bin/python3")
        try #require(result.status == 0, "\(result.error)")
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines == ["ok", header])
        #expect(WebhookSignature.verify(header: lines[1], body: body, secret: secret, now: 1_800_000_100))
    }
}
