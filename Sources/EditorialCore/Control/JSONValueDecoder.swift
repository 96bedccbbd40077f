/// Decodes `Decodable` values straight from `JSONValue` trees (no text, no Foundation), strictly: a value of the
/// wrong JSON type is a `typeMismatch` (`valueNotFound` when it is `null`), a missing member a `keyNotFound`, a
/// number that does not fit its type `dataCorrupted`, each with the coding path of the value.
///
/// An integer reads into `Double` and `Float`; a double with an integral value (below 9·10¹⁵, where doubles stop
/// being exact) reads into any integer type it fits, as `JSONValue.int` reads it. `decodeIfPresent` gives `nil` for a
/// missing member and for `null`. Members the type does not know are ignored, so a client keeps working when a
/// newer daemon adds members. A `JSONValue` anywhere in the type is taken as it is.
public struct JSONValueDecoder: Sendable {
    /// A decoder; it has no options.
    public init() {}

    /// The value of type `type` that `value` holds.
    public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        if T.self == JSONValue.self { return unsafeBitCast(value, to: T.self) }
        return try T(from: ValueDecoder(value: value, parent: nil, component: .root))
    }
}

/// The `Decoder` of one value. The coding path is rebuilt from the parent chain only when asked for (an error),
/// and one finished child is kept for reuse, so decoding a tree allocates about one decoder per level.
private final class ValueDecoder: Decoder, CodingPathNode {
    // Only this decoding's own calls touch these, one statement at a time and never across a call out, so the
    // dynamic exclusivity checks could never find anything.
    @exclusivity(unchecked) var value: JSONValue
    @exclusivity(unchecked) var parent: ValueDecoder?
    @exclusivity(unchecked) var component: CodingPathComponent
    @exclusivity(unchecked) var spare: ValueDecoder?

    init(value: JSONValue, parent: ValueDecoder?, component: CodingPathComponent) {
        self.value = value
        self.parent = parent
        self.component = component
    }

    var codingPath: [any CodingKey] { chainPath }

    var parentNode: (any CodingPathNode)? { parent }

    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else {
            throw Unbox.mismatch([String: JSONValue].self, expected: "an object", found: value, at: codingPath)
        }
        return KeyedDecodingContainer(KeyedContainer(decoder: self, members: members))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else {
            throw Unbox.mismatch([JSONValue].self, expected: "an array", found: value, at: codingPath)
        }
        return UnkeyedContainer(decoder: self, elements: elements)
    }

    func singleValueContainer() -> any SingleValueDecodingContainer { SingleContainer(decoder: self) }

    /// `element` as a `T`: common leaf types directly, anything else (and every failure) through a child decoder.
    @inline(__always)
    func unbox<T: Decodable>(
        _ element: JSONValue, as type: T.Type, _ component: @autoclosure () -> CodingPathComponent
    ) throws -> T {
        try Self.leaf(element, as: type) { try unboxChild(element, as: type, component()) }
    }

    /// `element` as one of the leaf types met most often when it holds exactly that type, else `other()`.
    /// (Not an optional result: in unspecialized code, `Optional<T>` costs a metadata look-up per value.)
    @inline(__always)
    static func leaf<T: Decodable>(_ element: JSONValue, as type: T.Type, else other: () throws -> T) rethrows -> T {
        if T.self == JSONValue.self { return unsafeBitCast(element, to: T.self) }
        switch element {
        case .string(let string) where T.self == String.self: return unsafeBitCast(string, to: T.self)
        case .int(let int) where T.self == Int64.self: return unsafeBitCast(int, to: T.self)
        case .int(let int) where T.self == Int.self && Int.bitWidth == 64: return unsafeBitCast(Int(int), to: T.self)
        case .bool(let bool) where T.self == Bool.self: return unsafeBitCast(bool, to: T.self)
        case .double(let double) where T.self == Double.self: return unsafeBitCast(double, to: T.self)
        default: return try other()
        }
    }

    /// `element` decoded as a `T` by a child decoder (the spare one when there is one) under `component`.
    func unboxChild<T: Decodable>(_ element: JSONValue, as type: T.Type, _ component: CodingPathComponent) throws -> T {
        var child: ValueDecoder
        if let reused = spare {
            spare = nil
            reused.value = element
            reused.parent = self
            reused.component = component
            child = reused
        } else {
            child = ValueDecoder(value: element, parent: self, component: component)
        }
        defer {
            // A child that escaped (kept by the value) must keep its value and parent and is not reused.
            if isKnownUniquelyReferenced(&child) {
                child.value = .null
                child.parent = nil
                spare = child
            }
        }
        return try T(from: child)
    }
}

/// Reading leaf values, with the errors of the wrong JSON type or a number out of range.
private enum Unbox {
    /// `valueNotFound` when `found` is `null`, else `typeMismatch`, saying what was expected and found.
    static func mismatch(
        _ type: Any.Type, expected: String, found: JSONValue, at path: [any CodingKey]
    ) -> DecodingError {
        let context = DecodingError.Context(
            codingPath: path, debugDescription: "expected \(expected), found \(found.typeName)")
        if case .null = found { return .valueNotFound(type, context) }
        return .typeMismatch(type, context)
    }

