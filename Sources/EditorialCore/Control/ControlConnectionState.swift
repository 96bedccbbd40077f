/// The logic of one control connection as a value: framing of newline-delimited requests, one request at a time
/// and replies in request order (pipelining allowed), `watch` mode, the idle timer, the bounds of
/// `ControlLimits`, and when to close. The shell that owns the socket tells it what happened (bytes read, the end
/// of input, an answer, bytes written, the timer) and performs the returned actions in order; it decides nothing.
///
/// In every returned list `.resetIdleTimer` comes first and `.write` or `.close` last, at most once each; after
/// `.close` every input returns no action.
public struct ControlConnectionState: Sendable {
    /// Where the connection is in its life.
    public enum Phase: Hashable, Sendable {
        /// Waiting for a complete request line.
        case reading
        /// A request is with the daemon (or a `watch` with the server); later lines wait in the buffer.
        case answering
        /// In `watch` mode: events are queued, input is discarded.
        case watching
        /// Writing the last output (after `too-large`, `timeout` or the end of input); closes once it is written.
        case draining
        /// Closed: nothing more is asked of the shell.
        case closed
    }

    /// A counter of the server's statistics.
    public enum Counter: Hashable, Sendable {
        /// A reply was queued (success or error).
        case reply
        /// A line was not a valid request.
        case malformed
        /// A state change was refused to the peer.
        case refused
    }

    /// What the shell must do, in the order given.
    public enum Action: Hashable, Sendable {
        /// Hand the request to the daemon; pass its result to `answered(_:)`.
        case answer(ControlRequest)
        /// Journal and audit a refused change (its `forbidden` reply is already queued).
        case refuse(ControlRequest)
        /// Ask the server for a watcher slot; then call `watchGranted()` or `watchRefused()`.
        case requestWatch
        /// Add one to a statistic.
        case count(Counter)
        /// Stop reading the socket (suspend the read source).
        case stopReading
        /// Read the socket again.
        case resumeReading
        /// Push the idle deadline `ControlLimits.idleTimeout` seconds out from now.
        case resetIdleTimer
        /// Write from `unsent` now; report `wrote(_:)`, `writeWouldBlock()` or `failed()`.
        case write
        /// Wait until the socket is writable, then call `writable()`.
        case awaitWritable
        /// Close the descriptor now, dropping anything unsent; nothing more will be asked.
        case close
    }

    /// What the request in `answering` waits for, with the id its reply echoes.
    private enum Pending: Sendable {
        case daemon(JSONValue)
        case watch(JSONValue)
    }

    /// What one input produced, before `finish` adds the reading, writing and closing actions.
    private struct Effects {
        var resetTimer = false
        var actions: [Action] = []
        var wantsWrite = false
    }

    /// Where the connection is.
    public private(set) var phase: Phase = .reading
    /// True from `.stopReading` to `.resumeReading` (after the end of input, for good; kept after `.close`).
    public private(set) var isReadingStopped = false
    /// True while the shell waits for the socket to become writable.
    public private(set) var isAwaitingWritable = false

    private let limits: ControlLimits
    private let mayChangeState: Bool
    /// `nobody (uid 65534)`, for `forbidden` messages; empty for a peer that may change state.
    private let peer: String
    private var pending: Pending?
    private var input: [UInt8] = []
    /// The first byte of `input` not yet taken as a line.
    private var start = 0
    /// Bytes of `input` before this index were already searched for a newline.
    private var scanned = 0
    private var ended = false
    private var output: [UInt8] = []
    /// Bytes at the start of `output` already written.
    private var sent = 0

    /// A connection just accepted; `mayChangeState` is the server's verdict on the peer's credentials, and the
    /// peer's name is only looked up when it may not.
    public init(
        peerName: @autoclosure () -> String, peerUID: UInt32, mayChangeState: Bool,
        limits: ControlLimits = ControlLimits()
    ) {
        self.limits = limits
        self.mayChangeState = mayChangeState
        peer = mayChangeState ? "" : "\(peerName()) (uid \(peerUID))"
    }

    /// The output not yet written; the shell writes from it (and must not keep it across another call).
    public var unsent: ArraySlice<UInt8> { output[sent...] }

    /// Bytes read from the socket.
    public mutating func received(_ bytes: some Collection<UInt8>) -> [Action] {
        guard phase != .closed else { return [] }
        var effects = Effects(resetTimer: true)
        switch phase {
        case .reading:
            input.append(contentsOf: bytes)
            process(&effects)
        case .answering:
            input.append(contentsOf: bytes)
        case .watching, .draining, .closed:
            // Watchers' input means nothing; after the last reply nothing more is read into memory.
            break
        }
        return finish(effects)
    }

    /// The end of input. `hungUp` (POLLHUP) says whether the peer closed completely; only a watcher looks at it:
    /// one that only shut its writing side (socat at the end of its input) still receives events.
    public mutating func inputEnded(hungUp: Bool) -> [Action] {
        guard phase != .closed else { return [] }
        if phase == .watching && hungUp { return closeNow() }
        ended = true
        var effects = Effects()
        if phase == .reading { process(&effects) }
        return finish(effects)
    }

