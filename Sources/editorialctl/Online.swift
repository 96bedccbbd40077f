import ArgumentParser
import EditorialCore
import EditorialRuntime
import Foundation

/// One request to the daemon, with errors turned into messages and exit statuses.
enum Online {
    /// Sends `command` and returns the result; prints the error and exits on failure (3 when unreachable,
    /// 1 for an error reply, or `failureStatus`).
    static func call(
        _ options: ConnectionOptions, _ command: ControlCommand, _ arguments: [String: JSONValue] = [:],
        failureStatus: (ControlFailure) -> Int32 = { _ in ExitStatus.failure }
    ) throws -> JSONValue {
        do {
            let client = try ControlClient(path: options.path)
            return try client.call(command, arguments, timeout: options.timeout)
        } catch {
            throw report(error, json: options.json, failureStatus: failureStatus)
        }
    }

    /// Fetches every page of a list command (up to `max` items) and returns the items and the last reply.
    static func all(
        _ options: ConnectionOptions, _ command: ControlCommand, _ arguments: [String: JSONValue], max: Int?
    ) throws -> (items: [JSONValue], last: JSONValue) {
        var items: [JSONValue] = []
        var arguments = arguments
        do {
            let client = try ControlClient(path: options.path)
            while true {
                let want = min(ControlProtocol.maxLimit, (max ?? Int.max) - items.count)
                arguments["limit"] = .int(Int64(want))
                let result = try client.call(command, arguments, timeout: options.timeout)
                items += result["items"]?.array ?? []
                guard let cursor = result["next_cursor"]?.string, items.count < (max ?? Int.max) else {
                    return (items, result)
                }
                arguments["cursor"] = .string(cursor)
            }
        } catch {
            throw report(error, json: options.json, failureStatus: { _ in ExitStatus.failure })
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

    /// `2027-01-05 09:30 +01:00` for an RFC 3339 UTC text, in `zone`.
    static func local(_ utcText: String?, _ zone: ZoneRules) -> String {
        guard let utcText, case .success(.instant(let t)) = TimeText.parse(utcText) else { return utcText ?? "-" }
        return local(t, zone)
    }

    /// `2027-01-05 09:30 +01:00` for an instant in `zone`.
    static func local(_ t: Int64, _ zone: ZoneRules) -> String {
        let offset = zone.offset(atUTC: t)
        let text = LocalDateTime(secondsSinceEpochAsUTC: t + Int64(offset)).description
        return text.prefix(10) + " " + text.dropFirst(11).prefix(5) + " " + TimeText.offsetText(offset)
    }
}
