import EditorialCore
import Foundation
import Testing

/// The writer (`compact`, `pretty`) and the accessors of `JSONValue`, and round trips through the parser over
/// random values. The seed is random per run and printed; set `CONTROL_JSON_SEED` to replay one.
struct JSONValueTests {
    /// A value with nesting, every scalar kind and keys out of order.
    static let sample: JSONValue = .object([
        "b": .int(1),
        "a": .array([.null, .bool(true), .bool(false)]),
        "c": .object(["z": .string("x"), "y": .double(1.5), "aa": .int(-7)]),
    ])

    /// `compact` is one line with keys sorted at every level and no space.
    @Test func compactIsOneLineWithSortedKeys() {
        #expect(
            Self.sample.compact == #"{"a":[null,true,false],"b":1,"c":{"aa":-7,"y":1.5,"z":"x"}}"#)
        let withNewlines = JSONValue.object(["text": .string("line 1\nline 2\r\n"), "list": .array([.string("\n")])])
        #expect(!withNewlines.compact.contains("\n"))
        #expect(!withNewlines.compact.utf8.contains(0x0D))
        #expect(withNewlines.compact == #"{"list":["\n"],"text":"line 1\nline 2\r\n"}"#)
        #expect(JSONValue.object([:]).compact == "{}")
        #expect(JSONValue.array([]).compact == "[]")
        #expect(JSONValue.int(.min).compact == "-9223372036854775808")
    }

    /// Keys sort by their Unicode text, so the same object always writes the same bytes.
    @Test func keysSortByCodePoint() {
        let value = JSONValue.object(["é": .int(3), "Z": .int(2), "a": .int(1), "": .int(0), "ab": .int(4)])
        #expect(value.compact == #"{"":0,"Z":2,"a":1,"ab":4,"é":3}"#)
    }

    /// Quotes, backslashes and control characters are escaped; everything else, non-ASCII included, is
    /// written as its own UTF-8.
    @Test func stringEscaping() {
        #expect(JSONValue.string("say \"hi\"").compact == #""say \"hi\"""#)
        #expect(JSONValue.string(#"a\b"#).compact == #""a\\b""#)
        #expect(JSONValue.string("\u{1}").compact == #""\u0001""#)
        #expect(JSONValue.string("\u{0}\u{8}\u{C}\u{1F}").compact == #""\u0000\u0008\u000c\u001f""#)
        #expect(JSONValue.string("a\nb\rc\td").compact == #""a\nb\rc\td""#)
        // DEL and the solidus need no escape.
        #expect(JSONValue.string("\u{7F}/").compact == "\"\u{7F}/\"")
        let text = "é 😀 クリス \u{2028}"
        let written = JSONValue.string(text).compact
        #expect(written == "\"\(text)\"")
        #expect(Array(written.utf8) == [0x22] + Array(text.utf8) + [0x22])
        // Member names are escaped the same way.
        #expect(JSONValue.object(["a\"b\n": .null]).compact == #"{"a\"b\n":null}"#)
    }

    /// JSON has no NaN or infinity: such a double is written as `null`; finite ones read back exactly.
    @Test func doublesWriteAsJSONNumbers() throws {
        #expect(JSONValue.double(.nan).compact == "null")
        #expect(JSONValue.double(.infinity).compact == "null")
        #expect(JSONValue.double(-.infinity).compact == "null")
        for d in [
            1.5, -0.25, 100, 1e300, -1e-300, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 0.1 + 0.2,
            9_007_199_254_740_994,
        ] {
            let back = try JSONParser.parse(JSONValue.double(d).compact)
            #expect(back == .double(d), "\(d) → \(JSONValue.double(d).compact)")
        }
    }

