import EditorialCore
import Foundation
import Testing

/// Every ```json block of Docs/Protocol.md is decoded into its type and encoded back to the same JSON, so the page
/// cannot show a member the types do not have, a value of the wrong type, or leave out a member always written.
///
/// The line right before each ```json fence (indented as the fence) says what the block holds:
///
///     <!-- example: KIND [WORD …] -->
///
/// - `request`: every line is a request line. It goes through `ControlRequest.parse` and `AnyControlCall`, and the
///   call's `request(id:)` line must parse back to the same JSON value.
/// - `result TYPE`: the block is one result object of `TYPE`, as the per-command "Result:" blocks show it (one
///   line or indented). It decodes with `JSONValueDecoder` and encodes back with `JSONValueEncoder`.
/// - `reply TYPE`: the block is one success reply line, a `ReplyLine<TYPE>`.
/// - `error`: the block is one error reply line, a `ReplyLine` with `"ok": false`.
/// - `event`: the block is one event line, an `EventLine`.
/// - `replies WORD …`: the block is several lines, one word per line in order: a `TYPE` (a success reply with
///   that result), `error`, or `event`.
///
/// `TYPE` is a name in `shapes`: the reply types of `Control/Replies` and the entries they hold. Whole lines are
/// also rebuilt with `ControlReply`, the daemon's own builder, which must give the same JSON.
///
/// Values are compared as `JSONValue`s, not as text (the page indents for reading, and object members have no
/// order). A block without an annotation, an unknown kind or type, an annotation without a block, and a change in
/// the number of examples all fail.
struct ProtocolExamplesTests {
    /// How many blocks each annotation kind has on the page.
    static let expectedBlocks = ["request": 14, "result": 16, "reply": 2, "error": 3, "event": 2, "replies": 1]
    /// How many JSON messages of each kind are checked (the lines of `replies` blocks counted by their own kind).
    static let expectedMessages = ["request": 14, "result": 16, "reply": 3, "error": 3, "event": 3]

    /// One ```json block: where its fence is, its annotation, and its lines.
    struct Block: Sendable {
        /// The 1-based line of the opening fence.
        var line: Int
        /// The annotation's words (`["result", "StatusReply"]`), `nil` when the line before has none.
        var annotation: [String]?
        /// The lines between the fences, each with its 1-based line number.
        var body: [(line: Int, text: String)]

        /// Where it is, for messages.
        var place: String { "Protocol.md:\(line)" }
    }

    /// How one type's examples are checked.
    struct Shape: Sendable {
        /// A result object decoded as the type and encoded back.
        var result: @Sendable (JSONValue) throws -> JSONValue
        /// A reply line decoded with its result as the type; the result is handed back encoded again.
        var reply: @Sendable (JSONValue) throws -> ReplyLine<JSONValue>
    }

    /// The checks of `type`.
    static func shape<T: Codable & Hashable & Sendable>(_ type: T.Type) -> Shape {
        Shape(
            result: { try JSONValueEncoder().encode(JSONValueDecoder().decode(T.self, from: $0)) },
            reply: { value in
                let line = try JSONValueDecoder().decode(ReplyLine<T>.self, from: value)
                switch line.outcome {
                case .success(let result):
                    return ReplyLine(
                        id: line.id, .success(try JSONValueEncoder().encode(result)), version: line.version)
                case .failure(let failure):
                    return ReplyLine(id: line.id, .failure(failure), version: line.version)
                }
            })
    }

    /// The types an annotation may name.
    static let shapes: [String: Shape] = [
        "AckReply": shape(AckReply.self),
        "OutboxPage": shape(OutboxPage.self),
        "RetryReply": shape(RetryReply.self),
        "SimulationPage": shape(SimulationPage.self),
        "PaceReply": shape(PaceReply.self),
        "GridReply": shape(GridReply.self),
        "AgendaPage": shape(AgendaPage.self),
        "AuditEntry": shape(AuditEntry.self),
        "BlameEntry": shape(BlameEntry.self),
        "ChangeReply": shape(ChangeReply.self),
        "ControlFailure": shape(ControlFailure.self),
        "DiagnosticEntry": shape(DiagnosticEntry.self),
        "ExportReply": shape(ExportReply.self),
        "GateReply": shape(GateReply.self),
        "ItemDetail": shape(ItemDetail.self),
        "ItemEntry": shape(ItemEntry.self),
        "ItemListing": shape(ItemListing.self),
        "ListPage": shape(ListPage.self),
        "ReloadReply": shape(ReloadReply.self),
        "ReminderEntry": shape(ReminderEntry.self),
        "StageEntry": shape(StageEntry.self),
        "StatusReply": shape(StatusReply.self),
        "WatchEvent": shape(WatchEvent.self),
        "WatchReply": shape(WatchReply.self),
    ]

    /// Docs/Protocol.md: the package root is three levels above this file's directory.
    static let page = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Docs/Protocol.md")

