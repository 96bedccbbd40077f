/// One parsed request line: `{"v":1,"id":…,"cmd":"…", arguments…}`. Parsing checks everything that does not
/// need the daemon's state: JSON, version, command, argument names and types.
public struct ControlRequest: Hashable, Sendable {
    /// The client's correlation id, echoed in the reply (any JSON value; `null` when absent).
    public var id: JSONValue
    /// The command.
    public var command: ControlCommand
    /// The arguments, by name (already checked against the command's names).
    public var arguments: [String: JSONValue]

    /// Creates a request.
    public init(id: JSONValue = .null, command: ControlCommand, arguments: [String: JSONValue] = [:]) {
        self.id = id
        self.command = command
        self.arguments = arguments
    }

    /// The request line (without the newline) a client sends.
    public var line: String {
        var members = arguments
        members["v"] = .int(ControlProtocol.version)
        members["cmd"] = .string(command.rawValue)
        if id != .null { members["id"] = id }
        return JSONValue.object(members).compact
    }

    /// Parses one line (without its newline). A failure carries the request's `id` when it could be read, so
    /// the error reply can still be matched.
    public static func parse(_ bytes: [UInt8]) -> Result<ControlRequest, ControlRequestError> {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            return .failure(ControlRequestError(id: .null, ControlFailure(.badRequest, "not JSON: \(error)")))
        }
        guard case .object(var members) = value else {
            return .failure(
                ControlRequestError(
                    id: .null, ControlFailure(.badRequest, "a request is a JSON object, not \(value.typeName)")))
        }
        let id = members.removeValue(forKey: "id") ?? .null
        func fail(_ code: ControlErrorCode, _ message: String, supported: Bool = false) -> Result<
            ControlRequest, ControlRequestError
        > {
            let versions = supported ? ControlProtocol.supportedVersions : nil
            return .failure(ControlRequestError(id: id, ControlFailure(code, message, supported: versions)))
        }
        guard let versionValue = members.removeValue(forKey: "v") else {
            return fail(
                .badRequest, "the request has no protocol version \"v\" (this daemon speaks 1)",
                supported: true)
        }
        guard let version = versionValue.int, ControlProtocol.supportedVersions.contains(version) else {
            return fail(
                .unsupportedVersion, "protocol version \(versionValue.compact) is not supported (this daemon speaks 1)",
                supported: true)
        }
        guard let name = members.removeValue(forKey: "cmd") else {
            return fail(.badRequest, "the request has no command \"cmd\"")
        }
        guard let text = name.string else { return fail(.badRequest, "\"cmd\" must be a string, not \(name.typeName)") }
        guard let command = ControlCommand(rawValue: text) else {
            let names = ControlCommand.allCases.map(\.rawValue)
            let hint = Suggestion.nearest(to: text, among: names).map { "; did you mean '\($0)'?" } ?? ""
            return fail(.unknownCommand, "unknown command '\(text)'\(hint)")
        }
        for key in members.keys.sorted() where !command.arguments.contains(key) {
            let allowed = command.arguments.sorted()
            let hint = Suggestion.nearest(to: key, among: allowed).map { "; did you mean '\($0)'?" } ?? ""
            let list = allowed.isEmpty ? "it takes none" : "it takes \(allowed.joined(separator: ", "))"
            return fail(.badArgument, "'\(command.rawValue)' has no argument '\(key)'\(hint) (\(list))")
        }
        return .success(ControlRequest(id: id, command: command, arguments: members))
    }

    /// A required string argument.
    public func string(_ name: String) throws(ControlFailure) -> String {
        guard let value = arguments[name] else {
            throw ControlFailure(.badArgument, "'\(command.rawValue)' needs \"\(name)\"")
        }
        guard let s = value.string, !s.isEmpty else {
            throw ControlFailure(.badArgument, "\"\(name)\" must be a non-empty string, not \(value.compact)")
        }
        return s
    }

    /// An optional string argument.
    public func optionalString(_ name: String) throws(ControlFailure) -> String? {
        guard let value = arguments[name], value != .null else { return nil }
        return try string(name)
    }

    /// An optional integer argument within `range`.
    public func optionalInt(_ name: String, in range: ClosedRange<Int64>) throws(ControlFailure) -> Int64? {
        guard let value = arguments[name], value != .null else { return nil }
        guard let i = value.int, range.contains(i) else {
            throw ControlFailure(
                .badArgument,
                "\"\(name)\" must be an integer from \(range.lowerBound) to \(range.upperBound), not \(value.compact)")
        }
        return i
    }

    /// An optional boolean argument (false when absent).
    public func flag(_ name: String) throws(ControlFailure) -> Bool {
        guard let value = arguments[name], value != .null else { return false }
        guard let b = value.bool else {
            throw ControlFailure(.badArgument, "\"\(name)\" must be true or false, not \(value.compact)")
        }
        return b
    }

    /// An optional page size (1 to `ControlProtocol.maxLimit`).
    public func limit(_ name: String) throws(ControlFailure) -> Int? {
        try optionalInt(name, in: 1...Int64(ControlProtocol.maxLimit)).map(Int.init)
    }

    /// An optional instant: RFC 3339 with `Z` or an offset, or epoch seconds.
    public func instant(_ name: String) throws(ControlFailure) -> Instant? {
        guard let value = arguments[name], value != .null else { return nil }
        if let i = value.int { return Instant(i) }
        guard let text = value.string else {
            throw ControlFailure(.badArgument, "\"\(name)\" must be an RFC 3339 time or epoch seconds")
        }
        if let instant = Instant(text: text) { return instant }
        throw ControlFailure(
            .badArgument,
            "\"\(name)\" must be an RFC 3339 time with Z or an offset (2027-01-05T09:30:00Z), not '\(text)'")
    }
}
