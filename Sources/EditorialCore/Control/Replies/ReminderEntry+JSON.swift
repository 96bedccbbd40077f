extension ReminderEntry: JSONValueRepresentable {
    /// The reminder's JSON, built directly.
    public var jsonValue: JSONValue {
        .object([
            CodingKeys.key.rawValue: .string(key), CodingKeys.lead.rawValue: .string(lead),
            CodingKeys.at.rawValue: .string(at.description),
        ])
    }
}

extension ReminderEntry: JSONWritable {
    /// The reminder's JSON text, members in sorted order.
    public func writeJSON(into out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        out.appendKey("at", first: true)
        out.appendJSON(at)
        out.appendKey("key")
        out.appendJSON(key)
        out.appendKey("lead")
        out.appendJSON(lead)
        out.append(UInt8(ascii: "}"))
    }
}
