/// One event of `watch`: what the daemon journaled, with the same message and fields.
public struct WatchEvent: Codable, Hashable, Sendable {
    /// A field's value: one string, or several when the field occurs more than once.
    public enum Field: Codable, Hashable, Sendable {
        /// A field that occurs once.
        case one(String)
        /// A field that occurs several times, in order.
        case many([String])

        /// Every value, in order.
        public var values: [String] {
            switch self {
            case .one(let v): [v]
            case .many(let vs): vs
            }
        }

        /// Reads a string or an array of strings.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let one = try? container.decode(String.self) {
                self = .one(one)
            } else {
                self = .many(try container.decode([String].self))
            }
        }

        /// Writes a string or an array of strings.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .one(let v): try container.encode(v)
            case .many(let vs): try container.encode(vs)
            }
        }
    }

    /// What happened: `reminder`, `due`, `overdue`, `blocked`, `unblocked`, `renewal`, `plans-loaded`,
    /// `plans-rejected`, `catch-up`, `clock-changed`, `state-changed`, `refused`, `started`, `stopping`, `log`.
    public var type: String
    /// When the daemon sent it.
    public var at: Instant
    /// The syslog priority.
    public var priority: Int
    /// The journal message.
    public var message: String
    /// The journal fields, `EDITORIAL_` dropped and lower-cased.
    public var fields: [String: Field]

    /// The member names of the protocol.
    enum CodingKeys: String, CodingKey {
        case type, at, priority, message, fields
    }

    /// An event from journal fields (`name`, `value` pairs in order): `EDITORIAL_` is dropped from names, which
    /// are lower-cased; a repeated field becomes an array.
    public init(type: String, at: Instant, priority: Int, message: String, fields pairs: [(String, String)]) {
        self.type = type
        self.at = at
        self.priority = priority
        self.message = message
        var fields: [String: Field] = [:]
        for (raw, value) in pairs {
            let name = (raw.hasPrefix("EDITORIAL_") ? String(raw.dropFirst("EDITORIAL_".count)) : raw).lowercased()
            switch fields[name] {
            case nil: fields[name] = .one(value)
            case .one(let first)?: fields[name] = .many([first, value])
            case .many(let values)?: fields[name] = .many(values + [value])
            }
        }
        self.fields = fields
    }

    /// The first value of a field, by its event name (`item`, `reminder_key`, …).
    public subscript(field name: String) -> String? { fields[name]?.values.first }
}
