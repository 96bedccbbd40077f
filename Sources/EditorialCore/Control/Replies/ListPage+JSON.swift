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

extension ListPage: JSONWritable {
    /// The page's JSON text, members in sorted order.
    public func writeJSON(into out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        out.appendKey("items", first: true)
        out.appendJSON(items)
        out.appendKey("next_cursor")
        out.appendJSON(nextCursor)
        out.appendKey("now")
        out.appendJSON(now)
        out.appendKey("total")
        out.appendJSON(Int64(total))
        out.append(UInt8(ascii: "}"))
    }
}
