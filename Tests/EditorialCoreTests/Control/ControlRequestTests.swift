import EditorialCore
import Testing

/// Request lines parsed into commands, every error path with its stable code, the argument accessors, request
/// lines written by clients, and the shapes of replies.
struct ControlRequestTests {
    /// Parses `line`, recording an issue (and returning `nil`) when it fails.
    static func parsed(_ line: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> ControlRequest? {
        switch ControlRequest.parse(Array(line.utf8)) {
        case .success(let request): return request
        case .failure(let error):
            Issue.record("\(line) failed: \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }

    /// Parses `line`, recording an issue (and returning `nil`) when it succeeds.
    static func refused(_ line: String, sourceLocation: Testing.SourceLocation = #_sourceLocation)
        -> ControlRequestError?
    {
        switch ControlRequest.parse(Array(line.utf8)) {
        case .success(let request):
            Issue.record("\(line) parsed as \(request)", sourceLocation: sourceLocation)
            return nil
        case .failure(let error): return error
        }
    }

    /// The failure of `body` (a throwing accessor), or `nil` with an issue when it succeeds.
    static func failure<T>(
        _ body: () throws(ControlFailure) -> T, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) -> ControlFailure? {
        do {
            let value = try body()
            Issue.record("succeeded with \(value)", sourceLocation: sourceLocation)
            return nil
        } catch {
            return error
        }
    }

    /// A valid request yields its command, its arguments, and its `id` whatever JSON type it has.
    @Test func parsesARequestAndKeepsItsID() throws {
        let request = try #require(Self.parsed(#"{"v":1,"id":"r-1","cmd":"show","item":"acme/launch"}"#))
        #expect(request.id == .string("r-1"))
        #expect(request.command == .show)
        #expect(request.arguments == ["item": .string("acme/launch")])
        let ids: [(String, JSONValue)] = [
            ("7", .int(7)), ("-2.5", .double(-2.5)), ("null", .null), ("true", .bool(true)),
            (#"[1,"a"]"#, .array([.int(1), .string("a")])),
            (#"{"n":{"m":[]}}"#, .object(["n": .object(["m": .array([])])])),
        ]
        for (text, id) in ids {
            #expect(Self.parsed(#"{"cmd":"status","id":\#(text),"v":1}"#)?.id == id, "\(text)")
        }
        let noID = try #require(Self.parsed(#"{"v":1,"cmd":"status"}"#))
        #expect(noID.id == .null)
        #expect(noID.arguments.isEmpty)
        // A version written as 1.0 is version 1; whitespace around the object is fine.
        #expect(Self.parsed(" {\"v\": 1.0, \"cmd\": \"overdue\", \"limit\": 5}\t")?.arguments == ["limit": .int(5)])
    }

    /// Text that is not JSON is a bad request with no id to echo.
    @Test func notJSONIsABadRequest() {
        for line in [
            "", "status", #"{"v":1,"cmd":"status""#, #"{"v":1,"cmd":"status",}"#, "{\"v\":1,\"cmd\":\"st\u{1}\"}",
        ] {
            let error = Self.refused(line)
            #expect(error?.failure.code == .badRequest, "\(line)")
            #expect(error?.id == .null)
            #expect(error?.failure.message.hasPrefix("not JSON") == true, "\(line)")
        }
        // Two request objects on one line are not one JSON value.
        #expect(Self.refused(#"{"v":1,"cmd":"status"}{"v":1,"cmd":"status"}"#)?.failure.code == .badRequest)
        // A duplicated member is refused rather than guessed at.
        let dup = Self.refused(#"{"v":1,"id":1,"cmd":"done","cmd":"status"}"#)
        #expect(dup?.failure.code == .badRequest)
    }

    /// JSON that is not an object is a bad request naming what it is.
    @Test func notAnObjectIsABadRequest() {
        let cases = [
            ("[1]", "an array"), (#""status""#, "a string"), ("1", "a number"), ("null", "null"),
            ("true", "a boolean"),
        ]
        for (line, kind) in cases {
            let error = Self.refused(line)
            #expect(error?.failure.code == .badRequest)
            #expect(error?.failure.message.hasSuffix("not \(kind)") == true, "\(String(describing: error))")
            #expect(error?.id == .null)
        }
    }

    /// Without `v` the request is bad, and the reply says which versions the daemon speaks; the id survives.
    @Test func missingVersionIsABadRequestListingSupportedVersions() {
        let error = Self.refused(#"{"id":42,"cmd":"status"}"#)
        #expect(error?.failure.code == .badRequest)
        #expect(error?.id == .int(42))
        #expect(error?.failure.supported == [1])
        #expect(error?.failure.message.contains("\"v\"") == true)
    }

    /// Any `v` other than 1 (a future version, 0, a string, a fraction) is an unsupported version; the reply
    /// lists `supported: [1]` and echoes the id.
    @Test func otherVersionsAreUnsupported() {
        for v in ["2", "0", "-1", #""1""#, "1.5", "null", "true", "[1]"] {
            let error = Self.refused(#"{"v":\#(v),"id":"abc","cmd":"status"}"#)
            #expect(error?.failure.code == .unsupportedVersion, "v = \(v)")
            #expect(error?.id == .string("abc"), "v = \(v)")
            #expect(error?.failure.supported == [1], "v = \(v)")
            #expect(error?.failure.blockedBy == nil, "v = \(v)")
            #expect(error?.failure.json["supported"] == .array([.int(1)]))
            #expect(error?.failure.json["code"] == .string("unsupported-version"))
        }
    }

    /// Without `cmd`, or with a `cmd` that is not a string, the request is bad; the id survives.
    @Test func missingOrNonStringCommandIsABadRequest() {
        let missing = Self.refused(#"{"v":1,"id":[3]}"#)
        #expect(missing?.failure.code == .badRequest)
        #expect(missing?.id == .array([.int(3)]))
        #expect(missing?.failure.message.contains("\"cmd\"") == true)
        for cmd in ["1", "null", "[\"status\"]", #"{"name":"status"}"#, "true"] {
            let error = Self.refused(#"{"v":1,"id":9,"cmd":\#(cmd)}"#)
            #expect(error?.failure.code == .badRequest, "cmd = \(cmd)")
            #expect(error?.id == .int(9))
            #expect(error?.failure.message.contains("must be a string") == true, "cmd = \(cmd)")
        }
    }

    /// An unknown command is `unknown-command`, with the nearest command suggested when it looks like a typo.
    @Test func unknownCommandSuggestsTheNearestOne() {
        let typo = Self.refused(#"{"v":1,"id":"x","cmd":"stauts"}"#)
        #expect(typo?.failure.code == .unknownCommand)
        #expect(typo?.id == .string("x"))
        #expect(typo?.failure.message.contains("did you mean 'status'?") == true, "\(String(describing: typo))")
        let agenda = Self.refused(#"{"v":1,"cmd":"agneda"}"#)
        #expect(agenda?.failure.message.contains("did you mean 'agenda'?") == true)
        // Commands are case-sensitive, but the suggestion is not.
        let upper = Self.refused(#"{"v":1,"cmd":"STATUS"}"#)
        #expect(upper?.failure.code == .unknownCommand)
        #expect(upper?.failure.message.contains("did you mean 'status'?") == true)
        let nothingClose = Self.refused(#"{"v":1,"cmd":"frobnicate"}"#)
        #expect(nothingClose?.failure.code == .unknownCommand)
        #expect(nothingClose?.failure.message.contains("did you mean") == false)
        #expect(Self.refused(#"{"v":1,"cmd":""}"#)?.failure.code == .unknownCommand)
    }

    /// An argument the command does not take is `bad-argument`, with a suggestion and the list it does take.
    @Test func unknownArgumentSuggestsTheNearestName() {
        let typo = Self.refused(#"{"v":1,"id":5,"cmd":"agenda","limt":5}"#)
        #expect(typo?.failure.code == .badArgument)
        #expect(typo?.id == .int(5))
        let message = typo?.failure.message ?? ""
        #expect(message.contains("'agenda' has no argument 'limt'"), "\(message)")
        #expect(message.contains("did you mean 'limit'?"), "\(message)")
        #expect(message.contains("it takes channel, cursor, from, limit, plan, to"), "\(message)")
        let none = Self.refused(#"{"v":1,"cmd":"status","item":"x"}"#)
        #expect(none?.failure.code == .badArgument)
        #expect(none?.failure.message.contains("it takes none") == true)
        #expect(none?.failure.message.contains("did you mean") == false)
        // An argument of another command is still unknown here.
        #expect(Self.refused(#"{"v":1,"cmd":"show","force":true,"item":"a"}"#)?.failure.code == .badArgument)
    }

    /// Every command accepts exactly its own argument names (the protocol's table).
    @Test func argumentNamesPerCommand() {
        let expected: [ControlCommand: Set<String>] = [
            .status: [], .reload: [], .watch: [],
            .agenda: ["from", "to", "channel", "plan", "limit", "cursor"],
            .overdue: ["limit", "cursor"], .blocked: ["limit", "cursor"],
            .show: ["item"], .gate: ["item"], .done: ["item"], .reopen: ["item"],
            .publish: ["item", "force"], .skip: ["item", "reason"], .snooze: ["item", "until", "seconds"],
            .ack: ["key"], .export: ["from", "to", "channel", "owner", "plan", "alarms"],
            .outbox: ["state", "before", "limit"], .retry: ["delivery"],
            .pace: ["weeks", "channel", "owner", "tolerance"], .grid: ["days", "titles"],
            .simulate: ["from", "to", "down_from", "down_until", "limit", "cursor"],
        ]
        #expect(Set(expected.keys) == Set(ControlCommand.allCases))
        for command in ControlCommand.allCases {
            #expect(command.arguments == expected[command], "\(command)")
            for name in command.arguments {
                let line = #"{"v":1,"cmd":"\#(command.rawValue)","\#(name)":null}"#
                #expect(Self.parsed(line)?.arguments[name] == .null, "\(line)")
            }
        }
    }

    /// `string` requires a non-empty string; `optionalString` treats absent and `null` as no value.
    @Test func stringArguments() throws {
        let ok = ControlRequest(command: .skip, arguments: ["item": .string("acme/x"), "reason": .null])
        #expect(try ok.string("item") == "acme/x")
        #expect(try ok.optionalString("reason") == nil)
        #expect(try ok.optionalString("absent") == nil)
        let missing = Self.failure { () throws(ControlFailure) in try ControlRequest(command: .show).string("item") }
        #expect(missing?.code == .badArgument)
        #expect(missing?.message == "'show' needs \"item\"")
        for bad: JSONValue in [.string(""), .int(3), .null, .array([.string("a")]), .bool(true)] {
            let request = ControlRequest(command: .show, arguments: ["item": bad])
            let failure = Self.failure { () throws(ControlFailure) in try request.string("item") }
            #expect(failure?.code == .badArgument, "\(bad)")
            #expect(failure?.message.contains("must be a non-empty string") == true, "\(bad)")
        }
        let empty = ControlRequest(command: .skip, arguments: ["item": .string("a"), "reason": .string("")])
        #expect(Self.failure { () throws(ControlFailure) in try empty.optionalString("reason") }?.code == .badArgument)
    }

    /// `optionalInt` accepts integers (and integral doubles) inside the range, bounds included.
    @Test func integerArgumentsWithinRange() throws {
        func request(_ value: JSONValue) -> ControlRequest {
            ControlRequest(command: .snooze, arguments: ["item": .string("a"), "seconds": value])
        }
        #expect(try request(.int(1)).optionalInt("seconds", in: 1...86_400) == 1)
        #expect(try request(.int(86_400)).optionalInt("seconds", in: 1...86_400) == 86_400)
        #expect(try request(.double(60)).optionalInt("seconds", in: 1...86_400) == 60)
        #expect(try request(.null).optionalInt("seconds", in: 1...86_400) == nil)
        #expect(try ControlRequest(command: .snooze).optionalInt("seconds", in: 1...86_400) == nil)
        for bad: JSONValue in [.int(0), .int(86_401), .int(-5), .double(1.5), .string("60"), .bool(true), .int(.min)] {
            let failure = Self.failure { () throws(ControlFailure) in
                try request(bad).optionalInt("seconds", in: 1...86_400)
            }
            #expect(failure?.code == .badArgument, "\(bad)")
            #expect(failure?.message.contains("from 1 to 86400") == true, "\(bad)")
        }
    }

    /// `flag` is false when absent or `null`, and refuses anything but a boolean.
    @Test func flagArguments() throws {
        #expect(try ControlRequest(command: .publish).flag("force") == false)
        #expect(try ControlRequest(command: .publish, arguments: ["force": .null]).flag("force") == false)
        #expect(try ControlRequest(command: .publish, arguments: ["force": .bool(true)]).flag("force") == true)
        #expect(try ControlRequest(command: .publish, arguments: ["force": .bool(false)]).flag("force") == false)
        for bad: JSONValue in [.int(1), .string("true"), .int(0), .array([])] {
            let request = ControlRequest(command: .publish, arguments: ["force": bad])
            let failure = Self.failure { () throws(ControlFailure) in try request.flag("force") }
            #expect(failure?.code == .badArgument, "\(bad)")
            #expect(failure?.message.contains("must be true or false") == true)
        }
    }

    /// `limit` is absent (the responder's default, 100, applies) or 1 through 1000.
    @Test func limitDefaultsAndBounds() throws {
        #expect(ControlProtocol.defaultLimit == 100)
        #expect(ControlProtocol.maxLimit == 1_000)
        #expect(try ListCall(ControlRequest(command: .overdue)).limit == nil)
        #expect(try ListCall(ControlRequest(command: .overdue, arguments: ["limit": .null])).limit == nil)
        #expect(try ListCall(ControlRequest(command: .overdue, arguments: ["limit": .int(1)])).limit == 1)
        #expect(try ListCall(ControlRequest(command: .blocked, arguments: ["limit": .int(1_000)])).limit == 1_000)
        for bad: JSONValue in [.int(0), .int(1_001), .int(-1), .string("10"), .double(2.5)] {
            let request = ControlRequest(command: .overdue, arguments: ["limit": bad])
            let failure = Self.failure { () throws(ControlFailure) in try ListCall(request) }
            #expect(failure?.code == .badArgument, "\(bad)")
            #expect(failure?.message.contains("from 1 to 1000") == true, "\(bad)")
        }
    }

    /// A request's `line` is one compact line that parses back to the same request, for every command.
    @Test func requestLinesRoundTrip() throws {
        let ids: [JSONValue] = [.null, .int(1), .string("a\"b"), .array([.int(1)]), .object(["k": .bool(true)])]
        let samples: [String: JSONValue] = [
            "from": .string("2027-01-01"), "to": .string("2027-01-31T00:00:00Z"), "channel": .string("blog"),
            "plan": .string("acme"), "limit": .int(1_000), "cursor": .string("opaque=="), "item": .string("acme/é 😀"),
            "force": .bool(true), "reason": .string("line\nbreak"), "until": .string("2027-01-05T08:00:00Z"),
            "seconds": .int(3_600), "key": .string("acme/launch!PT1H"), "owner": .string("anna"),
            "alarms": .bool(true), "state": .string("dead"), "before": .int(42), "delivery": .int(7),
            "weeks": .int(8), "tolerance": .int(600), "days": .int(28), "titles": .int(3),
            "down_from": .string("2027-01-02T00:00:00Z"), "down_until": .string("2027-01-03T00:00:00Z"),
        ]
        for (i, command) in ControlCommand.allCases.enumerated() {
            let arguments = samples.filter { command.arguments.contains($0.key) }
            #expect(arguments.count == command.arguments.count)
            let request = ControlRequest(id: ids[i % ids.count], command: command, arguments: arguments)
            let line = request.line
            #expect(!line.contains("\n"))
            let back = try #require(Self.parsed(line))
            #expect(back == request, "\(line)")
            let json = try JSONParser.parse(line)
            #expect(json["v"] == .int(1))
            #expect(json["cmd"] == .string(command.rawValue))
            #expect(json["id"] == (request.id == .null ? nil : request.id))
        }
        #expect(ControlRequest(command: .status).line == #"{"cmd":"status","v":1}"#)
    }

    /// Exactly the commands that change something need a privileged peer.
    @Test func changesStateExactlyForWritingCommands() {
        let writing = Set(ControlCommand.allCases.filter(\.changesState))
        #expect(writing == [.done, .publish, .skip, .snooze, .reopen, .ack, .reload, .retry])
        #expect(ControlCommand.allCases.count == 20)
    }

    /// Error codes are the stable strings of the protocol.
    @Test func errorCodesAreStable() {
        #expect(
            ControlErrorCode.allCases.map(\.rawValue) == [
                "bad-request", "too-large", "unsupported-version", "unknown-command", "bad-argument", "not-found",
                "forbidden", "blocked", "invalid-state", "busy", "timeout", "internal",
            ])
    }

    /// Replies and events are single compact lines carrying `"v":1`.
    @Test func replyShapes() throws {
        let success = ControlReply.success(id: .string("q"), .object(["count": .int(2)]))
        #expect(success == #"{"id":"q","ok":true,"result":{"count":2},"v":1}"#)
        let failure = ControlFailure(.blocked, "held \"back\"\nby x", blockedBy: [])
        let failed = ControlReply.failure(id: .null, failure)
        #expect(!failed.contains("\n"))
        let parsedFailure = try JSONParser.parse(failed)
        #expect(parsedFailure["v"] == .int(1))
        #expect(parsedFailure["id"] == .null)
        #expect(parsedFailure["ok"] == .bool(false))
        #expect(parsedFailure["result"] == nil)
        #expect(
            parsedFailure["error"]
                == .object([
                    "code": .string("blocked"), "message": .string("held \"back\"\nby x"), "blocked_by": .array([]),
                ]))
        let event = ControlReply.event(.object(["kind": .string("due")]))
        #expect(event == #"{"event":{"kind":"due"},"v":1}"#)
        // Details that do not apply are left out.
        let plain = ControlFailure(.notFound, "no such item")
        #expect(plain.json == .object(["code": .string("not-found"), "message": .string("no such item")]))
    }

    /// An error reply built from a parse failure echoes the id the request carried.
    @Test func errorRepliesEchoTheRequestID() throws {
        let error = try #require(Self.refused(#"{"v":3,"id":{"seq":12},"cmd":"status"}"#))
        let reply = try JSONParser.parse(ControlReply.failure(id: error.id, error.failure))
        #expect(reply["id"] == .object(["seq": .int(12)]))
        #expect(reply["error"]?["code"] == .string("unsupported-version"))
        #expect(reply["error"]?["supported"] == .array([.int(1)]))
    }
}
