import EditorialCore

/// The `watch` form of a journal entry: what `editorialctl watch` streams. Every entry the daemon journals
/// (reminders, due, overdue, blocked and unblocked posts, reloads, rejected plans, state changes, refusals,
/// clock changes, start and stop) is also an event, with the same message and fields.
public enum WatchEvent {
    /// `{"type":…,"at":…,"priority":…,"message":…,"fields":{…}}`; field names lose their `EDITORIAL_`
    /// prefix and are lower-cased; a repeated field becomes an array.
    public static func json(_ entry: JournalEntry, at now: Int64) -> JSONValue {
        var fields: [String: JSONValue] = [:]
        for field in entry.fields {
            var name = field.name
            if name.hasPrefix("EDITORIAL_") { name.removeFirst("EDITORIAL_".count) }
            name = name.lowercased()
            switch fields[name] {
            case nil: fields[name] = .string(field.value)
            case .array(let values)?: fields[name] = .array(values + [.string(field.value)])
            case let value?: fields[name] = .array([value, .string(field.value)])
            }
        }
        return .object([
            "type": .string(entry.messageID.map(type) ?? "log"), "at": .string(TimeText.utc(now)),
            "priority": .int(Int64(entry.priority.rawValue)), "message": .string(entry.message),
            "fields": .object(fields),
        ])
    }

    /// The event type of a message id: `reminder`, `due`, `overdue`, `blocked`, `unblocked`, `renewal`,
    /// `plans-loaded`, `plans-rejected`, `catch-up`, `started`, `stopping`, `clock-changed`, `state-changed`,
    /// `refused`.
    public static func type(_ id: MessageID) -> String {
        switch id {
        case .reminder: "reminder"
        case .due: "due"
        case .overdue: "overdue"
        case .blocked: "blocked"
        case .unblocked: "unblocked"
        case .renewal: "renewal"
        case .plansLoaded: "plans-loaded"
        case .plansRejected: "plans-rejected"
        case .catchUp: "catch-up"
        case .started: "started"
        case .stopping: "stopping"
        case .clockChanged: "clock-changed"
        case .stateChanged: "state-changed"
        case .controlRefused: "refused"
        }
    }
}
