/// Encodes `Encodable` values straight into `JSONValue` trees (no text, no Foundation), so every control-protocol
/// message is a typed value at both ends and is written by `JSONValue`'s own sorted-key writer.
///
/// `nil` is `null`; `Bool` is `.bool`; every integer type is `.int` (a `UInt` or `UInt64` above `Int64.max` is
/// refused); `Float` and `Double` are `.double` (NaN and infinities are refused); `String` is `.string`; unkeyed
/// containers are arrays and keyed ones objects, with `CodingKey.stringValue` as member names and members passed
/// to `encodeIfPresent` as `nil` left out. Every `container(keyedBy:)` of one encoder writes into the same object,
/// so a type can encode another value into its own encoder and add members beside it. A `JSONValue` anywhere in
/// the value is taken as it is. Failures are `EncodingError.invalidValue` with the coding path of the value.
public struct JSONValueEncoder: Sendable {
    /// Whether a `JSONValueRepresentable` value's hand-built form is taken (the default) rather than its
    /// `encode(to:)`; off only to check the two against each other.
    public var usesHandBuiltForms: Bool

    /// An encoder.
    public init(usesHandBuiltForms: Bool = true) { self.usesHandBuiltForms = usesHandBuiltForms }

    /// `value` as a JSON value tree.
    public func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        if T.self == JSONValue.self { return unsafeBitCast(value, to: JSONValue.self) }
        if usesHandBuiltForms, let built = value as? any JSONValueRepresentable { return built.jsonValue }
        let root = ValueEncoder(parent: nil, component: .root)
        do {
            try value.encode(to: root)
        } catch {
            root.reset()
            throw error
        }
        guard root.kind != .empty else {
            root.reset()
            throw EncodingError.invalidValue(
                value, .init(codingPath: [], debugDescription: "\(T.self) did not encode any value"))
        }
        return try root.finish(value)
    }
}

/// The `Encoder` of one value. Containers write straight into its storage, so several containers of one encoder
/// merge; nested containers and super encoders are child encoders whose values are put in place when this one's
/// value is taken. The coding path is rebuilt from the parent chain only when asked for, and one finished child
/// is kept for reuse, so encoding a tree allocates about one encoder per level rather than one per value.
private final class ValueEncoder: Encoder, CodingPathNode {
    /// What the encoder has been asked to hold so far.
    enum Kind {
        case empty, single, object, array
    }

    /// Where a child's value goes in this encoder's object or array.
    enum Slot {
        case key(String)
        case index(Int)
    }

    // Only this encoding's own calls touch these, one statement at a time and never across a call out, so the
    // dynamic exclusivity checks (a sizeable part of the time per member) could never find anything.
    @exclusivity(unchecked) var kind = Kind.empty
    @exclusivity(unchecked) var single = JSONValue.null
    @exclusivity(unchecked) var object: [String: JSONValue] = [:]
    @exclusivity(unchecked) var array: [JSONValue] = []
    @exclusivity(unchecked) var pending: [(slot: Slot, encoder: ValueEncoder)] = []
    @exclusivity(unchecked) var misuse: Misuse?
    @exclusivity(unchecked) var parent: ValueEncoder?
    @exclusivity(unchecked) var component: CodingPathComponent
    @exclusivity(unchecked) var spare: ValueEncoder?

    init(parent: ValueEncoder?, component: CodingPathComponent) {
        self.parent = parent
        self.component = component
    }

    var codingPath: [any CodingKey] { chainPath }

