import Testing

@testable import EditorialCore

/// SHA-256 against the FIPS 180-4 examples (NIST's published digests).
struct DeliverySHA256Tests {
    static func digest(_ text: String) -> String { Hex.string(SHA256.hash(Array(text.utf8))) }

    @Test func emptyMessage() {
        #expect(Self.digest("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func abc() {
        #expect(Self.digest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func message448Bits() {
        #expect(
            Self.digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func message896Bits() {
        let text =
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrst"
            + "nopqrstu"
        #expect(Self.digest(text) == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
    }

    @Test func oneMillionA() {
        let digest = SHA256.hash([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
        #expect(Hex.string(digest) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    // A collection without contiguous storage takes the copying path and must give the same digest.
    @Test func nonContiguousCollectionsHashTheSame() {
        let text = String(repeating: "editoriald ", count: 40)
        #expect(Hex.string(SHA256.hash(text.utf8)) == Hex.string(SHA256.hash(Array(text.utf8))))
        #expect(Hex.string(SHA256.hash((0..<200).map { UInt8($0) }.lazy.map { $0 })).count == 64)
    }
}
