extension ItemState {
    /// `open`, `done`, `published`, `skipped` or `snoozed until <instant>`: how replies name the state.
    public var text: String {
        if let p = progress { return p.rawValue }
        if let until = snoozedUntil { return "snoozed until " + TimeText.utc(until) }
        return "open"
    }

    /// The state as compact JSON for the audit log: `{}` when open, `{"progress":"skipped"}`,
    /// `{"snoozedUntil":1795788000}`.
    public var auditJSON: String {
        var members: [String: JSONValue] = [:]
        if let progress { members["progress"] = .string(progress.rawValue) }
        if let snoozedUntil { members["snoozedUntil"] = .int(snoozedUntil) }
        return JSONValue.object(members).compact
    }
}