    var parentNode: (any CodingPathNode)? { parent }

    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        switch kind {
        case .empty:
            kind = .object
            // Room for 12 members: growing a dictionary rehashes every member, and most objects are small.
            object = Dictionary(minimumCapacity: 12)
        case .object: break
        case .single, .array:
            // The protocol cannot throw here; the mistake is reported when the value is taken.
            misuse = Misuse(
                path: codingPath,
                message: "an object was asked for where \(kind == .single ? "a single value" : "an array") was encoded")
            return KeyedEncodingContainer(KeyedContainer(encoder: ValueEncoder(parent: self, component: .root)))
        }
        return KeyedEncodingContainer(KeyedContainer(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        switch kind {
        case .empty:
            kind = .array
            // Room for 8 elements, to save the first few reallocations of an array that grows one by one.
            array.reserveCapacity(8)
        case .array: break
        case .single, .object:
            misuse = Misuse(
                path: codingPath,
                message: "an array was asked for where \(kind == .single ? "a single value" : "an object") was encoded")
            return UnkeyedContainer(encoder: ValueEncoder(parent: self, component: .root))
        }
        return UnkeyedContainer(encoder: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleContainer(encoder: self) }

    /// A container asked for over a value of another kind, where it was asked for.
    struct Misuse: Error {
        var path: [any CodingKey]
        var message: String
    }

    /// The finished value of `value`, leaving the encoder empty for reuse.
    func finish<T>(_ value: T) throws -> JSONValue {
        do {
            return try take()
        } catch {
            throw EncodingError.invalidValue(value, .init(codingPath: error.path, debugDescription: error.message))
        }
    }

    /// The finished value (children put in place), leaving the encoder empty for reuse.
    func take() throws(Misuse) -> JSONValue {
        defer { reset() }
        if !pending.isEmpty {
            let children = pending
            pending = []
            for (slot, child) in children {
                let element = try child.take()
                switch slot {
                case .key(let key): object[key] = element
                case .index(let index): array[index] = element
                }
            }
        }
        if let misuse { throw misuse }
        switch kind {
        case .empty: return .object([:])
        case .single: return single
        case .object: return .object(object)
        case .array: return .array(array)
        }
    }

    /// Drops everything held, children included (which also breaks their references back to this encoder).
    func reset() {
        switch kind {
        case .empty: break
        case .single: single = .null
        case .object: object = [:]
        case .array: array = []
        }
        kind = .empty
        misuse = nil
        if !pending.isEmpty {
            for (_, child) in pending { child.reset() }
            pending = []
        }
    }

    /// Adds the member `key` to the object.
    @inline(__always)
    func set(_ key: String, _ element: JSONValue) { object[key] = element }

    /// Stores the value of a single value container, which holds one value only.
    func setSingle(_ element: JSONValue, _ value: @autoclosure () -> Any) throws {
        guard kind == .empty else { throw alreadyEncoded(value()) }
        kind = .single
        single = element
    }

    /// The error of a second value for a single value container.
    func alreadyEncoded(_ value: Any) -> EncodingError {
        let what = kind == .single ? "a value" : kind == .object ? "an object" : "an array"
        return EncodingError.invalidValue(
            value, .init(codingPath: codingPath, debugDescription: "\(what) was already encoded here"))
    }

    /// `value` as a JSON value: common leaf types directly, anything else through a child encoder.
    @inline(__always)
    func box<T: Encodable>(_ value: T, _ component: @autoclosure () -> CodingPathComponent) throws -> JSONValue {
        if let element = Self.leaf(value) { return element }
        return try boxChild(value, component())
    }

    /// The JSON value of the leaf types met most often, whose encoding cannot fail; `nil` for anything else.
    @inline(__always)
    static func leaf<T: Encodable>(_ value: T) -> JSONValue? {
        if T.self == JSONValue.self { return unsafeBitCast(value, to: JSONValue.self) }
        if T.self == String.self { return .string(unsafeBitCast(value, to: String.self)) }
        if T.self == Int.self { return .int(Int64(unsafeBitCast(value, to: Int.self))) }
        if T.self == Bool.self { return .bool(unsafeBitCast(value, to: Bool.self)) }
        if T.self == Int64.self { return .int(unsafeBitCast(value, to: Int64.self)) }
        if T.self == Double.self {
            let double = unsafeBitCast(value, to: Double.self)
            // A non-finite double takes the slow path, which fails with the right coding path.
            if double.isFinite { return .double(double) }
        }
        return nil
    }

    /// `value` encoded by a child encoder (the spare one when there is one) under `component`.
    func boxChild<T: Encodable>(_ value: T, _ component: CodingPathComponent) throws -> JSONValue {
        var child: ValueEncoder
        if let reused = spare {
            spare = nil
            reused.parent = self
            reused.component = component
            child = reused
        } else {
            child = ValueEncoder(parent: self, component: component)
        }
        do {
            try value.encode(to: child)
        } catch {
            child.reset()
            throw error
        }
        let element = try child.finish(value)
        // A child that escaped (a container kept by the value) must keep its parent and is not reused.
        if isKnownUniquelyReferenced(&child) {
            child.parent = nil
            spare = child
        }
        return element
    }

    /// A child encoder whose value goes to `slot` when this encoder's value is taken.
    func pendingChild(_ slot: Slot, _ component: CodingPathComponent) -> ValueEncoder {
        let child = ValueEncoder(parent: self, component: component)
        pending.append((slot, child))
        return child
    }

    /// An integer, refused above `Int64.max`.
    func integer<I: FixedWidthInteger>(_ value: I, at path: @autoclosure () -> [any CodingKey]) throws -> JSONValue {
        guard let int = Int64(exactly: value) else {
            throw EncodingError.invalidValue(
                value,
                .init(
                    codingPath: path(),
                    debugDescription: "\(value) is above \(Int64.max), the largest integer the protocol carries"))
        }
        return .int(int)
    }

    /// A double, refused when not finite.
    func double(_ value: Double, at path: @autoclosure () -> [any CodingKey]) throws -> JSONValue {
        guard value.isFinite else { throw Self.nonFinite(value, path()) }
        return .double(value)
    }

    /// A float, refused when not finite.
    func float(_ value: Float, at path: @autoclosure () -> [any CodingKey]) throws -> JSONValue {
        guard value.isFinite else { throw Self.nonFinite(value, path()) }
        // Through its shortest text, so 0.1 as a Float is written 0.1 rather than 0.10000000149011612.
        return .double(Double(value.description) ?? Double(value))
    }

    /// The error of a NaN or an infinity.
    static func nonFinite<F: BinaryFloatingPoint>(_ value: F, _ path: [any CodingKey]) -> EncodingError {
        EncodingError.invalidValue(
            value, .init(codingPath: path, debugDescription: "\(value) (\(F.self)) is not a number JSON can carry"))
    }
}

/// The keyed container: members go straight into the encoder's object.
private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: ValueEncoder

    var codingPath: [any CodingKey] { encoder.codingPath }

    /// The coding path of the member `key`.
    private func path(_ key: Key) -> [any CodingKey] { encoder.codingPath + [key] }

    mutating func encodeNil(forKey key: Key) throws { encoder.set(key.stringValue, .null) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { encoder.set(key.stringValue, .bool(value)) }
    mutating func encode(_ value: String, forKey key: Key) throws { encoder.set(key.stringValue, .string(value)) }

    mutating func encode(_ value: Double, forKey key: Key) throws {
        encoder.set(key.stringValue, try encoder.double(value, at: path(key)))
    }

    mutating func encode(_ value: Float, forKey key: Key) throws {
        encoder.set(key.stringValue, try encoder.float(value, at: path(key)))
    }

    mutating func encode(_ value: Int, forKey key: Key) throws { encoder.set(key.stringValue, .int(Int64(value))) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { encoder.set(key.stringValue, .int(Int64(value))) }
    mutating func encode(_ value: Int16, forKey key: Key) throws {
        encoder.set(key.stringValue, .int(Int64(value)))
    }
    mutating func encode(_ value: Int32, forKey key: Key) throws {
        encoder.set(key.stringValue, .int(Int64(value)))
    }
    mutating func encode(_ value: Int64, forKey key: Key) throws { encoder.set(key.stringValue, .int(value)) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws {
        encoder.set(key.stringValue, .int(Int64(value)))
    }
    mutating func encode(_ value: UInt16, forKey key: Key) throws {
        encoder.set(key.stringValue, .int(Int64(value)))
    }
    mutating func encode(_ value: UInt32, forKey key: Key) throws {
        encoder.set(key.stringValue, .int(Int64(value)))
    }

    mutating func encode(_ value: UInt, forKey key: Key) throws {
        encoder.set(key.stringValue, try encoder.integer(value, at: path(key)))
    }

    mutating func encode(_ value: UInt64, forKey key: Key) throws {
        encoder.set(key.stringValue, try encoder.integer(value, at: path(key)))
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        let element = try encoder.box(value, .key(key.stringValue, key.intValue))
        encoder.set(key.stringValue, element)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        encoder.pendingChild(.key(key.stringValue), .key(key.stringValue, key.intValue)).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        encoder.pendingChild(.key(key.stringValue), .key(key.stringValue, key.intValue)).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { encoder.pendingChild(.key("super"), .key("super", nil)) }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        encoder.pendingChild(.key(key.stringValue), .key(key.stringValue, key.intValue))
    }
}

/// The unkeyed container: elements are appended to the encoder's array.
private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let encoder: ValueEncoder

    var codingPath: [any CodingKey] { encoder.codingPath }
    var count: Int { encoder.array.count }

    private var path: [any CodingKey] { encoder.codingPath + [CodingPathComponent.Key(index: count)] }

    mutating func encodeNil() throws { encoder.array.append(.null) }
    mutating func encode(_ value: Bool) throws { encoder.array.append(.bool(value)) }
    mutating func encode(_ value: String) throws { encoder.array.append(.string(value)) }
    mutating func encode(_ value: Double) throws { encoder.array.append(try encoder.double(value, at: path)) }
    mutating func encode(_ value: Float) throws { encoder.array.append(try encoder.float(value, at: path)) }
    mutating func encode(_ value: Int) throws { encoder.array.append(.int(Int64(value))) }
    mutating func encode(_ value: Int8) throws { encoder.array.append(.int(Int64(value))) }
    mutating func encode(_ value: Int16) throws { encoder.array.append(.int(Int64(value))) }
    mutating func encode(_ value: Int32) throws { encoder.array.append(.int(Int64(value))) }
    mutating func encode(_ value: Int64) throws { encoder.array.append(.int(value)) }
    mutating func encode(_ value: UInt8) throws { encoder.array.append(.int(Int64(value))) }
    mutating func encode(_ value: UInt16) throws { encoder.array.append(.int(Int64(value))) }
    mutating func encode(_ value: UInt32) throws { encoder.array.append(.int(Int64(value))) }
    mutating func encode(_ value: UInt) throws { encoder.array.append(try encoder.integer(value, at: path)) }
    mutating func encode(_ value: UInt64) throws { encoder.array.append(try encoder.integer(value, at: path)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let element = try encoder.box(value, .index(count))
        encoder.array.append(element)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<NestedKey> {
        placeholder().container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { placeholder().unkeyedContainer() }

    mutating func superEncoder() -> any Encoder { placeholder() }

    /// A child encoder for the next element, which holds `null` until the child's value is put in its place.
    private func placeholder() -> ValueEncoder {
        let index = count
        encoder.array.append(.null)
        return encoder.pendingChild(.index(index), .index(index))
    }
}

/// The single value container: one value, written over the encoder's empty storage. A value that is not a leaf
/// encodes into the same encoder, since a single value adds nothing to the coding path.
private struct SingleContainer: SingleValueEncodingContainer {
    let encoder: ValueEncoder

    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() throws { try encoder.setSingle(.null, JSONValue.null) }
    mutating func encode(_ value: Bool) throws { try encoder.setSingle(.bool(value), value) }
    mutating func encode(_ value: String) throws { try encoder.setSingle(.string(value), value) }

    mutating func encode(_ value: Double) throws {
        try encoder.setSingle(try encoder.double(value, at: codingPath), value)
    }

    mutating func encode(_ value: Float) throws {
        try encoder.setSingle(try encoder.float(value, at: codingPath), value)
    }

    mutating func encode(_ value: Int) throws { try encoder.setSingle(.int(Int64(value)), value) }
    mutating func encode(_ value: Int8) throws { try encoder.setSingle(.int(Int64(value)), value) }
    mutating func encode(_ value: Int16) throws { try encoder.setSingle(.int(Int64(value)), value) }
    mutating func encode(_ value: Int32) throws { try encoder.setSingle(.int(Int64(value)), value) }
    mutating func encode(_ value: Int64) throws { try encoder.setSingle(.int(value), value) }
    mutating func encode(_ value: UInt8) throws { try encoder.setSingle(.int(Int64(value)), value) }
    mutating func encode(_ value: UInt16) throws { try encoder.setSingle(.int(Int64(value)), value) }
    mutating func encode(_ value: UInt32) throws { try encoder.setSingle(.int(Int64(value)), value) }

    mutating func encode(_ value: UInt) throws {
        try encoder.setSingle(try encoder.integer(value, at: codingPath), value)
    }

    mutating func encode(_ value: UInt64) throws {
        try encoder.setSingle(try encoder.integer(value, at: codingPath), value)
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        guard encoder.kind == .empty else { throw encoder.alreadyEncoded(value) }
        if let element = ValueEncoder.leaf(value) {
            try encoder.setSingle(element, value)
        } else {
            try value.encode(to: encoder)
        }
    }
}
