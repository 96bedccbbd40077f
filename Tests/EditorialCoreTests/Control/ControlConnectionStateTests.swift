import EditorialCore
import Testing

/// The control connection's state machine driven by hand: byte sequences in, the exact actions and the exact
/// bytes queued for the socket out. Framing, pipelining, the end of input, `watch`, refusals, the idle timer, the
/// output bounds and blocked writes.
struct ControlConnectionStateTests {
    /// The machine's actions.
    typealias Action = ControlConnectionState.Action

    /// Small bounds, so that overflows take a few lines.
    static let limits = ControlLimits(maxWatchers: 2, idleTimeout: 5, maxPendingOutput: 1000, maxWatcherBacklog: 120)

    /// A connection from `nobody (uid 65534)`.
    static func connection(mayChangeState: Bool = true, limits: ControlLimits = limits) -> ControlConnectionState {
        ControlConnectionState(peerName: "nobody", peerUID: 65534, mayChangeState: mayChangeState, limits: limits)
    }

    /// The UTF-8 of `text`.
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// The output queued for the socket, as text.
    static func text(_ connection: ControlConnectionState) -> String {
        String(decoding: connection.unsent, as: UTF8.self)
    }

    /// Reports everything unsent as written in one go.
    static func flush(_ connection: inout ControlConnectionState) -> [Action] {
        connection.wrote(connection.unsent.count)
    }

    /// The reply line, newline included, that the parser's error for `line` gets.
    static func parseFailure(_ line: String) -> String {
        switch ControlRequest.parse(bytes(line)) {
        case .success(let request):
            Issue.record("\(line) parsed as \(request)")
            return ""
        case .failure(let error): return ControlReply.failure(id: error.id, error.failure) + "\n"
        }
    }

    /// A peer name that must not be looked up.
    static func unexpectedLookup() -> String {
        Issue.record("the name of a peer that may change state was looked up")
        return "?"
    }

    /// A `status` request with id 1.
    static let statusLine = #"{"v":1,"id":1,"cmd":"status"}"#
    /// `statusLine` parsed.
    static let status = ControlRequest(id: .int(1), command: .status)
    /// The same request with id 2.
    static let secondStatus = ControlRequest(id: .int(2), command: .status)
    /// The `too-large` reply.
    static let tooLargeLine =
        #"{"error":{"code":"too-large","message":"the request is longer than 65536 bytes; the connection is closed"},"#
        + #""id":null,"ok":false,"v":1}"# + "\n"
    /// The `timeout` reply with the test limits' 5 s.
    static let timeoutLine =
        #"{"error":{"code":"timeout","message":"no complete request for 5 s; the connection is closed"},"#
        + #""id":null,"ok":false,"v":1}"# + "\n"
    /// The reply to a granted `watch` with id 7.
    static let watchingLine = #"{"id":7,"ok":true,"result":{"watching":true},"v":1}"# + "\n"
    /// An event line as the server encodes it.
    static let eventLine = #"{"event":{"type":"due"},"v":1}"#

