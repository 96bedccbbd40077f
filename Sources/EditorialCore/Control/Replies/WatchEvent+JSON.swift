extension WatchEvent: JSONValueRepresentable {
    /// The event's JSON, built directly (every entry the daemon journals goes to each watcher).
    public var jsonValue: JSONValue {
        .object([
            CodingKeys.type.rawValue: .string(type), CodingKeys.at.rawValue: .string(at.description),
            CodingKeys.priority.rawValue: .int(Int64(priority)), CodingKeys.message.rawValue: .string(message),
            CodingKeys.fields.rawValue: .object(
                fields.mapValues { field in
                    switch field {
                    case .one(let value): .string(value)
                    case .many(let values): .array(values.map(JSONValue.string))
                    }
                }),
        ])
    }
}
