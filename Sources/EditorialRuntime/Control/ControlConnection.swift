import CSystemd
import Dispatch
import EditorialCore
import Glibc

/// One client of the control socket: the Dispatch shell around a `ControlConnectionState`. It reads and writes
/// the socket, runs the idle timer, hands requests to the daemon's state queue and performs the state machine's
/// actions in order; every decision (framing, limits, replies, when to close) is the state machine's. Everything
/// here runs on the server's queue.
// @unchecked: every mutable property is touched only on the server queue.
final class ControlConnection: @unchecked Sendable {
    let fd: Int32
    let credentials: PeerCredentials
    private unowned let server: ControlServer
    private var state: ControlConnectionState
    private var readSource: DispatchSourceRead?
    private var readSuspended = false
    private var writeSource: DispatchSourceWrite?
    private var idleTimer: DispatchSourceTimer?
    /// When the client has been idle for the limit, unless it is heard from before.
    private var idleDeadline = DispatchTime.now()
    /// The deadline the timer is armed for; nil while it is not armed.
    private var armedDeadline: DispatchTime?
    /// Sources whose cancel handler has not run yet; the descriptor is closed when it reaches zero.
    private var liveSources = 0

    /// A connection on the accepted socket `fd`.
    init(fd: Int32, credentials: PeerCredentials, server: ControlServer) {
        self.fd = fd
        self.credentials = credentials
        self.server = server
        state = ControlConnectionState(
            peerName: credentials.userName, peerUID: credentials.uid, mayChangeState: server.access.allows(credentials),
            limits: server.limits)
    }

    /// True once closed.
    var closed: Bool { state.phase == .closed }

    /// Starts reading and the idle timer.
    func start() {
        let read = DispatchSource.makeReadSource(fileDescriptor: fd, queue: server.queue)
        read.setEventHandler { [weak self] in self?.readable() }
        // Strong: the connection lives until its last source is cancelled and the descriptor closed.
        read.setCancelHandler { self.sourceCancelled() }
        liveSources += 1
        readSource = read
        let timer = DispatchSource.makeTimerSource(queue: server.queue)
        timer.setEventHandler { [weak self] in self?.idleTimerFired() }
        timer.setCancelHandler { self.sourceCancelled() }
        liveSources += 1
        idleTimer = timer
        resetIdleTimer()
        timer.resume()
        read.resume()
    }

    /// Queues a `watch` event line.
    func send(event line: String) { perform(state.event(line)) }

    /// Closes at once (the server is stopping).
    func close() { perform(state.shutDown()) }

    private func readable() {
        guard !closed else { return }
        // One buffer for the whole server (its queue is serial): zeroing 64 KiB per read was a fifth of a request.
        let n = server.readBuffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        if n < 0 {
            if errno == EAGAIN || errno == EINTR { return }
            perform(state.failed())
        } else if n == 0 {
            // A watcher that hung up is done; one that only shut down its writing side (socat does, at the end
            // of its input) still reads events: POLLHUP tells the two apart on a Unix socket.
            var p = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            let hungUp = poll(&p, 1, 0) > 0 && (p.revents & Int16(POLLHUP)) != 0
            perform(state.inputEnded(hungUp: hungUp))
        } else {
            perform(state.received(server.readBuffer[0..<n]))
        }
    }

    /// Performs the state machine's actions, in order.
    private func perform(_ actions: [ControlConnectionState.Action]) {
        for action in actions {
            switch action {
            case .answer(let request): answer(request)
            case .refuse(let request):
                let (handler, peer) = (server.handler, credentials)
                server.stateQueue.async { handler.refused(request, peer) }
            case .requestWatch:
                if server.watcherCount < server.limits.maxWatchers {
                    server.watcherStarted(self)
                    perform(state.watchGranted())
                } else {
                    perform(state.watchRefused())
                }
            case .count(.reply): server.count(\.replies)
            case .count(.malformed): server.count(\.malformed)
            case .count(.refused): server.count(\.refused)
            case .stopReading: suspendReading()
            case .resumeReading: resumeReading()
            case .resetIdleTimer: resetIdleTimer()
            case .write: write()
            case .awaitWritable: awaitWritable()
            case .close: closeSocket()
            }
        }
    }

