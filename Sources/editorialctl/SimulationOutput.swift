import EditorialCore
import Foundation

/// How `simulate` writes its entries as they come, through one buffer: a line per entry as the daemon's console
/// shows it, or the reply's JSON with one entry per line (members in sorted order, the entries streamed). A month of
/// a large plan set is hundreds of thousands of entries, so each is written straight from its parts.
struct SimulationOutput {
    /// JSON instead of text.
    let json: Bool
    /// The zone local times are shown in.
    let zone: ZoneRules
    private var buffer: [UInt8] = []
    private var count = 0

    /// A writer of `json` or text in `zone`.
    init(json: Bool, zone: ZoneRules) {
        self.json = json
        self.zone = zone
        buffer.reserveCapacity(1 << 17)
    }

    /// The members before the entries (JSON only).
    mutating func begin(down: Range<Int64>?) {
        guard json else { return }
        let from = down.map { JSONValue.string(TimeText.utc($0.lowerBound)) } ?? .null
        let until = down.map { JSONValue.string(TimeText.utc($0.upperBound)) } ?? .null
        append("{\n  \"down_from\": \(from.compact),\n  \"down_until\": \(until.compact),\n  \"entries\": [")
    }

    /// One entry the dry run worked out here, sent at `at`.
    mutating func write(_ entry: JournalEntry, at: Int64) {
        write(
            at: at, priority: entry.priority, messageID: entry.messageID?.rawValue, message: entry.message,
            fields: entry.fields)
    }

    /// One entry the dry run worked out here, sent at `at`, when only its line is written (text): its fields are
    /// never formatted.
    mutating func write(_ output: DriverOutput, at: Int64, formatter: EventFormatter) {
        guard json else {
            let (message, priority, id) = output.headline(formatter)
            write(at: at, priority: priority, messageID: id?.rawValue, message: message, fields: [JournalField]())
            return
        }
        write(Simulation.entry(output, at: at, formatter: formatter), at: at)
    }

    /// One entry of the daemon's reply.
    mutating func write(_ entry: SimulatedEntry) {
        write(
            at: entry.at.seconds, priority: JournalPriority(rawValue: Int32(entry.priority)) ?? .info,
            messageID: entry.messageID, message: entry.message, fields: entry.fields)
    }

    /// The members after the entries (JSON), or a note on standard error when nothing would be sent (text).
    mutating func end(from: Int64, to: Int64, zone team: String) {
        if json {
            append(count > 0 ? "\n  ],\n" : "],\n")
            append("  \"from\": \(JSONValue.string(TimeText.utc(from)).compact),\n  \"next\": null,\n")
            append("  \"to\": \(JSONValue.string(TimeText.utc(to)).compact),\n  \"truncated\": false,\n")
            append("  \"zone\": \(JSONValue.string(team).compact)\n}\n")
        }
        flush()
        if !json && count == 0 {
            Terminal.error("nothing would be sent from \(local(from)) to \(local(to))")
        }
    }

    private mutating func write(
        at: Int64, priority: JournalPriority, messageID: String?, message: String, fields: [some NamedValue]
    ) {
        count += 1
        if json {
            // The members in sorted order, as the daemon's writer puts them.
            append(count > 1 ? ",\n    {\"at\":\"" : "\n    {\"at\":\"")
            append(TimeText.utc(at))
            append("\",\"fields\":[")
            for (i, field) in fields.enumerated() {
                append(i == 0 ? "{\"name\":" : ",{\"name\":")
                append(JSONValue.string(field.name).compact)
                append(",\"value\":")
                append(JSONValue.string(field.value).compact)
                append("}")
            }
            append("],\"message\":")
            append(JSONValue.string(message).compact)
            append(",\"message_id\":")
            append(messageID.map { JSONValue.string($0).compact } ?? "null")
            append(",\"priority\":\(priority.rawValue)}")
        } else {
            line(at: at, priority: priority, messageID: messageID, message: message)
        }
        if buffer.count >= 1 << 16 { flush() }
    }

    /// `2027-01-14 09:00:00 +01:00 notice [due]: Due now: …`, a multi-line message's other lines indented under its
    /// first.
    private mutating func line(at: Int64, priority: JournalPriority, messageID: String?, message: String) {
        let kind = messageID.flatMap { Self.kinds[$0] } ?? ""
        let name: String
        switch priority {
        case .emergency, .alert, .critical, .error: name = Terminal.paint(priority.name, "1;31")
        case .warning: name = Terminal.paint(priority.name, "33")
        default: name = priority.name
        }
        let time = local(at)
        // Appended piece by piece: joining them first costs a string each, hundreds of thousands of times.
        append(time)
        append(" ")
        append(name)
        append(kind)
        append(": ")
        guard message.utf8.contains(UInt8(ascii: "\n")) else {
            append(message)
            append("\n")
            return
        }
        let indent = "\n" + String(repeating: " ", count: time.count + 1 + priority.name.count + kind.count + 2)
        append(message.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: indent) + "\n")
    }

    /// ` [due]` by MESSAGE_ID: the catalog name, as the console log writes it.
    private static let kinds = Dictionary(uniqueKeysWithValues: MessageID.allCases.map { ($0.rawValue, " [\($0)]") })

    /// `2027-01-14 09:00:00 +01:00` in the display zone.
    private func local(_ t: Int64) -> String {
        let offset = zone.offset(atUTC: t)
        return LocalDateTime(secondsSinceEpochAsUTC: t + Int64(offset)).text(separator: UInt8(ascii: " ")) + " "
            + TimeText.offsetText(offset)
    }

    private mutating func append(_ text: String) { buffer.append(contentsOf: text.utf8) }

    private mutating func flush() {
        guard !buffer.isEmpty else { return }
        FileHandle.standardOutput.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}
