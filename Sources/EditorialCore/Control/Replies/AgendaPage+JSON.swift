extension AgendaPage: JSONValueRepresentable {
    /// The page's JSON, built directly.
    public var jsonValue: JSONValue {
        .object([
            CodingKeys.now.rawValue: .string(now.description), CodingKeys.from.rawValue: .string(from.description),
            CodingKeys.to.rawValue: .string(to.description), CodingKeys.items.rawValue: .array(items.map(\.jsonValue)),
            CodingKeys.nextCursor.rawValue: nextCursor.map(JSONValue.string) ?? .null,
        ])
    }
}
