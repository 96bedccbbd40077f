import EditorialCore
import Foundation
import Testing

/// `JSONValueEncoder`, `JSONValueDecoder`, `ExplicitNull` and `JSONValue`'s own `Codable`: shapes, strictness,
/// error paths, and random round trips. The seed is random per run and printed; set `CONTROL_JSON_SEED` to
/// replay one.
struct JSONValueCodingTests {
    let encoder = JSONValueEncoder()
    let decoder = JSONValueDecoder()

    /// A small nested reply shape, with snake_case member names.
    struct Reply: Codable, Equatable {
        /// A nested object.
        struct Counts: Codable, Equatable {
            var dueToday: Int
            var overdue: Int

            enum CodingKeys: String, CodingKey {
                case dueToday = "due_today"
                case overdue
            }
        }

        var daemon: String
        var uptimeSeconds: Int64
        var healthy: Bool
        var load: Double
        var counts: Counts

        enum CodingKeys: String, CodingKey {
            case daemon
            case uptimeSeconds = "uptime_seconds"
            case healthy, load, counts
        }
    }

    /// An entry of a list, for arrays of structs and error paths.
    struct Item: Codable, Equatable {
        var id: String
        var due: Int
        var status: Status
    }

    /// A string enum, as the protocol's kinds and statuses are.
    enum Status: String, Codable {
        case planned, overdue, done
    }

    /// A list reply: items, a plain optional (left out when nil) and an explicit-null cursor.
    struct Page: Codable, Equatable {
        var items: [Item]
        var note: String?
        @ExplicitNull var nextCursor: String?

        enum CodingKeys: String, CodingKey {
            case items, note
            case nextCursor = "next_cursor"
        }
    }

    /// The members of a path as text, indices in brackets.
    static func path(_ keys: [any CodingKey]) -> [String] {
        keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
    }

    /// The case name, path and description of a decoding error.
    static func describe(_ error: DecodingError) -> (kind: String, path: [String], message: String) {
        switch error {
        case .typeMismatch(_, let c): ("typeMismatch", path(c.codingPath), c.debugDescription)
        case .valueNotFound(_, let c): ("valueNotFound", path(c.codingPath), c.debugDescription)
        case .keyNotFound(let key, let c): ("keyNotFound", path(c.codingPath + [key]), c.debugDescription)
        case .dataCorrupted(let c): ("dataCorrupted", path(c.codingPath), c.debugDescription)
        @unknown default: ("unknown", [], "\(error)")
        }
    }

    /// The path and description of an encoding error.
    static func describe(_ error: EncodingError) -> (path: [String], message: String) {
        switch error {
        case .invalidValue(_, let c): (path(c.codingPath), c.debugDescription)
        @unknown default: ([], "\(error)")
        }
    }