    /// The page's lines.
    static func lines() throws -> [String] {
        try String(contentsOf: page, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
    }

    /// The annotation words of `line`, `nil` when it is not an annotation.
    static func annotation(_ line: String) -> [String]? {
        let text = line.trimmingCharacters(in: .whitespaces)
        guard text.hasPrefix("<!-- example:"), text.hasSuffix("-->") else { return nil }
        return text.dropFirst("<!-- example:".count).dropLast("-->".count).split(separator: " ").map(String.init)
    }

    /// Every ```json block, and what is wrong with the page's fences and annotations: a fence left open, an
    /// annotation not right before a fence.
    static func blocks() throws -> (blocks: [Block], problems: [String]) {
        let lines = try lines()
        var blocks: [Block] = []
        var problems: [String] = []
        var index = 0
        while index < lines.count {
            let text = lines[index].trimmingCharacters(in: .whitespaces)
            if annotation(text) != nil,
                index + 1 >= lines.count || lines[index + 1].trimmingCharacters(in: .whitespaces) != "```json"
            {
                problems.append("Protocol.md:\(index + 1): an annotation not right before a ```json fence")
            }
            guard text == "```json" else {
                index += 1
                continue
            }
            var block = Block(line: index + 1, annotation: index > 0 ? annotation(lines[index - 1]) : nil, body: [])
            index += 1
            while index < lines.count, lines[index].trimmingCharacters(in: .whitespaces) != "```" {
                block.body.append((index + 1, lines[index]))
                index += 1
            }
            if index == lines.count { problems.append("\(block.place): the block is not closed") }
            blocks.append(block)
            index += 1
        }
        return (blocks, problems)
    }

    /// Where `example` and `encoded` first differ (`nil` when they are equal), by the path of the member.
    static func difference(_ example: JSONValue, _ encoded: JSONValue, at path: String = "") -> String? {
        switch (example, encoded) {
        case (.object(let a), .object(let b)):
            for key in Set(a.keys).union(b.keys).sorted() {
                let member = path.isEmpty ? key : "\(path).\(key)"
                switch (a[key], b[key]) {
                case (let x?, let y?):
                    if let found = difference(x, y, at: member) { return found }
                case (_?, nil): return "\(member) is in the example but not in the encoding (unknown or dropped)"
                case (nil, _?): return "\(member) is in the encoding but not in the example (always written)"
                case (nil, nil): break
                }
            }
            return nil
        case (.array(let a), .array(let b)) where a.count == b.count:
            for (i, (x, y)) in zip(a, b).enumerated() {
                if let found = difference(x, y, at: "\(path)[\(i)]") { return found }
            }
            return nil
        default:
            guard example != encoded else { return nil }
            return "\(path.isEmpty ? "the value" : path): the example has \(example.compact), the encoding "
                + encoded.compact
        }
    }

    /// The typed call inside `call`.
    static func typed(_ call: AnyControlCall) -> any ControlCall {
        switch call {
        case .status(let c): c
        case .agenda(let c): c
        case .list(let c): c
        case .show(let c): c
        case .gate(let c): c
        case .export(let c): c
        case .change(let c): c
        case .ack(let c): c
        case .reload(let c): c
        case .watch(let c): c
        case .outbox(let c): c
        case .retry(let c): c
        case .pace(let c): c
        case .grid(let c): c
        case .simulate(let c): c
        }
    }

    /// Checks one request line: parsed, read as its call, and written back by the call.
    static func checkRequest(_ text: String, _ example: JSONValue, at place: String) throws {
        let request: ControlRequest
        switch ControlRequest.parse(Array(text.utf8)) {
        case .success(let parsed): request = parsed
        case .failure(let error):
            Issue.record("\(place): the request does not parse: \(error.failure.message)")
            return
        }
        let call: AnyControlCall
        do {
            call = try AnyControlCall(request)
        } catch {
            Issue.record("\(place): the request's arguments are refused: \(error.message)")
            return
        }
        let written = try JSONParser.parse(typed(call).request(id: request.id).line)
        #expect(difference(example, written) == nil, "\(place): the call writes another request")
    }

    /// Checks one success or error reply line: the envelope with its result, and the daemon's builder.
    static func checkReply(_ example: JSONValue, _ shape: Shape, ok: Bool, at place: String) throws {
        let line = try shape.reply(example)
        #expect(line.ok == ok, "\(place): \"ok\" is \(line.ok)")
        let encoded = try JSONValueEncoder().encode(line)
        #expect(difference(example, encoded) == nil, "\(place): the reply line does not encode back the same")
        let built =
            switch line.outcome {
            case .success(let result): ControlReply.success(id: line.id, result)
            case .failure(let failure): ControlReply.failure(id: line.id, failure)
            }
        #expect(difference(example, try JSONParser.parse(built)) == nil, "\(place): ControlReply writes another line")
    }

    /// Checks one event line: the envelope with its event, and the daemon's builder.
    static func checkEvent(_ example: JSONValue, at place: String) throws {
        let line = try JSONValueDecoder().decode(EventLine.self, from: example)
        let encoded = try JSONValueEncoder().encode(line)
        #expect(difference(example, encoded) == nil, "\(place): the event line does not encode back the same")
        let built = ControlReply.event(try JSONValueEncoder().encode(line.event))
        #expect(difference(example, try JSONParser.parse(built)) == nil, "\(place): ControlReply writes another line")
    }

    /// Checks one message of `kind` (`request`, `result`, `reply`, `error` or `event`; `type` names the result
    /// type of `result` and `reply`), counting it in `checked` once its checks ran.
    static func check(
        _ text: String, kind: String, type: String?, at place: String, checked: inout [String: Int]
    ) {
        let example: JSONValue
        do {
            example = try JSONParser.parse(text)
        } catch {
            Issue.record("\(place): not JSON: \(error)")
            return
        }
        do {
            switch kind {
            case "request": try checkRequest(text, example, at: place)
            case "result", "reply":
                guard let type, let shape = shapes[type] else {
                    Issue.record("\(place): '\(kind)' needs a known type, not \(type ?? "none")")
                    return
                }
                if kind == "result" {
                    let encoded = try shape.result(example)
                    #expect(difference(example, encoded) == nil, "\(place): \(type) does not encode back the same")
                } else {
                    try checkReply(example, shape, ok: true, at: place)
                }
            case "error": try checkReply(example, shape(JSONValue.self), ok: false, at: place)
            case "event": try checkEvent(example, at: place)
            default:
                Issue.record("\(place): unknown kind '\(kind)'")
                return
            }
        } catch {
            Issue.record("\(place): \(kind)\(type.map { " " + $0 } ?? ""): \(error)")
        }
        checked[kind, default: 0] += 1
    }

    /// Every ```json block has an annotation of a known kind and type, every annotation a block, and the page has
    /// as many of each kind as expected.
    @Test func everyBlockIsAnnotated() throws {
        let (blocks, problems) = try Self.blocks()
        for problem in problems { Issue.record("\(problem)") }
        var kinds: [String: Int] = [:]
        for block in blocks {
            guard let words = block.annotation, let kind = words.first else {
                Issue.record("\(block.place): a ```json block without an <!-- example: … --> line before it")
                continue
            }
            kinds[kind, default: 0] += 1
            let arguments = words.dropFirst()
            switch kind {
            case "request", "error", "event":
                #expect(arguments.isEmpty, "\(block.place): '\(kind)' takes no type")
            case "result", "reply":
                #expect(
                    arguments.count == 1 && arguments.first.flatMap { Self.shapes[$0] } != nil,
                    "\(block.place): '\(kind)' needs one known type, not \(arguments)")
            case "replies":
                for word in arguments where word != "error" && word != "event" {
                    #expect(Self.shapes[word] != nil, "\(block.place): unknown type '\(word)'")
                }
            default: Issue.record("\(block.place): unknown kind '\(kind)'")
            }
        }
        #expect(kinds == Self.expectedBlocks)
    }

