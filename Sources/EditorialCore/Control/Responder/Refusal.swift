/// A state change refused to a peer that may only read: its audit row and journal sentence.
public struct Refusal: Hashable, Sendable {
    /// The command refused.
    public var command: ControlCommand
    /// The item or key it named, if any.
    public var target: String?

    /// The refusal of `request`.
    public init(_ request: ControlRequest) {
        command = request.command
        target = request.arguments["item"]?.string ?? request.arguments["key"]?.string
    }

    /// The audit row: action `refused:<command>`.
    public func audit(by peer: ControlPeer, at now: Int64) -> AuditRecord {
        AuditRecord(
            id: 0, at: now, actor: peer.description, action: "refused:\(command.rawValue)", item: target,
            detail: "not allowed to change state")
    }

    /// `Refused 'done' of team/video to nobody (uid 65534, pid 9): not allowed to change state`.
    public func sentence(to peer: ControlPeer) -> String {
        "Refused '\(command.rawValue)'\(target.map { " of \($0)" } ?? "") to \(peer): not allowed to change state"
    }
}
