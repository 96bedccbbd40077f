/// A member the protocol always writes, as `null` when it has no value (`"next_cursor": null`), where a plain
/// optional would be left out. It reads back as `nil` from `null` and from a missing member alike.
///
/// `@ExplicitNull var next: Next?` in a type with synthesized `Codable` encodes through the wrapper's single value
/// container, which writes `null` for `nil`; decoding goes through the `KeyedDecodingContainer.decode` overload
/// below, which tolerates the member being absent.
@propertyWrapper
public struct ExplicitNull<Wrapped: Codable & Hashable & Sendable>: Codable, Hashable, Sendable {
    /// The value, `nil` written as `null`.
    public var wrappedValue: Wrapped?

    /// Wraps `wrappedValue`.
    public init(wrappedValue: Wrapped?) { self.wrappedValue = wrappedValue }

    /// Reads `null` as `nil`, anything else as a `Wrapped`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        wrappedValue = container.decodeNil() ? nil : try container.decode(Wrapped.self)
    }

    /// Writes `null` for `nil`, else the value.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue {
            try container.encode(wrappedValue)
        } else {
            try container.encodeNil()
        }
    }
}

extension KeyedDecodingContainer {
    /// Reads an `ExplicitNull` member, `nil` when it is missing as well as when it is `null` (synthesized
    /// `Decodable` calls `decode`, not `decodeIfPresent`, for a member that is not optional).
    public func decode<Wrapped>(_ type: ExplicitNull<Wrapped>.Type, forKey key: Key) throws -> ExplicitNull<Wrapped> {
        try decodeIfPresent(type, forKey: key) ?? ExplicitNull(wrappedValue: nil)
    }
}
