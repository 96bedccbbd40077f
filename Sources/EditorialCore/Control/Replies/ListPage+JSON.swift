extension ListPage: JSONValueRepresentable {
    /// The page's JSON, built directly.
    public var jsonValue: JSONValue {
        .object([
            CodingKeys.now.rawValue: .string(now.description), CodingKeys.total.rawValue: .int(Int64(total)),
            CodingKeys.items.rawValue: .array(items.map(\.jsonValue)),
            CodingKeys.nextCursor.rawValue: nextCursor.map(JSONValue.string) ?? .null,
        ])
    }
}
