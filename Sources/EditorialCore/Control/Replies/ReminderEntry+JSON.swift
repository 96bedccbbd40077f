extension ReminderEntry: JSONValueRepresentable {
    /// The reminder's JSON, built directly.
    public var jsonValue: JSONValue {
        .object([
            CodingKeys.key.rawValue: .string(key), CodingKeys.lead.rawValue: .string(lead),
            CodingKeys.at.rawValue: .string(at.description),
        ])
    }
}
