import CSystemd
import Dispatch
import EditorialCore
import Glibc

/// One client of the control socket: reads request lines, answers them one at a time and in order, and
/// writes replies without ever blocking the server. Everything here runs on the server's queue.
// @unchecked: every mutable property is touched only on the server queue.
final class ControlConnection: @unchecked Sendable {
    let fd: Int32
    let peer: PeerCredentials
    private unowned let server: ControlServer
    private var input: [UInt8] = []
    /// Bytes of `input` already searched for a newline.
    private var scanned = 0
    private var output: [UInt8] = []
    private var sent = 0
    private var readSource: DispatchSourceRead?
    private var readSuspended = false
    private var writeSource: DispatchSourceWrite?
    private var idleTimer: DispatchSourceTimer?
    /// Sources whose cancel handler has not run yet; the descriptor is closed when it reaches zero.
    private var liveSources = 0
    /// A request is with the daemon; later lines wait.
    private var inFlight = false
    /// The client shut its side down.
    private var ended = false
    /// Close once the output is flushed.
    private var closeWhenFlushed = false
    private(set) var closed = false
    /// In watch mode: events are pushed, input is ignored.
    private(set) var watching = false

    init(fd: Int32, peer: PeerCredentials, server: ControlServer) {
        self.fd = fd
        self.peer = peer
        self.server = server
    }

    func start() {
        let read = DispatchSource.makeReadSource(fileDescriptor: fd, queue: server.queue)
        read.setEventHandler { [weak self] in self?.readable() }
        // Strong: the connection lives until its last source is cancelled and the descriptor closed.
        read.setCancelHandler { self.sourceCancelled() }
        liveSources += 1
        readSource = read
        let timer = DispatchSource.makeTimerSource(queue: server.queue)
        timer.setEventHandler { [weak self] in self?.idle() }
        timer.setCancelHandler { self.sourceCancelled() }
        liveSources += 1
        idleTimer = timer
        touch()
        timer.resume()
        read.resume()
    }

    /// Pushes the idle deadline out by the limit.
    private func touch() {
        idleTimer?.schedule(
            deadline: .now() + .seconds(server.limits.idleTimeout), leeway: .milliseconds(100))
    }

    private func readable() {
        guard !closed else { return }
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        if n < 0 {
            if errno == EAGAIN || errno == EINTR { return }
            close()
            return
        }
        if n == 0 {
            // A watcher that hung up is done. One that only shut down its writing side (socat does, at the end
            // of its input) still reads events: POLLHUP tells the two apart on a Unix socket; a full close
            // after that shows at the next event it is sent.
            if watching {
                var p = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                if poll(&p, 1, 0) > 0 && (p.revents & Int16(POLLHUP)) != 0 {
                    close()
                } else {
                    ended = true
                    suspendReading()
                }
                return
            }
            ended = true
            // At end of file the source would fire forever; the rest is driven by replies.
            suspendReading()
            process()
            return
        }
        touch()
        if watching { return }
        input.append(contentsOf: chunk[0..<n])
        if inFlight && input.count > ControlProtocol.maxMessageBytes { suspendReading() }
        process()
    }

    private func suspendReading() {
        guard !readSuspended, let readSource else { return }
        readSource.suspend()
        readSuspended = true
    }

    private func resumeReading() {
        guard readSuspended, !ended, let readSource else { return }
        readSource.resume()
        readSuspended = false
    }

