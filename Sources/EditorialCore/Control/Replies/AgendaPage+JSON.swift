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

extension AgendaPage: JSONWritable {
    /// The page's JSON text, members in sorted order.
    public func writeJSON(into out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        out.appendKey("from", first: true)
        out.appendJSON(from)
        out.appendKey("items")
        out.appendJSON(items)
        out.appendKey("next_cursor")
        out.appendJSON(nextCursor)
        out.appendKey("now")
        out.appendJSON(now)
        out.appendKey("to")
        out.appendJSON(to)
        out.append(UInt8(ascii: "}"))
    }
}
