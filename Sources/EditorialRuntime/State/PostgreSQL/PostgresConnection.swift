import CPostgres
import Foundation

/// One libpq connection, opened again after it is lost. Not thread-safe: its owner serializes the calls (the
/// store's locks), hence `@unchecked Sendable`.
///
/// Statements are sent with parameters in text form and their answers awaited with `poll(2)` under a deadline:
/// a server that stops answering (SIGSTOP, a partition, a full disk) costs `timeout` seconds and a lost
/// connection, never a daemon stuck in a system call. libpq's `connect_timeout` bounds the connection itself.
final class PostgresConnection: @unchecked Sendable {
    /// libpq's connection keywords and values, in order: a later keyword overrides an earlier one, and the first
    /// `dbname` may be a whole connection string (libpq's `expand_dbname`). Asked at each connection, so that a
    /// rotated password is read anew.
    private let parameters: () throws(PostgresError) -> [(String, String)]
    /// How long one statement may go unanswered before the connection is given up (seconds).
    let timeout: Double
    /// Runs on every new connection before it is used (a session lock to take again); its error drops it.
    private let prepare: ((PostgresConnection) throws(PostgresError) -> Void)?
    private var connection: OpaquePointer?

    /// Connects with `parameters`, then runs `prepare` on the new session.
    init(
        parameters: @escaping () throws(PostgresError) -> [(String, String)], timeout: Double,
        prepare: ((PostgresConnection) throws(PostgresError) -> Void)? = nil
    ) throws(PostgresError) {
        self.parameters = parameters
        self.timeout = timeout
        self.prepare = prepare
        try connect()
    }

    deinit { PQfinish(connection) }

    /// Whether the connection is open (as far as libpq knows without asking the server).
    var isOpen: Bool { connection.map { PQstatus($0) == CONNECTION_OK } ?? false }

    /// The server's version number (150018 for 15.18).
    var serverVersion: Int { connection.map { Int(PQserverVersion($0)) } ?? 0 }

    /// Drops the connection; the next statement opens a new one.
    func disconnect() {
        PQfinish(connection)
        connection = nil
    }

    /// Runs one statement with `arguments` as its `$1`, `$2`, … (text form; nil is NULL) and returns its rows.
    /// With `retryable` (a read, or a transaction's BEGIN: nothing is written by sending it twice), a connection
    /// found lost is opened again and the statement sent once more.
    @discardableResult
    func execute(_ sql: String, _ arguments: [String?] = [], retryable: Bool = false) throws(PostgresError)
        -> PostgresResult
    {
        do {
            return try send(sql, arguments)
        } catch  where error.connectionLost && retryable {
            return try send(sql, arguments)
        }
    }

    /// Runs several statements without parameters in one round trip (a migration's script).
    func executeScript(_ sql: String) throws(PostgresError) {
        _ = try send(sql, [], script: true)
    }