    /// `pretty` indents two spaces per level, puts a space after colons, and keeps empty containers short.
    @Test func prettyLayout() throws {
        let value = JSONValue.object(["b": .object([:]), "a": .array([.int(1), .array([])])])
        #expect(
            value.pretty == """
                {
                  "a": [
                    1,
                    []
                  ],
                  "b": {}
                }
                """)
        #expect(try JSONParser.parse(Self.sample.pretty) == Self.sample)
    }

    /// `int` accepts a double with an integral value (within 2^53) but nothing else; `string`, `bool`,
    /// `array` and `object` answer only for their own kind.
    @Test func accessors() {
        #expect(JSONValue.int(5).int == 5)
        #expect(JSONValue.double(3).int == 3)
        #expect(JSONValue.double(-0.0).int == 0)
        #expect(JSONValue.double(3.5).int == nil)
        #expect(JSONValue.double(1e16).int == nil)
        #expect(JSONValue.double(.nan).int == nil)
        #expect(JSONValue.string("3").int == nil)
        #expect(JSONValue.bool(true).int == nil)
        #expect(JSONValue.string("x").string == "x")
        #expect(JSONValue.int(1).string == nil)
        #expect(JSONValue.bool(false).bool == false)
        #expect(JSONValue.null.bool == nil)
        #expect(JSONValue.array([.null]).array == [.null])
        #expect(JSONValue.object(["k": .null]).array == nil)
        #expect(JSONValue.object(["k": .null]).object == ["k": .null])
        #expect(JSONValue.object(["k": .null])["k"] == .null)
        #expect(JSONValue.object(["k": .null])["j"] == nil)
        #expect(JSONValue.array([.object(["k": .int(1)])])["k"] == nil)
        #expect(JSONValue.string("k")["k"] == nil)
        #expect(JSONValue.null["k"] == nil)
        #expect(JSONValue.optional(String?.none) == .null)
        #expect(JSONValue.optional("s") == .string("s"))
        #expect(JSONValue.optional(Int64?.none) == .null)
        #expect(JSONValue.optional(Int64(4)) == .int(4))
        #expect(
            [JSONValue.null, .bool(true), .int(1), .double(1), .string(""), .array([]), .object([:])].map(\.typeName)
                == ["null", "a boolean", "a number", "a number", "a string", "an array", "an object"])
    }

    /// Random values written compactly and prettily parse back to themselves; the compact text is one line.
    @Test func randomValuesRoundTrip() throws {
        let seed =
            ProcessInfo.processInfo.environment["CONTROL_JSON_SEED"].flatMap(UInt64.init)
            ?? UInt64.random(in: 1...UInt64.max)
        print("JSONValueTests seed: \(seed) (replay with CONTROL_JSON_SEED=\(seed))")
        var rng = SplitMix64(state: seed)
        for round in 0..<400 {
            let value = Self.randomValue(depth: 0, using: &rng)
            let compact = value.compact
            #expect(!compact.utf8.contains(0x0A), "seed \(seed) round \(round): \(compact)")
            let fromCompact = try JSONParser.parse(compact)
            #expect(fromCompact == value, "seed \(seed) round \(round): \(compact)")
            let fromPretty = try JSONParser.parse(value.pretty)
            #expect(fromPretty == value, "seed \(seed) round \(round): \(value.pretty)")
            // Writing is deterministic: the parsed value writes the same bytes.
            #expect(fromCompact.compact == compact, "seed \(seed) round \(round)")
        }
    }

    /// A random value at most four containers deep (well inside `JSONParser.maxDepth`).
    static func randomValue(depth: Int, using rng: inout SplitMix64) -> JSONValue {
        let kinds = depth >= 4 ? 5 : 7
        switch Int.random(in: 0..<kinds, using: &rng) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2: return .int(randomInt(using: &rng))
        case 3: return .double(randomDouble(using: &rng))
        case 4: return .string(randomString(using: &rng))
        case 5:
            return .array(
                (0..<Int.random(in: 0...5, using: &rng)).map { _ in randomValue(depth: depth + 1, using: &rng) })
        default:
            var members: [String: JSONValue] = [:]
            for _ in 0..<Int.random(in: 0...5, using: &rng) {
                members[randomString(using: &rng)] = randomValue(depth: depth + 1, using: &rng)
            }
            return .object(members)
        }
    }

    /// Small, extreme and arbitrary 64-bit integers.
    static func randomInt(using rng: inout SplitMix64) -> Int64 {
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: return Int64.random(in: -10...10, using: &rng)
        case 1: return [Int64.min, .max, .min + 1, .max - 1, 0][Int.random(in: 0..<5, using: &rng)]
        default: return Int64(bitPattern: rng.next())
        }
    }

    /// Finite doubles: arbitrary bit patterns, integral values, short decimals, tiny and huge magnitudes.
    static func randomDouble(using rng: inout SplitMix64) -> Double {
        switch Int.random(in: 0..<5, using: &rng) {
        case 0:
            while true {
                let d = Double(bitPattern: rng.next())
                if d.isFinite { return d }
            }
        case 1: return Double(Int.random(in: -1_000_000...1_000_000, using: &rng))
        case 2: return Double(Int.random(in: -99_999...99_999, using: &rng)) / 100
        case 3:
            return [0.0, -0.0, .leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude, 1e21][
                Int.random(in: 0..<6, using: &rng)]
        default:
            return Double.random(in: -1...1, using: &rng) * pow(10, Double(Int.random(in: -300...300, using: &rng)))
        }
    }

    /// Strings mixing ASCII, characters that need escaping, DEL, and scalars of every UTF-8 length.
    static func randomString(using rng: inout SplitMix64) -> String {
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...12, using: &rng) {
            let value: UInt32
            switch Int.random(in: 0..<6, using: &rng) {
            case 0: value = UInt32.random(in: 0x20...0x7E, using: &rng)
            case 1: value = [0x22, 0x5C, 0x2F, 0x7F, 0x0A, 0x0D, 0x09][Int.random(in: 0..<7, using: &rng)]
            case 2: value = UInt32.random(in: 0x00...0x1F, using: &rng)
            case 3: value = UInt32.random(in: 0x80...0x7FF, using: &rng)
            case 4: value = UInt32.random(in: 0x800...0xFFFF, using: &rng)
            default: value = UInt32.random(in: 0x10000...0x10FFFF, using: &rng)
            }
            // Surrogate code points are not scalars; use the replacement character for them.
            scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
        }
        return String(scalars)
    }
}