    /// The daemon's answer to the request of the last `.answer`.
    public mutating func answered(_ result: Result<JSONValue, ControlFailure>) -> [Action] { answered(.tree(result)) }

    /// The daemon's successful reply, its result already written as compact JSON text (`JSONWritable`).
    public mutating func answered(resultText: [UInt8]) -> [Action] { answered(.text(resultText)) }

    /// A reply's result: a tree to write, or text written already.
    private enum Answer {
        case tree(Result<JSONValue, ControlFailure>)
        case text([UInt8])
    }

    private mutating func answered(_ answer: Answer) -> [Action] {
        guard phase == .answering, case .daemon(let id) = pending else { return [] }
        pending = nil
        phase = .reading
        // The timer restarts when the reply's bytes are written (or would block); restarting it here too cost a
        // wake-up of libdispatch's timer thread per request.
        var effects = Effects()
        switch answer {
        case .tree(let result): reply(id: id, result, &effects)
        case .text(let text):
            effects.actions.append(.count(.reply))
            queue(ControlReply.success(id: id, resultText: text), &effects)
        }
        if phase == .reading { process(&effects) }
        return finish(effects)
    }

    /// The server gave the connection a watcher slot: it is in `watch` mode from now on.
    public mutating func watchGranted() -> [Action] {
        guard phase == .answering, case .watch(let id) = pending else { return [] }
        pending = nil
        phase = .watching
        // Lines after `watch` are never answered.
        input = []
        start = 0
        scanned = 0
        var effects = Effects()
        reply(id: id, .success(.object(["watching": .bool(true)])), &effects)
        return finish(effects)
    }

    /// The server has no watcher slot left: `busy`, and the connection goes on in ordinary mode.
    public mutating func watchRefused() -> [Action] {
        guard phase == .answering, case .watch(let id) = pending else { return [] }
        pending = nil
        phase = .reading
        var effects = Effects()
        let failure = ControlFailure(.busy, "\(limits.maxWatchers) watchers are connected already")
        reply(id: id, .failure(failure), &effects)
        if phase == .reading { process(&effects) }
        return finish(effects)
    }

    /// A `watch` event line (no newline) to queue; ignored unless watching.
    public mutating func event(_ line: String) -> [Action] {
        guard phase == .watching else { return [] }
        var effects = Effects()
        queue(line, &effects)
        return finish(effects)
    }

    /// The shell wrote `count` bytes from the start of `unsent`; a write that took nothing counts as failed.
    public mutating func wrote(_ count: Int) -> [Action] {
        guard phase != .closed, sent < output.count else { return [] }
        guard count > 0 else { return closeNow() }
        sent += min(count, output.count - sent)
        isAwaitingWritable = false
        var effects = Effects(resetTimer: true)
        if sent == output.count {
            output.removeAll(keepingCapacity: output.capacity <= 65_536)
            sent = 0
        } else {
            // A watcher that never quite catches up would otherwise keep every byte it was ever sent.
            if sent >= 65_536 && sent * 2 >= output.count {
                output.removeFirst(sent)
                sent = 0
            }
            effects.wantsWrite = true
        }
        return finish(effects)
    }

    /// The socket would block: wait until it is writable. The idle timer restarts: the client has its whole idle
    /// time from now to start taking what waits for it.
    public mutating func writeWouldBlock() -> [Action] {
        guard phase != .closed, sent < output.count, !isAwaitingWritable else { return [] }
        isAwaitingWritable = true
        return [.resetIdleTimer, .awaitWritable]
    }

    /// The socket became writable after `.awaitWritable`.
    public mutating func writable() -> [Action] {
        guard phase != .closed, isAwaitingWritable else { return [] }
        isAwaitingWritable = false
        return sent < output.count ? [.write] : []
    }

    /// The idle deadline passed (nothing received or written for `ControlLimits.idleTimeout` seconds).
    public mutating func idleTimerFired() -> [Action] {
        switch phase {
        case .closed:
            return []
        case .watching:
            // Watchers may be quiet for days; only one that stopped taking events is dropped.
            return sent < output.count ? closeNow() : [.resetIdleTimer]
        case .answering:
            // The daemon, not the client, is taking its time.
            return [.resetIdleTimer]
        case .reading, .draining:
            // A client that does not take its replies would not read a timeout either.
            guard phase == .reading, sent == output.count else { return closeNow() }
            var effects = Effects(resetTimer: true)
            let message = "no complete request for \(limits.idleTimeout) s; the connection is closed"
            reply(id: .null, .failure(ControlFailure(.timeout, message)), &effects)
            if phase != .closed { phase = .draining }
            return finish(effects)
        }
    }

    /// A read or write failed: close at once.
    public mutating func failed() -> [Action] {
        guard phase != .closed else { return [] }
        return closeNow()
    }

    /// The server is stopping: close at once, dropping anything unsent.
    public mutating func shutDown() -> [Action] {
        guard phase != .closed else { return [] }
        return closeNow()
    }