    /// Handles complete lines while no request is with the daemon.
    private func process() {
        while !inFlight && !closed && !closeWhenFlushed && !watching {
            if let newline = input[scanned...].firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(input[0..<newline])
                input.removeFirst(newline + 1)
                scanned = 0
                guard line.count < ControlProtocol.maxMessageBytes else {
                    tooLarge()
                    return
                }
                handle(line)
                continue
            }
            scanned = input.count
            if input.count >= ControlProtocol.maxMessageBytes {
                tooLarge()
                return
            }
            if ended {
                // A last request without its newline still counts (`printf '{…}' | socat`).
                if !input.isEmpty {
                    let line = input
                    input = []
                    scanned = 0
                    handle(line)
                    continue
                }
                closeWhenFlushed = true
                flush()
            }
            return
        }
        if !inFlight { resumeReading() }
    }

    private func tooLarge() {
        input = []
        reply(
            id: .null,
            .failure(
                ControlFailure(
                    .tooLarge,
                    "the request is longer than \(ControlProtocol.maxMessageBytes) bytes; the connection is closed")))
        closeWhenFlushed = true
        flush()
    }

    private func handle(_ raw: [UInt8]) {
        var line = raw
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        // Blank lines are allowed between requests (a person typing into socat).
        guard line.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { return }
        let request: ControlRequest
        switch ControlRequest.parse(line) {
        case .failure(let e):
            server.count(\.malformed)
            reply(id: e.id, .failure(e.failure))
            return
        case .success(let r): request = r
        }
        if request.command == .watch {
            guard server.watcherCount < server.limits.maxWatchers else {
                reply(
                    id: request.id,
                    .failure(ControlFailure(.busy, "\(server.limits.maxWatchers) watchers are connected already")))
                return
            }
            watching = true
            input = []
            server.watcherStarted(self)
            reply(id: request.id, .success(.object(["watching": .bool(true)])))
            return
        }
        if request.command.changesState && !server.access.allows(peer) {
            server.count(\.refused)
            let peer = peer
            let handler = server.handler
            server.stateQueue.async { handler.refused(request, peer) }
            reply(
                id: request.id,
                .failure(
                    ControlFailure(
                        .forbidden,
                        "\(peer.userName) (uid \(peer.uid)) may read but not change state: '\(request.command.rawValue)'"
                            + " is allowed to root, the daemon's user, and the users and groups in the config's"
                            + " control-users and control-groups")))
            return
        }
        inFlight = true
        let peer = peer
        let handler = server.handler
        let queue = server.queue
        server.stateQueue.async {
            let result = handler.answer(request, peer)
            queue.async { [weak self] in
                guard let self, !self.closed else { return }
                self.inFlight = false
                self.reply(id: request.id, result)
                self.touch()
                self.process()
            }
        }
    }

    private func reply(id: JSONValue, _ result: Result<JSONValue, ControlFailure>) {
        server.count(\.replies)
        switch result {
        case .success(let value): send(ControlReply.success(id: id, value))
        case .failure(let failure): send(ControlReply.failure(id: id, failure))
        }
    }

    /// Queues one line and writes what the socket takes now.
    func send(_ line: String) {
        guard !closed else { return }
        output.append(contentsOf: line.utf8)
        output.append(UInt8(ascii: "\n"))
        let limit = watching ? server.limits.maxWatcherBacklog : server.limits.maxPendingOutput
        guard output.count - sent <= limit else {
            // A client that does not read cannot be told anything more; it is dropped, nothing else waits.
            close()
            return
        }
        flush()
    }

    private func flush() {
        while sent < output.count {
            let n = output.withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT))
            }
            if n > 0 {
                sent += n
                touch()
                continue
            }
            if n < 0 && (errno == EAGAIN || errno == EINTR) {
                waitWritable()
                return
            }
            close()
            return
        }
        output.removeAll(keepingCapacity: output.count < 65_536)
        sent = 0
        if let writeSource {
            writeSource.cancel()
            self.writeSource = nil
        }
        if closeWhenFlushed { close() }
    }

    private func waitWritable() {
        guard writeSource == nil else { return }
        let source = DispatchSource.makeWriteSource(fileDescriptor: fd, queue: server.queue)
        source.setEventHandler { [weak self] in self?.flush() }
        source.setCancelHandler { self.sourceCancelled() }
        liveSources += 1
        writeSource = source
        source.resume()
    }

    private func idle() {
        guard !closed else { return }
        if watching {
            // Watchers may be quiet for days; only one that stopped taking events is dropped.
            if sent < output.count { close() } else { touch() }
            return
        }
        if inFlight {
            touch()
            return
        }
        if sent < output.count {
            close()
            return
        }
        reply(
            id: .null,
            .failure(
                ControlFailure(
                    .timeout,
                    "no complete request for \(server.limits.idleTimeout) s; the connection is closed")))
        closeWhenFlushed = true
        flush()
    }

    /// Closes at once, dropping anything unsent.
    func close() {
        guard !closed else { return }
        closed = true
        if readSuspended, let readSource {
            readSource.resume()
            readSuspended = false
        }
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
