extension DiagnosticEntry: JSONValueRepresentable {
    /// The diagnostic's JSON, built directly.
    public var jsonValue: JSONValue {
        .object([
            CodingKeys.file.rawValue: .string(file), CodingKeys.line.rawValue: .int(Int64(line)),
            CodingKeys.column.rawValue: .int(Int64(column)), CodingKeys.severity.rawValue: .string(severity.rawValue),
            CodingKeys.message.rawValue: .string(message), CodingKeys.text.rawValue: .string(text),
        ])
    }
}