    /// Takes complete lines while in `reading`.
    private mutating func process(_ effects: inout Effects) {
        let max = ControlProtocol.maxMessageBytes
        while phase == .reading {
            if let newline = input[scanned...].firstIndex(of: UInt8(ascii: "\n")) {
                let line = input[start..<newline]
                start = newline + 1
                scanned = start
                guard line.count < max else {
                    tooLarge(&effects)
                    return
                }
                handle(line, &effects)
                continue
            }
            scanned = input.count
            let rest = input.count - start
            if rest >= max {
                tooLarge(&effects)
                return
            }
            guard ended else { break }
            guard rest == 0 else {
                // A last request without its newline still counts (`printf '{…}' | socat`).
                let line = input[start...]
                start = input.count
                scanned = start
                handle(line, &effects)
                continue
            }
            phase = .draining
        }
        compact()
    }

    /// Drops the lines already taken from the front of the input.
    private mutating func compact() {
        guard start > 0 else { return }
        if start == input.count {
            input.removeAll(keepingCapacity: input.capacity <= 2 * ControlProtocol.maxMessageBytes)
        } else {
            input.removeFirst(start)
        }
        scanned -= start
        start = 0
    }

    private mutating func tooLarge(_ effects: inout Effects) {
        input = []
        start = 0
        scanned = 0
        let message = "the request is longer than \(ControlProtocol.maxMessageBytes) bytes; the connection is closed"
        reply(id: .null, .failure(ControlFailure(.tooLarge, message)), &effects)
        if phase != .closed { phase = .draining }
    }

    /// One line without its newline.
    private mutating func handle(_ raw: ArraySlice<UInt8>, _ effects: inout Effects) {
        var line = raw
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        // Blank lines are allowed between requests (a person typing into socat).
        guard line.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { return }
        let request: ControlRequest
        switch ControlRequest.parse(Array(line)) {
        case .failure(let error):
            effects.actions.append(.count(.malformed))
            reply(id: error.id, .failure(error.failure), &effects)
            return
        case .success(let parsed):
            request = parsed
        }
        if request.command == .watch {
            pending = .watch(request.id)
            phase = .answering
            effects.actions.append(.requestWatch)
            return
        }
        if request.command.changesState && !mayChangeState {
            effects.actions.append(.count(.refused))
            effects.actions.append(.refuse(request))
            let message =
                "\(peer) may read but not change state: '\(request.command.rawValue)' is allowed to root, the"
                + " daemon's user, and the users and groups in the config's control-users and control-groups"
            reply(id: request.id, .failure(ControlFailure(.forbidden, message)), &effects)
            return
        }
        pending = .daemon(request.id)
        phase = .answering
        effects.actions.append(.answer(request))
    }

    private mutating func reply(id: JSONValue, _ result: Result<JSONValue, ControlFailure>, _ effects: inout Effects) {
        effects.actions.append(.count(.reply))
        switch result {
        case .success(let value): queue(ControlReply.success(id: id, value), &effects)
        case .failure(let failure): queue(ControlReply.failure(id: id, failure), &effects)
        }
    }

    /// Queues one line; a client whose unsent output passes the bound is closed. One reply alone may be larger
    /// (an `export` of a big plan set): the bound is on what piles up unread, not on a reply the client asked for.
    private mutating func queue(_ line: String, _ effects: inout Effects) { queue(line.utf8, &effects) }

    private mutating func queue<Line: Collection<UInt8>>(_ line: Line, _ effects: inout Effects) {
        let unread = output.count - sent
        output.append(contentsOf: line)
        output.append(UInt8(ascii: "\n"))
        effects.wantsWrite = true
        let bound = phase == .watching ? limits.maxWatcherBacklog : limits.maxPendingOutput
        // A client that does not read cannot be told anything more; it is dropped, nothing else waits.
        if output.count - sent > bound, phase == .watching || unread > 0 { close() }
    }

    /// Adds what follows from the new state: stop or resume reading, write, or close.
    private mutating func finish(_ effects: Effects) -> [Action] {
        if phase == .draining && sent == output.count { close() }
        if phase == .closed { return effects.actions + [.close] }
        var actions: [Action] = []
        if effects.resetTimer { actions.append(.resetIdleTimer) }
        actions += effects.actions
        // While answering, at most one more request's worth is buffered; after the end of input, never again.
        let buffered = input.count - start
        let wantsReading = !ended && !(phase == .answering && buffered > ControlProtocol.maxMessageBytes)
        if wantsReading == isReadingStopped {
            isReadingStopped = !wantsReading
            actions.append(wantsReading ? .resumeReading : .stopReading)
        }
        if effects.wantsWrite && !isAwaitingWritable && sent < output.count { actions.append(.write) }
        return actions
    }

    private mutating func closeNow() -> [Action] {
        close()
        return [.close]
    }

    private mutating func close() {
        phase = .closed
        pending = nil
        input = []
        start = 0
        scanned = 0
        output = []
        sent = 0
    }
}