    /// A connection whose `watch` (id 7) was granted and whose reply was written.
    static func watcher(limits: ControlLimits = limits) -> ControlConnectionState {
        var connection = Self.connection(limits: limits)
        _ = connection.received(bytes(#"{"v":1,"id":7,"cmd":"watch"}"# + "\n"))
        _ = connection.watchGranted()
        _ = flush(&connection)
        return connection
    }

    /// A request split anywhere waits for its newline, then goes to the daemon; its answer is queued as one line.
    @Test func splitLinesAreJoined() {
        var connection = Self.connection()
        #expect(connection.received(Self.bytes(#"{"v":1,"id":1,"#)) == [.resetIdleTimer])
        #expect(connection.received(Self.bytes(#""cmd":"status"}"#)) == [.resetIdleTimer])
        #expect(connection.phase == .reading)
        #expect(connection.received(Self.bytes("\n")) == [.resetIdleTimer, .answer(Self.status)])
        #expect(connection.phase == .answering)
        #expect(connection.unsent.isEmpty)
        #expect(connection.answered(.success(.object(["n": .int(1)]))) == [.count(.reply), .write])
        #expect(Self.text(connection) == #"{"id":1,"ok":true,"result":{"n":1},"v":1}"# + "\n")
        #expect(Self.flush(&connection) == [.resetIdleTimer])
        #expect(connection.unsent.isEmpty)
        #expect(connection.phase == .reading)
    }

    /// A result written as text already makes the same reply line as its tree, string ids included.
    @Test func aResultWrittenAsTextMakesTheSameLineAsItsTree() {
        for id in [#"1"#, #""a\"b""#, "null"] {
            var tree = Self.connection()
            var text = Self.connection()
            let request = Self.bytes(#"{"v":1,"id":"# + id + #","cmd":"status"}"# + "\n")
            _ = tree.received(request)
            _ = text.received(request)
            let result = JSONValue.object(["b": .array([.int(-3), .string("é\n")]), "a": .null])
            #expect(tree.answered(.success(result)) == [.count(.reply), .write])
            #expect(text.answered(resultText: Array(result.compact.utf8)) == [.count(.reply), .write])
            #expect(Self.text(text) == Self.text(tree))
            #expect(
                Self.text(text) == #"{"id":"# + id + #","ok":true,"result":{"a":null,"b":[-3,"é\n"]},"v":1}"# + "\n")
            #expect(text.phase == .reading)
        }
    }

    /// Every byte alone still makes one request.
    @Test func oneByteAtATime() {
        var connection = Self.connection()
        let line = Self.bytes(Self.statusLine + "\n")
        for byte in line.dropLast() { #expect(connection.received([byte]) == [.resetIdleTimer]) }
        #expect(connection.received([line.last!]) == [.resetIdleTimer, .answer(Self.status)])
    }

    /// Pipelined requests are answered one at a time and in order: the second goes out after the first's answer.
    @Test func pipelinedRequestsAreAnsweredInOrder() {
        var connection = Self.connection()
        let two = Self.statusLine + "\n" + #"{"v":1,"id":2,"cmd":"status"}"# + "\n"
        #expect(connection.received(Self.bytes(two)) == [.resetIdleTimer, .answer(Self.status)])
        #expect(
            connection.answered(.success(.string("first")))
                == [.count(.reply), .answer(Self.secondStatus), .write])
        #expect(Self.text(connection) == #"{"id":1,"ok":true,"result":"first","v":1}"# + "\n")
        #expect(
            connection.answered(.failure(ControlFailure(.notFound, "no"))) == [.count(.reply), .write])
        #expect(
            Self.text(connection)
                == #"{"id":1,"ok":true,"result":"first","v":1}"# + "\n"
                + #"{"error":{"code":"not-found","message":"no"},"id":2,"ok":false,"v":1}"# + "\n")
        #expect(connection.phase == .reading)
    }

    /// CRLF line ends are accepted: the `\r` is not part of the request.
    @Test func carriageReturnsAreStripped() {
        var connection = Self.connection()
        #expect(connection.received(Self.bytes(Self.statusLine + "\r\n")) == [.resetIdleTimer, .answer(Self.status)])
    }

    /// Empty, CR-only and space-or-tab lines get no reply.
    @Test func blankLinesAreIgnored() {
        var connection = Self.connection()
        #expect(connection.received(Self.bytes("\n \n\t \r\n\r\n")) == [.resetIdleTimer])
        #expect(connection.unsent.isEmpty)
        #expect(connection.phase == .reading)
        #expect(
            connection.received(Self.bytes("\n" + Self.statusLine + "\n")) == [.resetIdleTimer, .answer(Self.status)])
    }

    /// 65,536 bytes without a newline: `too-large`, input from then on is dropped, and the connection closes once
    /// the reply is written. One byte less is still waited on.
    @Test func oversizedPartialLineIsRefusedAndClosed() {
        var connection = Self.connection()
        let almost = [UInt8](repeating: UInt8(ascii: "a"), count: ControlProtocol.maxMessageBytes - 1)
        #expect(connection.received(almost) == [.resetIdleTimer])
        #expect(connection.phase == .reading)
        #expect(connection.received(Self.bytes("a")) == [.resetIdleTimer, .count(.reply), .write])
        #expect(connection.phase == .draining)
        #expect(Self.text(connection) == Self.tooLargeLine)
        #expect(connection.received(Self.bytes(Self.statusLine + "\n")) == [.resetIdleTimer])
        #expect(Self.text(connection) == Self.tooLargeLine)
        #expect(Self.flush(&connection) == [.close])
        #expect(connection.phase == .closed)
    }

    /// A complete line of 65,536 bytes (65,537 with its newline) is too large; 65,535 plus the newline is not.
    @Test func oversizedCompleteLineIsRefusedAndClosed() {
        let max = ControlProtocol.maxMessageBytes
        let request = Self.statusLine
        let longest = request + String(repeating: " ", count: max - 1 - request.utf8.count) + "\n"
        var fits = Self.connection()
        #expect(fits.received(Self.bytes(longest)) == [.resetIdleTimer, .answer(Self.status)])

        let tooLong = request + String(repeating: " ", count: max - request.utf8.count) + "\n"
        var refused = Self.connection()
        #expect(refused.received(Self.bytes(tooLong)) == [.resetIdleTimer, .count(.reply), .write])
        #expect(Self.text(refused) == Self.tooLargeLine)
        #expect(refused.phase == .draining)
        #expect(Self.flush(&refused) == [.close])
    }

    /// An oversized line behind a request being answered is found after its answer; both replies go out in order.
    @Test func oversizedLineBehindAnAnswerIsRefusedAfterIt() {
        var connection = Self.connection()
        let huge = [UInt8](repeating: UInt8(ascii: "a"), count: ControlProtocol.maxMessageBytes) + [0x0A]
        #expect(
            connection.received(Self.bytes(Self.statusLine + "\n") + huge)
                == [.resetIdleTimer, .answer(Self.status), .stopReading])
        #expect(
            connection.answered(.success(.null))
                == [.count(.reply), .count(.reply), .resumeReading, .write])
        #expect(Self.text(connection) == #"{"id":1,"ok":true,"result":null,"v":1}"# + "\n" + Self.tooLargeLine)
        #expect(connection.phase == .draining)
        #expect(Self.flush(&connection) == [.close])
    }

    /// While a request is answered, reading stops once more than 65,536 further bytes wait, and resumes when the
    /// request is answered.
    @Test func inputPilingUpWhileAnsweringStopsReading() {
        var connection = Self.connection()
        #expect(connection.received(Self.bytes(Self.statusLine + "\n")) == [.resetIdleTimer, .answer(Self.status)])
        let blanks = [UInt8](repeating: 0x0A, count: ControlProtocol.maxMessageBytes)
        #expect(connection.received(blanks) == [.resetIdleTimer])
        #expect(connection.received([0x0A]) == [.resetIdleTimer, .stopReading])
        #expect(connection.isReadingStopped)
        #expect(connection.answered(.success(.null)) == [.count(.reply), .resumeReading, .write])
        #expect(!connection.isReadingStopped)
        #expect(connection.phase == .reading)
    }

    /// Reading stays stopped while the next pipelined request is answered with the backlog still full, and
    /// resumes once the backlog is down to what one request may take.
    @Test func readingResumesOnceTheBacklogIsTaken() {
        var connection = Self.connection()
        let blanks = [UInt8](repeating: 0x0A, count: ControlProtocol.maxMessageBytes + 1)
        let input = Self.bytes(Self.statusLine + "\n" + #"{"v":1,"id":2,"cmd":"status"}"# + "\n") + blanks
        #expect(connection.received(input) == [.resetIdleTimer, .answer(Self.status), .stopReading])
        #expect(
            connection.answered(.success(.null))
                == [.count(.reply), .answer(Self.secondStatus), .write])
        #expect(connection.isReadingStopped)
        #expect(connection.answered(.success(.null)) == [.count(.reply), .resumeReading, .write])
    }

    /// A last request without its newline is answered at the end of input; then the connection closes once the
    /// reply is written. Whether the peer hung up does not matter outside `watch`.
    @Test func lastLineWithoutNewlineIsAnsweredAtEndOfInput() {
        for hungUp in [false, true] {
            var connection = Self.connection()
            #expect(connection.received(Self.bytes(Self.statusLine)) == [.resetIdleTimer])
            #expect(connection.inputEnded(hungUp: hungUp) == [.answer(Self.status), .stopReading])
            #expect(connection.phase == .answering)
            #expect(connection.answered(.success(.null)) == [.count(.reply), .write])
            #expect(connection.phase == .draining)
            #expect(Self.flush(&connection) == [.close])
        }
    }

    /// An incomplete request at the end of input is a `bad-request`, then the connection closes after it.
    @Test func incompleteJSONAtEndOfInputIsABadRequest() {
        var connection = Self.connection()
        let partial = #"{"v":1,"cmd":"sta"#
        #expect(connection.received(Self.bytes(partial)) == [.resetIdleTimer])
        #expect(connection.inputEnded(hungUp: false) == [.count(.malformed), .count(.reply), .stopReading, .write])
        #expect(Self.text(connection) == Self.parseFailure(partial))
        #expect(Self.text(connection).contains(#""code":"bad-request""#))
        #expect(connection.phase == .draining)
        #expect(Self.flush(&connection) == [.close])
    }

    /// The end of input with nothing to answer or write closes at once; with replies unsent, once they are written.
    @Test func endOfInputClosesOnceFlushed() {
        var idle = Self.connection()
        #expect(idle.inputEnded(hungUp: false) == [.close])
        #expect(idle.phase == .closed)

        var answered = Self.connection()
        _ = answered.received(Self.bytes(Self.statusLine + "\n"))
        _ = answered.answered(.success(.null))
        #expect(answered.inputEnded(hungUp: false) == [.stopReading])
        #expect(answered.phase == .draining)
        #expect(Self.flush(&answered) == [.close])

        var written = Self.connection()
        _ = written.received(Self.bytes(Self.statusLine + "\n"))
        _ = written.answered(.success(.null))
        _ = Self.flush(&written)
        #expect(written.inputEnded(hungUp: false) == [.close])
    }

    /// The end of input while a request is with the daemon: the answer is still written, then the connection
    /// closes.
    @Test func endOfInputWhileAnsweringClosesAfterTheReply() {
        var connection = Self.connection()
        _ = connection.received(Self.bytes(Self.statusLine + "\n"))
        #expect(connection.inputEnded(hungUp: true) == [.stopReading])
        #expect(connection.phase == .answering)
        #expect(connection.answered(.success(.null)) == [.count(.reply), .write])
        #expect(connection.phase == .draining)
        #expect(Self.flush(&connection) == [.close])
    }

    /// Lines that do not parse are answered with the parser's code (and the id when it could be read), counted as
    /// malformed, and the connection goes on.
    @Test func parseErrorsAreAnsweredAndCounted() {
        var connection = Self.connection()
        let lines = ["nope", #"{"v":2,"id":"a","cmd":"status"}"#, #"{"v":1,"id":3,"cmd":"stat"}"#]
        let actions = connection.received(Self.bytes(lines.map { $0 + "\n" }.joined()))
        let each: [Action] = [.count(.malformed), .count(.reply)]
        #expect(actions == [.resetIdleTimer] + each + each + each + [.write])
        #expect(Self.text(connection) == lines.map(Self.parseFailure).joined())
        #expect(Self.text(connection).contains(#""code":"unsupported-version""#))
        #expect(Self.text(connection).contains(#""id":"a""#))
        #expect(Self.text(connection).contains(#""code":"unknown-command""#))
        #expect(connection.phase == .reading)
    }

    /// `watch` asks the server for a slot; once granted the reply is `{"watching":true}`, input (pipelined lines
    /// included) is discarded and events are queued.
    @Test func grantedWatchQueuesEventsAndDiscardsInput() {
        var connection = Self.connection()
        let input = #"{"v":1,"id":7,"cmd":"watch"}"# + "\n" + Self.statusLine + "\n"
        #expect(connection.received(Self.bytes(input)) == [.resetIdleTimer, .requestWatch])
        #expect(connection.phase == .answering)
        #expect(connection.event(Self.eventLine) == [])
        #expect(connection.watchGranted() == [.count(.reply), .write])
        #expect(connection.phase == .watching)
        #expect(Self.text(connection) == Self.watchingLine)
        #expect(Self.flush(&connection) == [.resetIdleTimer])
        #expect(connection.received(Self.bytes(Self.statusLine + "\n")) == [.resetIdleTimer])
        #expect(connection.event(Self.eventLine) == [.write])
        #expect(Self.text(connection) == Self.eventLine + "\n")
    }

    /// A watcher that only shut its writing side keeps receiving events; reading stops.
    @Test func halfClosedWatcherKeepsReceivingEvents() {
        var connection = Self.watcher()
        #expect(connection.inputEnded(hungUp: false) == [.stopReading])
        #expect(connection.phase == .watching)
        #expect(connection.event(Self.eventLine) == [.write])
        #expect(Self.flush(&connection) == [.resetIdleTimer])
        #expect(connection.event(Self.eventLine) == [.write])
        #expect(connection.idleTimerFired() == [.close])
    }

    /// `watch` as a last line without newline (`printf '{…watch…}' | socat`) starts a watch whose reading is over.
    @Test func watchAtEndOfInputGoesOn() {
        var connection = Self.connection()
        #expect(connection.received(Self.bytes(#"{"v":1,"id":7,"cmd":"watch"}"#)) == [.resetIdleTimer])
        #expect(connection.inputEnded(hungUp: false) == [.requestWatch, .stopReading])
        #expect(connection.watchGranted() == [.count(.reply), .write])
        #expect(connection.phase == .watching)
        #expect(Self.flush(&connection) == [.resetIdleTimer])
        #expect(connection.event(Self.eventLine) == [.write])
    }

    /// A watcher that hung up completely is closed at once.
    @Test func hungUpWatcherIsClosed() {
        var connection = Self.watcher()
        #expect(connection.inputEnded(hungUp: true) == [.close])
        #expect(connection.phase == .closed)
    }

    /// With no watcher slot left, `watch` is `busy` and the connection goes on in ordinary mode, pipelined lines
    /// included.
    @Test func refusedWatchIsBusyAndTheConnectionStaysOrdinary() {
        var connection = Self.connection()
        let input = #"{"v":1,"id":1,"cmd":"watch"}"# + "\n" + #"{"v":1,"id":2,"cmd":"status"}"# + "\n"
        #expect(connection.received(Self.bytes(input)) == [.resetIdleTimer, .requestWatch])
        #expect(connection.watchRefused() == [.count(.reply), .answer(Self.secondStatus), .write])
        #expect(
            Self.text(connection)
                == #"{"error":{"code":"busy","message":"2 watchers are connected already"},"id":1,"ok":false,"v":1}"#
                + "\n")
        #expect(connection.phase == .answering)
        #expect(connection.event(Self.eventLine) == [])
    }

    /// A peer that may not change state gets `forbidden` for a change (with the exact message of Protocol.md),
    /// which the daemon journals; reads are answered, and a misspelt change is a parse error, not a refusal.
    @Test func refusedPeerGetsForbidden() {
        var connection = Self.connection(mayChangeState: false)
        let done = ControlRequest(id: .int(1), command: .done, arguments: ["item": .string("acme/video")])
        let line = #"{"v":1,"id":1,"cmd":"done","item":"acme/video"}"# + "\n"
        #expect(
            connection.received(Self.bytes(line))
                == [.resetIdleTimer, .count(.refused), .refuse(done), .count(.reply), .write])
        #expect(
            Self.text(connection)
                == #"{"error":{"code":"forbidden","message":"nobody (uid 65534) may read but not change state: 'done'"#
                + #" is allowed to root, the daemon's user, and the users and groups in the config's control-users"#
                + #" and control-groups"},"id":1,"ok":false,"v":1}"# + "\n")
        #expect(connection.phase == .reading)
        _ = Self.flush(&connection)
        #expect(connection.received(Self.bytes(Self.statusLine + "\n")) == [.resetIdleTimer, .answer(Self.status)])
        _ = connection.answered(.success(.null))
        _ = Self.flush(&connection)
        let misspelt = #"{"v":1,"id":3,"cmd":"done","itme":"acme/video"}"#
        #expect(
            connection.received(Self.bytes(misspelt + "\n"))
                == [.resetIdleTimer, .count(.malformed), .count(.reply), .write])
        #expect(Self.text(connection).contains(#""code":"bad-argument""#))
    }

    /// A peer that may change state has its change answered, and its name is never looked up.
    @Test func permittedPeerChangesState() {
        var connection = ControlConnectionState(
            peerName: Self.unexpectedLookup(), peerUID: 0, mayChangeState: true, limits: Self.limits)
        let reload = ControlRequest(id: .int(4), command: .reload)
        #expect(
            connection.received(Self.bytes(#"{"v":1,"id":4,"cmd":"reload"}"# + "\n"))
                == [.resetIdleTimer, .answer(reload)])
    }

    /// Idle while reading (a partial line or nothing): `timeout` with id null, then close once it is written.
    @Test func idleTimerWhileReadingSendsTimeout() {
        for input in ["", #"{"v":1,"#] {
            var connection = Self.connection()
            _ = connection.received(Self.bytes(input))
            #expect(connection.idleTimerFired() == [.resetIdleTimer, .count(.reply), .write])
            #expect(Self.text(connection) == Self.timeoutLine)
            #expect(connection.phase == .draining)
            #expect(connection.received(Self.bytes(Self.statusLine + "\n")) == [.resetIdleTimer])
            #expect(Self.flush(&connection) == [.close])
        }
    }

    /// Idle with a reply still unsent: the client is not reading, so it is closed without a message.
    @Test func idleTimerWithUnsentOutputCloses() {
        var connection = Self.connection()
        _ = connection.received(Self.bytes(Self.statusLine + "\n"))
        _ = connection.answered(.success(.null))
        #expect(connection.idleTimerFired() == [.close])
        #expect(connection.unsent.isEmpty)
    }

    /// Idle while the daemon answers: the timer is held.
    @Test func idleTimerWhileAnsweringIsHeld() {
        var connection = Self.connection()
        _ = connection.received(Self.bytes(Self.statusLine + "\n"))
        #expect(connection.idleTimerFired() == [.resetIdleTimer])
        #expect(connection.phase == .answering)
        #expect(connection.answered(.success(.null)) == [.count(.reply), .write])
    }

    /// A quiet watcher is kept; one that stopped taking events is closed.
    @Test func idleTimerWhileWatching() {
        var connection = Self.watcher()
        #expect(connection.idleTimerFired() == [.resetIdleTimer])
        #expect(connection.phase == .watching)
        _ = connection.event(Self.eventLine)
        #expect(connection.idleTimerFired() == [.close])
    }

    /// Idle while the last reply is still unsent: closed.
    @Test func idleTimerWhileDrainingCloses() {
        var connection = Self.connection()
        _ = connection.received([UInt8](repeating: UInt8(ascii: "a"), count: ControlProtocol.maxMessageBytes))
        #expect(connection.phase == .draining)
        #expect(connection.idleTimerFired() == [.close])
    }

    /// Unsent replies up to `maxPendingOutput` are kept; one byte more closes the connection at once.
    @Test func replyOverflowCloses() {
        var connection = Self.connection()
        let two = Self.statusLine + "\n" + #"{"v":1,"id":2,"cmd":"status"}"# + "\n"
        _ = connection.received(Self.bytes(two))
        let overhead = ControlReply.success(id: .int(1), .string("")).utf8.count + 1
        let filler = String(repeating: "x", count: Self.limits.maxPendingOutput - overhead)
        #expect(
            connection.answered(.success(.string(filler)))
                == [.count(.reply), .answer(Self.secondStatus), .write])
        #expect(connection.unsent.count == Self.limits.maxPendingOutput)
        #expect(connection.answered(.success(.null)) == [.count(.reply), .close])
        #expect(connection.phase == .closed)
        #expect(connection.unsent.isEmpty)
    }

    /// One reply larger than `maxPendingOutput` is sent whole when nothing else is unread (an export); a second
    /// one behind it, unread, closes the connection.
    @Test func oneLargeReplyIsSentWhole() {
        var connection = Self.connection()
        let two = Self.statusLine + "\n" + #"{"v":1,"id":2,"cmd":"status"}"# + "\n"
        _ = connection.received(Self.bytes(two))
        let big = String(repeating: "x", count: Self.limits.maxPendingOutput * 3)
        #expect(connection.answered(.success(.string(big))) == [.count(.reply), .answer(Self.secondStatus), .write])
        #expect(connection.unsent.count > Self.limits.maxPendingOutput * 3)
        #expect(connection.answered(.success(.null)) == [.count(.reply), .close])
    }

    /// A watcher's unsent events (its `watching` reply included) are bounded by `maxWatcherBacklog`.
    @Test func watcherBacklogOverflowCloses() {
        var connection = Self.connection()
        _ = connection.received(Self.bytes(#"{"v":1,"id":7,"cmd":"watch"}"# + "\n"))
        _ = connection.watchGranted()
        let room = Self.limits.maxWatcherBacklog - Self.watchingLine.utf8.count - 1
        #expect(connection.event(String(repeating: "e", count: room)) == [.write])
        #expect(connection.unsent.count == Self.limits.maxWatcherBacklog)
        #expect(connection.event("e") == [.close])
    }

    /// A write that would block waits for the socket (nothing closes, nothing more is written meanwhile); once it
    /// is writable, the rest is written and a draining connection closes.
    @Test func writeThatWouldBlockWaits() {
        var connection = Self.connection()
        _ = connection.received(Self.bytes(Self.statusLine + "\n"))
        #expect(connection.answered(.success(.null)) == [.count(.reply), .write])
        let reply = Self.text(connection)
        #expect(connection.writeWouldBlock() == [.resetIdleTimer, .awaitWritable])
        #expect(connection.isAwaitingWritable)
        #expect(connection.inputEnded(hungUp: false) == [.stopReading])
        #expect(connection.phase == .draining)
        #expect(connection.writable() == [.write])
        #expect(connection.wrote(3) == [.resetIdleTimer, .write])
        #expect(Self.text(connection) == String(reply.dropFirst(3)))
        #expect(connection.writeWouldBlock() == [.resetIdleTimer, .awaitWritable])
        #expect(connection.writable() == [.write])
        #expect(Self.flush(&connection) == [.close])
    }

    /// Lines queued while waiting for the socket ask for no write; the wait's end does.
    @Test func eventsWhileBlockedWaitForWritable() {
        var connection = Self.watcher()
        #expect(connection.event(Self.eventLine) == [.write])
        #expect(connection.writeWouldBlock() == [.resetIdleTimer, .awaitWritable])
        #expect(connection.event(Self.eventLine) == [])
        #expect(connection.writable() == [.write])
        #expect(Self.text(connection) == Self.eventLine + "\n" + Self.eventLine + "\n")
    }

    /// Many partial writes, past the point where written output is dropped from memory, keep every byte in order.
    @Test func partialWritesKeepTheOrder() {
        var connection = Self.watcher(limits: ControlLimits())
        var expected: [UInt8] = []
        var written: [UInt8] = []
        for i in 0..<300 {
            let line = "\(i) " + String(repeating: "x", count: 997)
            #expect(connection.event(line) == [.write])
            expected += Self.bytes(line + "\n")
            let chunk = min(700, connection.unsent.count)
            written += connection.unsent.prefix(chunk)
            _ = connection.wrote(chunk)
        }
        while !connection.unsent.isEmpty {
            let chunk = min(4096, connection.unsent.count)
            written += connection.unsent.prefix(chunk)
            _ = connection.wrote(chunk)
        }
        #expect(written == expected)
    }

    /// A read or write error, or the server stopping, closes at once whatever is pending.
    @Test func failuresCloseAtOnce() {
        var failed = Self.connection()
        _ = failed.received(Self.bytes(Self.statusLine + "\n"))
        _ = failed.answered(.success(.null))
        #expect(failed.failed() == [.close])
        #expect(failed.unsent.isEmpty)

        var stopped = Self.watcher()
        _ = stopped.event(Self.eventLine)
        #expect(stopped.shutDown() == [.close])
        #expect(stopped.phase == .closed)

        var empty = Self.connection()
        #expect(empty.wrote(0) == [])
        _ = empty.received(Self.bytes(Self.statusLine + "\n"))
        _ = empty.answered(.success(.null))
        #expect(empty.wrote(0) == [.close])
    }

    /// Inputs that do not fit the phase are ignored.
    @Test func strayInputsAreIgnored() {
        var connection = Self.connection()
        #expect(connection.answered(.success(.null)) == [])
        #expect(connection.watchGranted() == [])
        #expect(connection.watchRefused() == [])
        #expect(connection.event(Self.eventLine) == [])
        #expect(connection.wrote(5) == [])
        #expect(connection.writeWouldBlock() == [])
        #expect(connection.writable() == [])
        _ = connection.received(Self.bytes(Self.statusLine + "\n"))
        #expect(connection.watchGranted() == [])
        #expect(connection.phase == .answering)
        #expect(connection.unsent.isEmpty)
    }

    /// After `.close` nothing asks for anything.
    @Test func nothingAfterClose() {
        var connection = Self.connection()
        _ = connection.received(Self.bytes(#"{"v":1,"id":7,"cmd":"watch"}"# + "\n"))
        _ = connection.watchGranted()
        #expect(connection.failed() == [.close])
        #expect(connection.received(Self.bytes(Self.statusLine + "\n")) == [])
        #expect(connection.inputEnded(hungUp: false) == [])
        #expect(connection.inputEnded(hungUp: true) == [])
        #expect(connection.answered(.success(.null)) == [])
        #expect(connection.watchGranted() == [])
        #expect(connection.watchRefused() == [])
        #expect(connection.event(Self.eventLine) == [])
        #expect(connection.wrote(10) == [])
        #expect(connection.writeWouldBlock() == [])
        #expect(connection.writable() == [])
        #expect(connection.idleTimerFired() == [])
        #expect(connection.failed() == [])
        #expect(connection.shutDown() == [])
        #expect(connection.phase == .closed)
        #expect(connection.unsent.isEmpty)
    }
}