    static func bool(_ element: JSONValue, at path: @autoclosure () -> [any CodingKey]) throws -> Bool {
        if case .bool(let bool) = element { return bool }
        throw mismatch(Bool.self, expected: "a boolean", found: element, at: path())
    }

    static func string(_ element: JSONValue, at path: @autoclosure () -> [any CodingKey]) throws -> String {
        if case .string(let string) = element { return string }
        throw mismatch(String.self, expected: "a string", found: element, at: path())
    }

    static func double(_ element: JSONValue, at path: @autoclosure () -> [any CodingKey]) throws -> Double {
        switch element {
        case .double(let double): return double
        case .int(let int): return Double(int)
        default: throw mismatch(Double.self, expected: "a number", found: element, at: path())
        }
    }

    static func float(_ element: JSONValue, at path: @autoclosure () -> [any CodingKey]) throws -> Float {
        switch element {
        case .double(let double):
            let float = Float(double)
            guard float.isFinite else {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: path(), debugDescription: "the number \(double) does not fit in Float"))
            }
            return float
        case .int(let int): return Float(int)
        default: throw mismatch(Float.self, expected: "a number", found: element, at: path())
        }
    }

    static func integer<I: FixedWidthInteger>(
        _ element: JSONValue, as type: I.Type, at path: @autoclosure () -> [any CodingKey]
    ) throws -> I {
        switch element {
        case .int(let int):
            if let value = I(exactly: int) { return value }
            throw DecodingError.dataCorrupted(
                .init(codingPath: path(), debugDescription: "the number \(int) does not fit in \(I.self)"))
        case .double(let double):
            guard double.rounded(.towardZero) == double else {
                throw DecodingError.typeMismatch(
                    I.self, .init(codingPath: path(), debugDescription: "expected an integer, found \(double)"))
            }
            // Beyond 9·10¹⁵ a double may not be the integer that was written; `JSONValue.int` draws the same line.
            guard abs(double) < 9.0e15, let value = I(exactly: Int64(double)) else {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: path(), debugDescription: "the number \(double) does not fit in \(I.self)"))
            }
            return value
        default: throw mismatch(I.self, expected: "an integer", found: element, at: path())
        }
    }
}

