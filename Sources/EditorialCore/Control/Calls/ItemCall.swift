/// `show` or `gate`: one item by id. The reply type tells the two apart.
public struct ItemCall<Reply: Codable & Sendable>: ControlCall, Hashable {
    /// `show` or `gate`.
    public var command: ControlCommand
    /// The item id.
    public var item: String

    /// The argument names.
    public enum CodingKeys: String, CodingKey, CaseIterable, Sendable {
        case item
    }

    init(command: ControlCommand, item: String) {
        self.command = command
        self.item = item
    }

    /// Reads and checks the argument.
    public init(_ request: ControlRequest) throws(ControlFailure) {
        command = request.command
        item = try request.string(CodingKeys.item.rawValue)
    }

    /// Writes the argument.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(item, forKey: .item)
    }
}

/// `show`: everything about one item.
public typealias ShowCall = ItemCall<ItemDetail>
/// `gate`: may one item be published now.
public typealias GateCall = ItemCall<GateReply>

extension ItemCall where Reply == ItemDetail {
    /// `show ITEM`.
    public init(item: String) { self.init(command: .show, item: item) }
}

extension ItemCall where Reply == GateReply {
    /// `gate ITEM`.
    public init(item: String) { self.init(command: .gate, item: item) }
}