    /// Nested structs encode as nested objects under their CodingKeys' names and decode back.
    @Test func nestedStructsRoundTrip() throws {
        let reply = Reply(
            daemon: "editoriald", uptimeSeconds: 86_400, healthy: true, load: 0.25,
            counts: .init(dueToday: 2, overdue: 1))
        let value = try encoder.encode(reply)
        #expect(
            value
                == .object([
                    "daemon": .string("editoriald"), "uptime_seconds": .int(86_400), "healthy": .bool(true),
                    "load": .double(0.25), "counts": .object(["due_today": .int(2), "overdue": .int(1)]),
                ]))
        #expect(value.compact.contains(#""uptime_seconds":86400"#))
        #expect(try decoder.decode(Reply.self, from: value) == reply)
    }

    /// A nil optional is left out; an `@ExplicitNull` nil is written as `null`; both read back from a missing
    /// member and from `null`.
    @Test func optionalsAndExplicitNull() throws {
        let empty = Page(items: [], note: nil, nextCursor: nil)
        #expect(try encoder.encode(empty) == .object(["items": .array([]), "next_cursor": .null]))
        #expect(try decoder.decode(Page.self, from: .object(["items": .array([])])) == empty)
        let nulls = JSONValue.object(["items": .array([]), "note": .null, "next_cursor": .null])
        #expect(try decoder.decode(Page.self, from: nulls) == empty)

        let full = Page(items: [], note: "n", nextCursor: "c2")
        let value = try encoder.encode(full)
        #expect(value == .object(["items": .array([]), "note": .string("n"), "next_cursor": .string("c2")]))
        #expect(try decoder.decode(Page.self, from: value) == full)
        #expect(throws: DecodingError.self) {
            try decoder.decode(Page.self, from: .object(["items": .array([]), "next_cursor": .int(3)]))
        }
    }

    /// `ExplicitNull` needs nothing of the coder: Foundation's JSON coders write and read it the same way.
    @Test func explicitNullWithFoundationCoders() throws {
        let data = try JSONEncoder().encode(Page(items: [], note: nil, nextCursor: nil))
        #expect(try JSONParser.parse(Array(data)) == .object(["items": .array([]), "next_cursor": .null]))
        let page = try JSONDecoder().decode(Page.self, from: Data(#"{"items":[]}"#.utf8))
        #expect(page.nextCursor == nil)
    }

    /// Arrays of structs, string enums by raw value, and an unknown raw value refused.
    @Test func arraysOfStructsAndEnums() throws {
        let items = [Item(id: "a", due: 1, status: .planned), Item(id: "b", due: 2, status: .done)]
        let value = try encoder.encode(items)
        #expect(
            value
                == .array([
                    .object(["id": .string("a"), "due": .int(1), "status": .string("planned")]),
                    .object(["id": .string("b"), "due": .int(2), "status": .string("done")]),
                ]))
        #expect(try decoder.decode([Item].self, from: value) == items)
        #expect(try decoder.decode([Status].self, from: .array([.string("overdue")])) == [.overdue])
        let error = try #require(throws: DecodingError.self) {
            try decoder.decode([Status].self, from: .array([.string("done"), .string("late")]))
        }
        #expect(Self.describe(error).kind == "dataCorrupted")
        #expect(Self.describe(error).path == ["[1]"])
    }

    /// `[String: T]` is an object both ways; members a type does not know are ignored.
    @Test func dictionariesAndUnknownMembers() throws {
        let counts = ["planned": 3, "done": 0]
        let value = try encoder.encode(counts)
        #expect(value == .object(["planned": .int(3), "done": .int(0)]))
        #expect(try decoder.decode([String: Int].self, from: value) == counts)
        let nested = ["x": Item(id: "x", due: 5, status: .done)]
        #expect(try decoder.decode([String: Item].self, from: try encoder.encode(nested)) == nested)
        let newer = JSONValue.object([
            "id": .string("a"), "due": .int(1), "status": .string("done"), "added_later": .array([.null]),
        ])
        #expect(try decoder.decode(Item.self, from: newer) == Item(id: "a", due: 1, status: .done))
    }

    /// An item with its details: the item's members flattened into the same object, through its own
    /// `encode(to:)` and `init(from:)` on the same encoder and decoder.
    struct Detail: Codable, Equatable {
        var item: Item
        var history: [String]

        enum CodingKeys: String, CodingKey {
            case history
        }

        init(item: Item, history: [String]) {
            self.item = item
            self.history = history
        }

        init(from decoder: any Decoder) throws {
            item = try Item(from: decoder)
            history = try decoder.container(keyedBy: CodingKeys.self).decode([String].self, forKey: .history)
        }

        func encode(to encoder: any Encoder) throws {
            try item.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(history, forKey: .history)
        }
    }

    /// Several keyed containers of one encoder merge into one object.
    @Test func flatteningMergesContainers() throws {
        let detail = Detail(item: Item(id: "p", due: 9, status: .overdue), history: ["created"])
        let value = try encoder.encode(detail)
        #expect(
            value
                == .object([
                    "id": .string("p"), "due": .int(9), "status": .string("overdue"),
                    "history": .array([.string("created")]),
                ]))
        #expect(try decoder.decode(Detail.self, from: value) == detail)
    }

    /// Nested containers and super encoders and decoders land where they were asked for.
    struct Nesting: Codable, Equatable {
        var inner: Int
        var list: [Bool]
        var parent: String

        enum CodingKeys: String, CodingKey {
            case wrapper, list, inner
        }

        init(inner: Int, list: [Bool], parent: String) {
            self.inner = inner
            self.list = list
            self.parent = parent
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            inner = try container.nestedContainer(keyedBy: CodingKeys.self, forKey: .wrapper).decode(
                Int.self, forKey: .inner)
            var list = try container.nestedUnkeyedContainer(forKey: .list)
            var flags: [Bool] = []
            while !list.isAtEnd { flags.append(try list.decode(Bool.self)) }
            self.list = flags
            parent = try String(from: container.superDecoder())
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            var wrapper = container.nestedContainer(keyedBy: CodingKeys.self, forKey: .wrapper)
            var list = container.nestedUnkeyedContainer(forKey: .list)
            for flag in self.list { try list.encode(flag) }
            try parent.encode(to: container.superEncoder())
            try wrapper.encode(inner, forKey: .inner)
        }
    }

    /// Nested containers may be filled after their parent moved on; super encoders write under `super`.
    @Test func nestedContainersAndSuperEncoders() throws {
        let nesting = Nesting(inner: 7, list: [true, false], parent: "base")
        let value = try encoder.encode(nesting)
        #expect(
            value
                == .object([
                    "wrapper": .object(["inner": .int(7)]), "list": .array([.bool(true), .bool(false)]),
                    "super": .string("base"),
                ]))
        #expect(try decoder.decode(Nesting.self, from: value) == nesting)
    }

    /// Every integer type writes `.int` and reads back; values outside the type or outside Int64 fail.
    @Test func integerWidths() throws {
        func roundTrip<I: FixedWidthInteger & Codable>(_ type: I.Type) throws {
            for n in [I.min, I.max, 0] {
                let value = try encoder.encode(n)
                #expect(value == .int(Int64(n)), "\(I.self) \(n)")
                #expect(try decoder.decode(I.self, from: value) == n, "\(I.self) \(n)")
                #expect(try decoder.decode([I].self, from: .array([value])) == [n], "\(I.self) \(n)")
                #expect(try decoder.decode([String: I].self, from: .object(["k": value])) == ["k": n])
            }
        }
        try roundTrip(Int.self)
        try roundTrip(Int8.self)
        try roundTrip(Int16.self)
        try roundTrip(Int32.self)
        try roundTrip(Int64.self)
        try roundTrip(UInt8.self)
        try roundTrip(UInt16.self)
        try roundTrip(UInt32.self)
        #expect(try encoder.encode(UInt64(Int64.max)) == .int(.max))
        #expect(try encoder.encode(UInt(Int64.max)) == .int(.max))
        #expect(try decoder.decode(UInt64.self, from: .int(.max)) == UInt64(Int64.max))

        let error = try #require(throws: EncodingError.self) { try encoder.encode(["n": [UInt64.max]]) }
        #expect(Self.describe(error).path == ["n", "[0]"])
        #expect(Self.describe(error).message.contains("18446744073709551615"))
        #expect(throws: EncodingError.self) { try encoder.encode(UInt.max) }
        #expect(throws: EncodingError.self) { try encoder.encode([UInt(Int64.max) + 1]) }

        for (type, value) in [
            (Int8.self, JSONValue.int(128)), (Int8.self, .int(-129)), (UInt8.self, .int(-1)), (UInt8.self, .int(256)),
            (Int32.self, .int(Int64(Int32.max) + 1)), (UInt64.self, .int(-1)),
        ] as [(any (FixedWidthInteger & Decodable).Type, JSONValue)] {
            let error = try #require(throws: DecodingError.self) { try decoder.decode(type, from: value) }
            #expect(Self.describe(error).kind == "dataCorrupted", "\(type) from \(value)")
            #expect(Self.describe(error).message.contains("does not fit in \(type)"), "\(Self.describe(error))")
        }
    }

    /// Doubles and floats write `.double`; NaN and infinities are refused with their path.
    @Test func floatingPoint() throws {
        #expect(try encoder.encode(1.5) == .double(1.5))
        #expect(try encoder.encode(Float(0.1)) == .double(0.1))
        #expect(try encoder.encode([Float(-2)]) == .array([.double(-2)]))
        #expect(try decoder.decode(Float.self, from: .double(0.1)) == Float(0.1))
        for bad in [Double.nan, .infinity, -.infinity] {
            let error = try #require(throws: EncodingError.self) { try encoder.encode(["load": bad]) }
            #expect(Self.describe(error).path == ["load"])
            #expect(throws: EncodingError.self) { try encoder.encode(bad) }
            #expect(throws: EncodingError.self) { try encoder.encode([Float(bad)]) }
        }
        let error = try #require(throws: EncodingError.self) {
            try encoder.encode(
                Reply(daemon: "", uptimeSeconds: 0, healthy: true, load: .nan, counts: .init(dueToday: 0, overdue: 0)))
        }
        #expect(Self.describe(error).path == ["load"])
    }

    /// An integer reads as a double; an integral double reads as an integer; a fraction or an inexact
    /// magnitude does not.
    @Test func numberConversions() throws {
        #expect(try decoder.decode(Double.self, from: .int(3)) == 3.0)
        #expect(try decoder.decode(Float.self, from: .int(-4)) == -4)
        #expect(try decoder.decode(Int.self, from: .double(3.0)) == 3)
        #expect(try decoder.decode([UInt8].self, from: .array([.double(255)])) == [255])
        #expect(try decoder.decode(Int64.self, from: .double(-8.0e15)) == -8_000_000_000_000_000)
        let fraction = try #require(throws: DecodingError.self) { try decoder.decode(Int.self, from: .double(3.5)) }
        #expect(Self.describe(fraction).kind == "typeMismatch")
        #expect(Self.describe(fraction).message == "expected an integer, found 3.5")
        for (type, value) in [
            (Int.self, JSONValue.double(1e16)), (UInt8.self, .double(256)), (Float.self, .double(1e300)),
        ] as [(any Decodable.Type, JSONValue)] {
            let error = try #require(throws: DecodingError.self) { try decoder.decode(type, from: value) }
            #expect(Self.describe(error).kind == "dataCorrupted", "\(type) from \(value)")
        }
        #expect(throws: DecodingError.self) { try decoder.decode(Int.self, from: .double(.nan)) }
    }

    /// Wrong types, nulls and missing members fail with the path of the value and a readable description.
    @Test func decodingErrorsCarryPaths() throws {
        func page(_ second: [String: JSONValue]) -> JSONValue {
            let first = JSONValue.object(["id": .string("a"), "due": .int(1), "status": .string("done")])
            return .object(["items": .array([first, .object(second)]), "next_cursor": .null])
        }
        let cases: [([String: JSONValue], String, [String], String)] = [
            (
                ["id": .string("b"), "due": .string("x"), "status": .string("done")], "typeMismatch",
                ["items", "[1]", "due"], "expected an integer, found a string"
            ),
            (
                ["id": .string("b"), "due": .null, "status": .string("done")], "valueNotFound",
                ["items", "[1]", "due"], "expected an integer, found null"
            ),
            (
                ["id": .int(2), "due": .int(2), "status": .string("done")], "typeMismatch", ["items", "[1]", "id"],
                "expected a string, found a number"
            ),
            (
                ["id": .string("b"), "status": .string("done")], "keyNotFound", ["items", "[1]", "due"],
                #"the member "due" is missing"#
            ),
            (
                ["id": .string("b"), "due": .int(2), "status": .array([])], "typeMismatch",
                ["items", "[1]", "status"], "expected a string, found an array"
            ),
        ]
        for (second, kind, path, message) in cases {
            let error = try #require(throws: DecodingError.self) { try decoder.decode(Page.self, from: page(second)) }
            let described = Self.describe(error)
            #expect(described.kind == kind, "\(second)")
            #expect(described.path == path, "\(second)")
            #expect(described.message == message, "\(second)")
        }
        let notObject = try #require(throws: DecodingError.self) { try decoder.decode(Item.self, from: .array([])) }
        #expect(Self.describe(notObject).message == "expected an object, found an array")
        let pastEnd = try #require(throws: DecodingError.self) {
            var list = try decoder.decode(Wrapped.self, from: .array([.int(1)])).list
            _ = try list.decode(Int.self)
        }
        #expect(Self.describe(pastEnd).kind == "valueNotFound")
        #expect(Self.describe(pastEnd).path == ["[1]"])
    }

    /// A decoder's unkeyed container, kept for a test that reads past the end.
    struct Wrapped: Decodable {
        var list: any UnkeyedDecodingContainer

        init(from decoder: any Decoder) throws {
            list = try decoder.unkeyedContainer()
            _ = try list.decode(Int.self)
        }
    }

    /// An encoding failure deep inside carries the whole path.
    @Test func encodingErrorsCarryPaths() throws {
        struct Entry: Encodable {
            var due: UInt64
        }
        let error = try #require(throws: EncodingError.self) {
            try encoder.encode(["items": [Entry(due: 1), Entry(due: .max)]])
        }
        #expect(Self.describe(error).path == ["items", "[1]", "due"])
    }

    /// `JSONValue` members are taken as they are, `null` and nesting included.
    @Test func jsonValueMembers() throws {
        struct Envelope: Codable, Equatable {
            var id: JSONValue
            var result: JSONValue
            var extra: JSONValue?
            var list: [JSONValue]
        }
        let envelope = Envelope(
            id: .null, result: JSONValueTests.sample, extra: .object(["k": .array([.null])]), list: [.int(1), .null])
        let value = try encoder.encode(envelope)
        #expect(value["id"] == .null)
        #expect(value["result"] == JSONValueTests.sample)
        #expect(value["list"] == .array([.int(1), .null]))
        #expect(try decoder.decode(Envelope.self, from: value) == envelope)
        #expect(try encoder.encode(JSONValueTests.sample) == JSONValueTests.sample)
        #expect(try decoder.decode(JSONValue.self, from: JSONValueTests.sample) == JSONValueTests.sample)
    }

    /// `JSONValue`'s own `Codable` works with another coder: Foundation's JSON coders write what the parser reads.
    @Test func jsonValueWithFoundationCoders() throws {
        let data = try JSONEncoder().encode(JSONValueTests.sample)
        #expect(try JSONParser.parse(Array(data)) == JSONValueTests.sample)
        #expect(try JSONDecoder().decode(JSONValue.self, from: data) == JSONValueTests.sample)
        #expect(try JSONDecoder().decode(JSONValue.self, from: Data("null".utf8)) == .null)
    }

    /// An empty struct is an empty object; a value that encodes nothing at all is refused; a second value in a
    /// single value container is refused.
    @Test func emptyAndMisusedEncoders() throws {
        struct Nothing: Codable {}
        struct Silent: Encodable {
            func encode(to encoder: any Encoder) throws {}
        }
        struct Twice: Encodable {
            func encode(to encoder: any Encoder) throws {
                var container = encoder.singleValueContainer()
                try container.encode(1)
                try container.encode(2)
            }
        }
        struct Mixed: Encodable {
            func encode(to encoder: any Encoder) throws {
                var array = encoder.unkeyedContainer()
                try array.encode(1)
                var object = encoder.container(keyedBy: Reply.CodingKeys.self)
                try object.encode(2, forKey: .load)
            }
        }
        #expect(try encoder.encode(Nothing()) == .object([:]))
        #expect(try encoder.encode([Silent()]) == .array([.object([:])]))
        #expect(throws: EncodingError.self) { try encoder.encode(Silent()) }
        #expect(throws: EncodingError.self) { try encoder.encode(Twice()) }
        #expect(throws: EncodingError.self) { try encoder.encode(["k": Mixed()]) }
        #expect(try encoder.encode(Int?.none) == .null)
        #expect(try encoder.encode([1, nil, 3]) == .array([.int(1), .null, .int(3)]))
        #expect(try decoder.decode([Int?].self, from: .array([.null, .int(2)])) == [nil, 2])
    }

    /// Random values come back exactly through `JSONValue` members, arrays and dictionaries; through `Tree`, which
    /// uses only the generic container calls, they come back with integral doubles read as integers.
    @Test func randomValuesRoundTrip() throws {
        struct Holder: Codable, Equatable {
            var value: JSONValue
            var list: [JSONValue]
            var map: [String: JSONValue]
        }
        let seed =
            ProcessInfo.processInfo.environment["CONTROL_JSON_SEED"].flatMap(UInt64.init)
            ?? UInt64.random(in: 1...UInt64.max)
        print("JSONValueCodingTests seed: \(seed) (replay with CONTROL_JSON_SEED=\(seed))")
        var rng = SplitMix64(state: seed)
        for round in 0..<300 {
            let value = JSONValueTests.randomValue(depth: 0, using: &rng)
            let holder = Holder(value: value, list: [value, .null], map: ["v": value])
            #expect(
                try decoder.decode(Holder.self, from: encoder.encode(holder)) == holder, "seed \(seed) round \(round)")
            let tree = try decoder.decode(Tree.self, from: value)
            #expect(try encoder.encode(tree) == Self.integralDoublesAsIntegers(value), "seed \(seed) round \(round)")
        }
    }

    /// `value` with every double that an integer type would accept (integral, below 9·10¹⁵) made an integer.
    static func integralDoublesAsIntegers(_ value: JSONValue) -> JSONValue {
        switch value {
        case .double(let d) where d.rounded() == d && abs(d) < 9.0e15: .int(Int64(d))
        case .array(let elements): .array(elements.map(integralDoublesAsIntegers))
        case .object(let members): .object(members.mapValues(integralDoublesAsIntegers))
        default: value
        }
    }

    /// A JSON tree read and written only through the generic `Codable` API (dictionaries, arrays, single values
    /// tried in turn), as a type decoding arbitrary JSON from any decoder would.
    indirect enum Tree: Codable {
        case null, bool(Bool), int(Int64), double(Double), string(String), array([Tree]), object([String: Tree])

        init(from decoder: any Decoder) throws {
            if let members = try? [String: Tree](from: decoder) {
                self = .object(members)
                return
            }
            if let elements = try? [Tree](from: decoder) {
                self = .array(elements)
                return
            }
            let single = try decoder.singleValueContainer()
            if single.decodeNil() {
                self = .null
            } else if let bool = try? single.decode(Bool.self) {
                self = .bool(bool)
            } else if let int = try? single.decode(Int64.self) {
                self = .int(int)
            } else if let double = try? single.decode(Double.self) {
                self = .double(double)
            } else {
                self = .string(try single.decode(String.self))
            }
        }

        func encode(to encoder: any Encoder) throws {
            if case .array(let elements) = self { return try elements.encode(to: encoder) }
            if case .object(let members) = self { return try members.encode(to: encoder) }
            var single = encoder.singleValueContainer()
            switch self {
            case .null: try single.encodeNil()
            case .bool(let bool): try single.encode(bool)
            case .int(let int): try single.encode(int)
            case .double(let double): try single.encode(double)
            case .string(let string): try single.encode(string)
            case .array, .object: break
            }
        }
    }
}