/// The keyed container over an object's members.
private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: ValueDecoder
    let members: [String: JSONValue]

    var codingPath: [any CodingKey] { decoder.codingPath }

    /// The coding path of the member `key`.
    private func path(_ key: Key) -> [any CodingKey] { decoder.codingPath + [key] }
    var allKeys: [Key] { members.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { members[key.stringValue] != nil }

    private func member(_ key: Key) throws -> JSONValue {
        guard let element = members[key.stringValue] else {
            throw DecodingError.keyNotFound(
                key, .init(codingPath: codingPath, debugDescription: "the member \"\(key.stringValue)\" is missing"))
        }
        return element
    }

    /// The member, or `nil` when it is missing or `null`.
    private func present(_ key: Key) -> JSONValue? {
        guard let element = members[key.stringValue] else { return nil }
        if case .null = element { return nil }
        return element
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        if case .null = try member(key) { return true }
        return false
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
        try Unbox.bool(member(key), at: path(key))
    }
    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        try Unbox.string(member(key), at: path(key))
    }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
        try Unbox.double(member(key), at: path(key))
    }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float {
        try Unbox.float(member(key), at: path(key))
    }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int {
        try Unbox.integer(member(key), as: type, at: path(key))
    }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 {
        try Unbox.integer(member(key), as: type, at: path(key))
    }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 {
        try Unbox.integer(member(key), as: type, at: path(key))
    }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 {
        try Unbox.integer(member(key), as: type, at: path(key))
    }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 {
        try Unbox.integer(member(key), as: type, at: path(key))
    }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt {
        try Unbox.integer(member(key), as: type, at: path(key))
    }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 {
        try Unbox.integer(member(key), as: type, at: path(key))
    }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 {
        try Unbox.integer(member(key), as: type, at: path(key))
    }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 {
        try Unbox.integer(member(key), as: type, at: path(key))
    }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 {
        try Unbox.integer(member(key), as: type, at: path(key))
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decoder.unbox(member(key), as: type, .key(key.stringValue, key.intValue))
    }

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
        guard let element = present(key) else { return nil }
        return try Unbox.bool(element, at: path(key))
    }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        guard let element = present(key) else { return nil }
        return try Unbox.string(element, at: path(key))
    }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
        guard let element = present(key) else { return nil }
        return try Unbox.double(element, at: path(key))
    }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? {
        guard let element = present(key) else { return nil }
        return try Unbox.float(element, at: path(key))
    }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
        guard let element = present(key) else { return nil }
        return try Unbox.integer(element, as: type, at: path(key))
    }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? {
        guard let element = present(key) else { return nil }
        return try Unbox.integer(element, as: type, at: path(key))
    }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? {
        guard let element = present(key) else { return nil }
        return try Unbox.integer(element, as: type, at: path(key))
    }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? {
        guard let element = present(key) else { return nil }
        return try Unbox.integer(element, as: type, at: path(key))
    }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? {
        guard let element = present(key) else { return nil }
        return try Unbox.integer(element, as: type, at: path(key))
    }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? {
        guard let element = present(key) else { return nil }
        return try Unbox.integer(element, as: type, at: path(key))
    }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? {
        guard let element = present(key) else { return nil }
        return try Unbox.integer(element, as: type, at: path(key))
    }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? {
        guard let element = present(key) else { return nil }
        return try Unbox.integer(element, as: type, at: path(key))
    }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? {
        guard let element = present(key) else { return nil }
        return try Unbox.integer(element, as: type, at: path(key))
    }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? {
        guard let element = present(key) else { return nil }
        return try Unbox.integer(element, as: type, at: path(key))
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let element = present(key) else { return nil }
        return try decoder.unbox(element, as: type, .key(key.stringValue, key.intValue))
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try child(member(key), key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try child(member(key), key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        ValueDecoder(value: members["super"] ?? .null, parent: decoder, component: .key("super", nil))
    }

    func superDecoder(forKey key: Key) throws -> any Decoder { child(members[key.stringValue] ?? .null, key) }

    private func child(_ element: JSONValue, _ key: Key) -> ValueDecoder {
        ValueDecoder(value: element, parent: decoder, component: .key(key.stringValue, key.intValue))
    }
}

/// The unkeyed container over an array's elements; the index moves on only past an element decoded.
private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let decoder: ValueDecoder
    let elements: [JSONValue]
    var currentIndex = 0

    init(decoder: ValueDecoder, elements: [JSONValue]) {
        self.decoder = decoder
        self.elements = elements
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    private var path: [any CodingKey] { decoder.codingPath + [CodingPathComponent.Key(index: currentIndex)] }

    /// The current element, or `valueNotFound` past the end.
    private func current(_ type: Any.Type) throws -> JSONValue {
        guard currentIndex < elements.count else {
            throw DecodingError.valueNotFound(
                type,
                .init(
                    codingPath: path,
                    debugDescription: "the array has no element \(currentIndex), only \(elements.count)"))
        }
        return elements[currentIndex]
    }

    /// `value`, moving past the element it was read from.
    private mutating func advance<T>(_ value: T) -> T {
        currentIndex += 1
        return value
    }

    mutating func decodeNil() throws -> Bool {
        guard case .null = try current(Never?.self) else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { advance(try Unbox.bool(current(type), at: path)) }
    mutating func decode(_ type: String.Type) throws -> String { advance(try Unbox.string(current(type), at: path)) }
    mutating func decode(_ type: Double.Type) throws -> Double { advance(try Unbox.double(current(type), at: path)) }
    mutating func decode(_ type: Float.Type) throws -> Float { advance(try Unbox.float(current(type), at: path)) }
    mutating func decode(_ type: Int.Type) throws -> Int { advance(try integer(type)) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { advance(try integer(type)) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { advance(try integer(type)) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { advance(try integer(type)) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { advance(try integer(type)) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { advance(try integer(type)) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { advance(try integer(type)) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { advance(try integer(type)) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { advance(try integer(type)) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { advance(try integer(type)) }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        advance(try decoder.unbox(current(type), as: type, .index(currentIndex)))
    }

    private func integer<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
        try Unbox.integer(current(type), as: type, at: path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws -> KeyedDecodingContainer<NestedKey> {
        advance(try child(current(KeyedDecodingContainer<NestedKey>.self)).container(keyedBy: type))
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        advance(try child(current((any UnkeyedDecodingContainer).self)).unkeyedContainer())
    }

    mutating func superDecoder() throws -> any Decoder { advance(child(try current((any Decoder).self))) }

    private func child(_ element: JSONValue) -> ValueDecoder {
        ValueDecoder(value: element, parent: decoder, component: .index(currentIndex))
    }
}

/// The single value container: the decoder's own value. A type that is not a leaf decodes from the same decoder,
/// since a single value adds nothing to the coding path.
private struct SingleContainer: SingleValueDecodingContainer {
    let decoder: ValueDecoder

    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool {
        if case .null = decoder.value { return true }
        return false
    }

    func decode(_ type: Bool.Type) throws -> Bool { try Unbox.bool(decoder.value, at: codingPath) }
    func decode(_ type: String.Type) throws -> String { try Unbox.string(decoder.value, at: codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try Unbox.double(decoder.value, at: codingPath) }
    func decode(_ type: Float.Type) throws -> Float { try Unbox.float(decoder.value, at: codingPath) }
    func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try ValueDecoder.leaf(decoder.value, as: type) { try T(from: decoder) }
    }

    private func integer<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
        try Unbox.integer(decoder.value, as: type, at: codingPath)
    }
}
