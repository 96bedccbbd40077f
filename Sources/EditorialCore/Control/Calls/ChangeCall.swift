/// `done`, `publish`, `skip`, `snooze` or `reopen`: a change to one item's recorded state.
public struct ChangeCall: ControlCall, Hashable {
    /// The reply.
    public typealias Reply = ChangeReply

    /// What to record.
    public enum Action: Hashable, Sendable {
        /// Production finished (content, preparations, renewals).
        case done
        /// The post went out; `force` publishes past what blocks it.
        case publish(force: Bool)
        /// Deliberately not done, with the reason.
        case skip(reason: String)
        /// Reminders held until an instant (`until`), or for `seconds` from now.
        case snooze(until: Instant?, seconds: Int64?)
        /// Clear done, published, skipped and any snooze.
        case reopen
    }

    /// The item id.
    public var item: String
    /// What to record.
    public var action: Action

    /// The argument names; each command takes `item` and its own.
    public enum CodingKeys: String, CodingKey, CaseIterable, Sendable {
        case item, force, reason, until, seconds
    }

    /// The longest skip reason accepted.
    public static let maxReason = 1_000
    /// The longest snooze, in seconds (366 days).
    public static let maxSnooze: Int64 = 366 * 86_400

    /// The command sent.
    public var command: ControlCommand {
        switch action {
        case .done: .done
        case .publish: .publish
        case .skip: .skip
        case .snooze: .snooze
        case .reopen: .reopen
        }
    }

    /// The argument names `command` takes.
    public static func arguments(of command: ControlCommand) -> [CodingKeys] {
        switch command {
        case .publish: [.item, .force]
        case .skip: [.item, .reason]
        case .snooze: [.item, .until, .seconds]
        default: [.item]
        }
    }

    /// Creates a call.
    public init(_ action: Action, item: String) {
        self.action = action
        self.item = item
    }

    /// Reads and checks the arguments of `done`, `publish`, `skip`, `snooze` or `reopen`.
    public init(_ request: ControlRequest) throws(ControlFailure) {
        item = try request.string(CodingKeys.item.rawValue)
        switch request.command {
        case .done: action = .done
        case .publish: action = .publish(force: try request.flag(CodingKeys.force.rawValue))
        case .skip:
            let reason = try request.string(CodingKeys.reason.rawValue)
            guard reason.count <= Self.maxReason else {
                throw ControlFailure(.badArgument, "the reason is longer than \(Self.maxReason) characters")
            }
            action = .skip(reason: reason)
        case .snooze:
            let until = try request.instant(CodingKeys.until.rawValue)
            let seconds = try request.optionalInt(CodingKeys.seconds.rawValue, in: 1...Self.maxSnooze)
            guard until != nil || seconds != nil else {
                throw ControlFailure(.badArgument, "snooze needs \"until\" (RFC 3339) or \"seconds\"")
            }
            action = .snooze(until: until, seconds: seconds)
        case .reopen: action = .reopen
        default: throw ControlFailure(.internal, "not a state change: \(request.command.rawValue)")
        }
    }

    /// Writes `item` and the action's arguments.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(item, forKey: .item)
        switch action {
        case .publish(let force): try c.encode(force, forKey: .force)
        case .skip(let reason): try c.encode(reason, forKey: .reason)
        case .snooze(let until, let seconds):
            try c.encodeIfPresent(until, forKey: .until)
            try c.encodeIfPresent(seconds, forKey: .seconds)
        case .done, .reopen: break
        }
    }
}