    /// Hands the request to the daemon's state queue; the typed reply is encoded back here.
    private func answer(_ request: ControlRequest) {
        let (handler, peer, queue) = (server.handler, credentials, server.queue)
        server.stateQueue.async {
            handler.answer(request, peer) { outcome in
                queue.async { [weak self] in
                    guard let self, !self.closed else { return }
                    // The pages are written straight to text; every other reply goes through its JSON tree.
                    if case .success(let value) = outcome, let page = value as? any JSONWritable {
                        self.perform(self.state.answered(resultText: page.jsonText))
                    } else {
                        self.perform(self.state.answered(Self.encode(outcome)))
                    }
                }
            }
        }
    }

    /// A typed outcome as the JSON of the reply's `result`.
    private static func encode(_ outcome: ControlHandler.Outcome) -> Result<JSONValue, ControlFailure> {
        switch outcome {
        case .failure(let failure): return .failure(failure)
        case .success(let value):
            do {
                return .success(try JSONValueEncoder().encode(value))
            } catch {
                return .failure(ControlFailure(.internal, "the reply could not be encoded: \(error)"))
            }
        }
    }

    /// Writes what the socket takes now, and reports it.
    private func write() {
        let n = state.unsent.withUnsafeBytes { bytes in
            Glibc.send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT))
        }
        if n > 0 {
            perform(state.wrote(n))
        } else if n < 0 && (errno == EAGAIN || errno == EINTR) {
            perform(state.writeWouldBlock())
        } else {
            perform(state.failed())
        }
    }

    private func awaitWritable() {
        guard writeSource == nil else { return }
        let source = DispatchSource.makeWriteSource(fileDescriptor: fd, queue: server.queue)
        source.setEventHandler { [weak self] in
            guard let self else { return }
            // One event per wait: the source is cancelled, and made again if the socket fills up again.
            self.writeSource?.cancel()
            self.writeSource = nil
            self.perform(self.state.writable())
        }
        source.setCancelHandler { self.sourceCancelled() }
        liveSources += 1
        writeSource = source
        source.resume()
    }

    /// Pushes the idle deadline out by the limit. The timer is armed only when it is not already: re-arming a
    /// timer source wakes libdispatch's manager thread, and doing it on every request was a third of the daemon's
    /// CPU for a paged `overdue`. A timer that fires before the deadline it last saw is armed again for the rest.
    private func resetIdleTimer() {
        idleDeadline = .now() + .seconds(server.limits.idleTimeout)
        if armedDeadline == nil { arm() }
    }

    private func arm() {
        armedDeadline = idleDeadline
        idleTimer?.schedule(deadline: idleDeadline, leeway: .milliseconds(100))
    }

    private func idleTimerFired() {
        guard let armed = armedDeadline else { return }
        if idleDeadline > armed {
            arm()
        } else {
            armedDeadline = nil
            perform(state.idleTimerFired())
        }
    }

    private func suspendReading() {
        guard !readSuspended, let readSource else { return }
        readSource.suspend()
        readSuspended = true
    }

    private func resumeReading() {
        guard readSuspended, let readSource else { return }
        readSource.resume()
        readSuspended = false
    }

    /// Cancels every source (the descriptor is closed once they are all gone) and tells the server.
    private func closeSocket() {
        // A suspended source must be resumed before it can be cancelled.
        resumeReading()
        readSource?.cancel()
        writeSource?.cancel()
        idleTimer?.cancel()
        server.connectionClosed(self)
    }

    private func sourceCancelled() {
        liveSources -= 1
        if liveSources == 0 {
            Glibc.close(fd)
            readSource = nil
            writeSource = nil
            idleTimer = nil
        }
    }
}