    /// Runs `body` inside BEGIN … COMMIT; any error rolls back (or, with the connection lost, leaves the server to
    /// roll back) and is thrown again.
    func transaction<T>(_ body: () throws(PostgresError) -> T) throws(PostgresError) -> T {
        try execute("BEGIN", retryable: true)
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            if error.connectionLost { disconnect() } else { _ = try? execute("ROLLBACK") }
            throw error
        }
    }

    /// How many times a session was opened (a listener that sees it grow knows it may have missed notifications).
    private(set) var connections = 0

    /// The payloads of the notifications that arrived (`LISTEN`, run by `prepare`), waiting at most `seconds` for
    /// the first when none is there yet; a lost session is opened again first.
    func notifications(waiting seconds: Double) throws(PostgresError) -> [String] {
        if !isOpen { try connect() }
        guard let connection else { throw lost("no connection") }
        var payloads = try drain(connection)
        guard payloads.isEmpty else { return payloads }
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
        let events = try wait(connection, Int16(POLLIN), deadline, failing: false)
        if events & Int16(POLLIN) != 0 { payloads = try drain(connection) }
        return payloads
    }

    /// Reads what the server sent and takes the notifications out of it.
    private func drain(_ connection: OpaquePointer) throws(PostgresError) -> [String] {
        guard PQconsumeInput(connection) == 1 else {
            let message = Self.text(PQerrorMessage(connection))
            disconnect()
            throw PostgresError(sqlState: nil, message: message, connectionLost: true)
        }
        var payloads: [String] = []
        while let notice = PQnotifies(connection) {
            payloads.append(String(cString: notice.pointee.extra))
            PQfreemem(notice)
        }
        return payloads
    }

    // MARK: Private

    private func connect() throws(PostgresError) {
        disconnect()
        connections += 1
        let parameters = try parameters()
        var keywords = parameters.map { strdup($0.0) }
        var values = parameters.map { strdup($0.1) }
        defer {
            keywords.forEach { free($0) }
            values.forEach { free($0) }
        }
        keywords.append(nil)
        values.append(nil)
        let opened = keywords.withUnsafeBufferPointer { k in
            values.withUnsafeBufferPointer { v in
                k.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: k.count) { kp in
                    v.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: v.count) { vp in
                        PQconnectdbParams(kp, vp, 1)
                    }
                }
            }
        }
        guard let opened else {
            throw PostgresError(sqlState: nil, message: "libpq could not allocate a connection", connectionLost: true)
        }
        guard PQstatus(opened) == CONNECTION_OK else {
            let message = Self.text(PQerrorMessage(opened))
            PQfinish(opened)
            throw PostgresError(sqlState: nil, message: message, connectionLost: true)
        }
        // Non-blocking, so that sending a large batch to a server that stopped reading cannot block forever.
        PQsetnonblocking(opened, 1)
        connection = opened
        do {
            try prepare?(self)
        } catch {
            disconnect()
            throw PostgresError(sqlState: error.sqlState, message: error.message, connectionLost: true)
        }
    }

    private func send(_ sql: String, _ arguments: [String?], script: Bool = false) throws(PostgresError)
        -> PostgresResult
    {
        // A C string ends at its first NUL, and PostgreSQL's text cannot hold one: refuse rather than cut it short.
        if sql.utf8.contains(0) || arguments.contains(where: { $0?.utf8.contains(0) == true }) {
            throw PostgresError(
                sqlState: "22021", message: "a text value holds a NUL character, which PostgreSQL cannot store",
                connectionLost: false)
        }
        if !isOpen { try connect() }
        guard let connection else { throw lost("no connection") }
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(timeout * 1e9)
        var copies = arguments.map { $0.map { strdup($0) } ?? nil }
        defer { copies.forEach { free($0) } }
        let sent =
            script
            ? PQsendQuery(connection, sql)
            : copies.withUnsafeMutableBufferPointer { buffer in
                buffer.baseAddress.map {
                    $0.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: buffer.count) { values in
                        PQsendQueryParams(connection, sql, Int32(buffer.count), nil, values, nil, nil, 0)
                    }
                } ?? PQsendQueryParams(connection, sql, 0, nil, nil, nil, nil, 0)
            }
        guard sent == 1 else { throw lost(Self.text(PQerrorMessage(connection))) }
        while true {
            let flushed = PQflush(connection)
            if flushed == 0 { break }
            guard flushed > 0 else { throw lost(Self.text(PQerrorMessage(connection))) }
            let events = try wait(connection, Int16(POLLIN | POLLOUT), deadline)
            if events & Int16(POLLIN) != 0, PQconsumeInput(connection) != 1 {
                throw lost(Self.text(PQerrorMessage(connection)))
            }
        }
        var last: OpaquePointer?
        var failure: PostgresError?
        while true {
            while PQisBusy(connection) == 1 {
                _ = try wait(connection, Int16(POLLIN), deadline)
                guard PQconsumeInput(connection) == 1 else {
                    PQclear(last)
                    throw lost(Self.text(PQerrorMessage(connection)))
                }
            }
            guard let result = PQgetResult(connection) else { break }
            switch PQresultStatus(result) {
            case PGRES_COMMAND_OK, PGRES_TUPLES_OK:
                PQclear(last)
                last = result
            default:
                if failure == nil { failure = error(result, connection) }
                PQclear(result)
            }
        }
        if let failure {
            PQclear(last)
            if failure.connectionLost { disconnect() }
            throw failure
        }
        return PostgresResult(last)
    }

    /// Waits until the socket is ready for `events` or the deadline passes (then the connection is dropped, unless
    /// `failing` is false: then 0 is returned).
    private func wait(
        _ connection: OpaquePointer, _ events: Int16, _ deadline: UInt64, failing: Bool = true
    ) throws(PostgresError) -> Int16 {
        var descriptor = pollfd(fd: PQsocket(connection), events: events, revents: 0)
        while true {
            let now = DispatchTime.now().uptimeNanoseconds
            guard now < deadline else {
                guard failing else { return 0 }
                throw lost("no answer from the server within \(Self.seconds(timeout)) s")
            }
            let milliseconds = Int32(min((deadline - now) / 1_000_000 + 1, UInt64(Int32.max)))
            let ready = poll(&descriptor, 1, milliseconds)
            if ready > 0 { return descriptor.revents }
            if ready < 0 && errno != EINTR { throw lost(String(cString: strerror(errno))) }
        }
    }

    private func lost(_ message: String) -> PostgresError {
        disconnect()
        return PostgresError(sqlState: nil, message: message, connectionLost: true)
    }

    private func error(_ result: OpaquePointer, _ connection: OpaquePointer) -> PostgresError {
        let state = PQresultErrorField(result, editoriald_pg_diag_sqlstate).map { String(cString: $0) }
        let primary = PQresultErrorField(result, editoriald_pg_diag_message_primary).map { String(cString: $0) }
        let message = primary ?? Self.text(PQresultErrorMessage(result))
        // Class 08 (connection exception) and 57P01–57P03 (the server shutting down or not yet up) mean the
        // session is over even when libpq has not noticed yet.
        let gone =
            PQstatus(connection) != CONNECTION_OK || state?.hasPrefix("08") == true
            || ["57P01", "57P02", "57P03"].contains(state ?? "")
        return PostgresError(sqlState: state, message: message, connectionLost: gone)
    }

    /// libpq's message, on one line.
    private static func text(_ message: UnsafePointer<CChar>?) -> String {
        let text = message.map { String(cString: $0) } ?? ""
        let line = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: "; ")
        return line.isEmpty ? "connection failed" : line
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
