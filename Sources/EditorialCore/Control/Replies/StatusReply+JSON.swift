extension StatusReply: JSONValueRepresentable {
    /// The reply's JSON, built directly (`status` is the request a dashboard sends most).
    public var jsonValue: JSONValue {
        typealias K = CodingKeys
        var o: [String: JSONValue] = Dictionary(minimumCapacity: 16)
        o[K.daemon.rawValue] = .string(daemon)
        o[K.version.rawValue] = .string(version)
        o[K.protocol.rawValue] = .int(`protocol`)
        o[K.pid.rawValue] = .int(pid)
        o[K.started.rawValue] = .string(started.description)
        o[K.uptimeSeconds.rawValue] = .int(uptimeSeconds)
        o[K.now.rawValue] = .string(now.description)
        o[K.nowLocal.rawValue] = .string(nowLocal.description)
        o[K.plans.rawValue] = plans.jsonValue
        o[K.rejected.rawValue] = rejected?.jsonValue ?? .null
        o[K.counts.rawValue] = counts.jsonValue
        o[K.next.rawValue] = next?.jsonValue ?? .null
        o[K.stateDirectory.rawValue] = .string(stateDirectory)
        o[K.control.rawValue] = control.jsonValue
        o[K.outbox.rawValue] = .object([
            "routes": .int(Int64(outbox.routes)),
            "counts": .object([
                "pending": .int(Int64(outbox.counts.pending)), "retrying": .int(Int64(outbox.counts.retrying)),
                "dead": .int(Int64(outbox.counts.dead)), "delivered": .int(Int64(outbox.counts.delivered)),
            ]),
        ])
        o[K.pace.rawValue] = pace.flatMap { try? JSONValueEncoder().encode($0) } ?? .null
        o[K.cluster.rawValue] = cluster.flatMap { try? JSONValueEncoder().encode($0) } ?? .null
        return .object(o)
    }
}

extension StatusReply.Plans: JSONValueRepresentable {
    /// The member's JSON, built directly.
    public var jsonValue: JSONValue {
        .object([
            CodingKeys.count.rawValue: .int(Int64(count)), CodingKeys.files.rawValue: .int(Int64(files)),
            CodingKeys.directory.rawValue: .string(directory),
            CodingKeys.loadedAt.rawValue: .string(loadedAt.description),
            CodingKeys.warnings.rawValue: .int(Int64(warnings)),
            CodingKeys.names.rawValue: .array(names.map(JSONValue.string)),
        ])
    }
}

extension StatusReply.Rejected: JSONValueRepresentable {
    /// The member's JSON, built directly.
    public var jsonValue: JSONValue {
        .object([
            CodingKeys.errors.rawValue: .int(Int64(errors)), CodingKeys.first.rawValue: .array(first.map(\.jsonValue)),
        ])
    }
}

extension StatusReply.Counts: JSONValueRepresentable {
    /// The member's JSON, built directly.
    public var jsonValue: JSONValue {
        .object([
            CodingKeys.dueToday.rawValue: .int(Int64(dueToday)), CodingKeys.overdue.rawValue: .int(Int64(overdue)),
            CodingKeys.blocked.rawValue: .int(Int64(blocked)),
            CodingKeys.upcoming7Days.rawValue: .int(Int64(upcoming7Days)),
        ])
    }
}

extension StatusReply.Next: JSONValueRepresentable {
    /// The member's JSON, built directly.
    public var jsonValue: JSONValue {
        .object([
            CodingKeys.kind.rawValue: .string(kind.rawValue), CodingKeys.item.rawValue: .string(item),
            CodingKeys.at.rawValue: .string(at.description), CodingKeys.atLocal.rawValue: .string(atLocal.description),
            CodingKeys.inSeconds.rawValue: .int(inSeconds),
        ])
    }
}

extension StatusReply.Control: JSONValueRepresentable {
    /// The member's JSON, built directly.
    public var jsonValue: JSONValue {
        .object([
            CodingKeys.connections.rawValue: .int(Int64(connections)),
            CodingKeys.watchers.rawValue: .int(Int64(watchers)),
            CodingKeys.replies.rawValue: .int(Int64(replies)), CodingKeys.refused.rawValue: .int(Int64(refused)),
        ])
    }
}