    /// Every example decodes into its type and encodes back to the same JSON value.
    @Test func everyExampleEncodesBackTheSame() throws {
        var checked: [String: Int] = [:]
        for block in try Self.blocks().blocks {
            guard let words = block.annotation, let kind = words.first else { continue }
            let lines = block.body.filter { !$0.text.trimmingCharacters(in: .whitespaces).isEmpty }
            switch kind {
            case "request":
                for line in lines {
                    Self.check(line.text, kind: kind, type: nil, at: "Protocol.md:\(line.line)", checked: &checked)
                }
            case "replies":
                let each = Array(words.dropFirst())
                guard each.count == lines.count else {
                    Issue.record("\(block.place): \(each.count) words for \(lines.count) lines")
                    continue
                }
                for (word, line) in zip(each, lines) {
                    let (lineKind, type) = word == "error" || word == "event" ? (word, nil) : ("reply", word)
                    Self.check(line.text, kind: lineKind, type: type, at: "Protocol.md:\(line.line)", checked: &checked)
                }
            default:
                let text = block.body.map(\.text).joined(separator: "\n")
                Self.check(text, kind: kind, type: words.dropFirst().first, at: block.place, checked: &checked)
            }
        }
        #expect(checked == Self.expectedMessages)
    }

    /// The comparison catches a member the type drops and an always-written member the example leaves out.
    @Test func aDroppedOrMissingMemberIsCaught() throws {
        let shape = try #require(Self.shapes["ListPage"])
        let page: [String: JSONValue] = [
            "items": .array([]), "next_cursor": .null, "now": .string("2026-11-27T11:07:28Z"), "total": .int(0),
        ]
        #expect(Self.difference(.object(page), try shape.result(.object(page))) == nil)
        var extra = page
        extra["colour"] = .string("blue")
        #expect(Self.difference(.object(extra), try shape.result(.object(extra))) != nil)
        var missing = page
        missing["next_cursor"] = nil
        #expect(Self.difference(.object(missing), try shape.result(.object(missing))) != nil)
    }
}
