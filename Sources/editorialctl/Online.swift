import ArgumentParser
import EditorialClient
import EditorialCore
import Foundation

/// One request to the daemon, with errors turned into messages and exit statuses.
enum Online {
    /// Sends `call` and returns its reply; prints the error and exits on failure (3 when unreachable, 1 for an
    /// error reply, or `failureStatus`).
    static func call<C: ControlCall>(
        _ connection: Connection, _ call: C, failureStatus: (ControlFailure) -> Int32 = { _ in ExitStatus.failure }
    ) throws -> C.Reply {
        do {
            return try ControlClient(path: connection.path).call(call, timeout: connection.timeout)
        } catch {
            throw report(error, json: connection.json, failureStatus: failureStatus)
        }
    }

    /// Fetches every page of a list (up to `max` items) on one connection; returns the items and the last page.
    static func all<C: PagedCall>(_ connection: Connection, _ first: C, max: Int?) throws -> ([ItemEntry], C.Reply) {
        var items: [ItemEntry] = []
        var call = first
        do {
            let client = try ControlClient(path: connection.path)
            while true {
                call.limit = min(ControlProtocol.maxLimit, (max ?? Int.max) - items.count)
                let page = try client.call(call, timeout: connection.timeout)
                items += page.items
                guard let cursor = page.nextCursor, items.count < (max ?? Int.max) else { return (items, page) }
                call.cursor = cursor
            }
        } catch {
            throw report(error, json: connection.json, failureStatus: { _ in ExitStatus.failure })
        }
    }

    /// Prints what went wrong (as JSON with `--json`) and gives the exit status to leave with.
    static func report(_ error: ControlClientError, json: Bool, failureStatus: (ControlFailure) -> Int32) -> ExitCode {
        switch error {
        case .unreachable(let message), .lost(let message):
            Terminal.error("editorialctl: \(message)")
            return ExitCode(ExitStatus.unreachable)
        case .failed(let failure):
            if json {
                Terminal.printJSON(.object(["error": failure.json]))
            } else {
                Terminal.error("editorialctl: \(failure.message) [\(failure.code.rawValue)]")
            }
            return ExitCode(failureStatus(failure))
        }
    }

    /// The display zone: `--tz`, else `TZ`, else the system's.
    static func zone(_ tz: String?) throws -> ZoneRules {
        let name =
            tz ?? ProcessInfo.processInfo.environment["TZ"].flatMap { $0.isEmpty ? nil : $0 }
            ?? TimeZone.current.identifier
        guard let zone = ZoneRules(identifier: name.hasPrefix(":") ? String(name.dropFirst()) : name) else {
            throw ValidationError("unknown time zone '\(name)'")
        }
        return zone
    }

    /// `2027-01-05 09:30 +01:00` for an instant in `zone`.
    static func local(_ t: Instant, _ zone: ZoneRules) -> String { local(t.seconds, zone) }

    /// `2027-01-05 09:30 +01:00` for an instant in `zone`.
    static func local(_ t: Int64, _ zone: ZoneRules) -> String {
        let offset = zone.offset(atUTC: t)
        let text = LocalDateTime(secondsSinceEpochAsUTC: t + Int64(offset)).description
        return text.prefix(10) + " " + text.dropFirst(11).prefix(5) + " " + TimeText.offsetText(offset)
    }
}
