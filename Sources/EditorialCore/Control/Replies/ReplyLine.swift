/// One reply line of protocol version 1, as the daemon writes it and a client reads it:
/// `{"v":1,"id":…,"ok":true,"result":{…}}` for a success, `{"v":1,"id":…,"ok":false,"error":{…}}` for a failure.
/// `Reply` is the command's result object (`StatusReply`, `AgendaPage`, …; `JSONValue` when it is not known).
///
/// `id` is always written, `null` when the request had none or it could not be read. Reading requires `v`, `id` and
/// `ok`, and `result` or `error` as `ok` says; other members are ignored, as the compatibility promise asks.
public struct ReplyLine<Reply: Codable & Hashable & Sendable>: Codable, Hashable, Sendable {
    /// What the request came to.
    public enum Outcome: Hashable, Sendable {
        /// `"ok": true` with the command's `result`.
        case success(Reply)
        /// `"ok": false` with the `error` object.
        case failure(ControlFailure)
    }

    /// The protocol version, `v`.
    public var version: Int64
    /// The request's correlation id, echoed as it was read (`null` when absent or unreadable).
    public var id: JSONValue
    /// The result or the error.
    public var outcome: Outcome

    /// `ok`: whether the request succeeded.
    public var ok: Bool {
        if case .success = outcome { return true }
        return false
    }

    /// The result of a success, `nil` for a failure.
    public var result: Reply? {
        if case .success(let reply) = outcome { return reply }
        return nil
    }

    /// The error of a failure, `nil` for a success.
    public var error: ControlFailure? {
        if case .failure(let failure) = outcome { return failure }
        return nil
    }

    /// The member names of the protocol.
    enum CodingKeys: String, CodingKey {
        case version = "v"
        case id, ok, result, error
    }

    /// A reply line of this daemon's protocol version.
    public init(id: JSONValue = .null, _ outcome: Outcome, version: Int64 = ControlProtocol.version) {
        self.version = version
        self.id = id
        self.outcome = outcome
    }

    /// Reads `v`, `id` and `ok`, then `result` (a `Reply`) or `error` as `ok` says.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decode(Int64.self, forKey: .version)
        id = try c.decode(JSONValue.self, forKey: .id)
        if try c.decode(Bool.self, forKey: .ok) {
            outcome = .success(try c.decode(Reply.self, forKey: .result))
        } else {
            outcome = .failure(try c.decode(ControlFailure.self, forKey: .error))
        }
    }

    /// Writes `v`, `id` (`null` included), `ok`, and `result` or `error`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(version, forKey: .version)
        try c.encode(id, forKey: .id)
        try c.encode(ok, forKey: .ok)
        switch outcome {
        case .success(let reply): try c.encode(reply, forKey: .result)
        case .failure(let failure): try c.encode(failure, forKey: .error)
        }
    }
}
