/// Builds reply lines: `{"v":1,"id":…,"ok":true,"result":{…}}` or `{"v":1,"id":…,"ok":false,"error":{…}}`.
/// Event lines of `watch` are `{"v":1,"event":{…}}`.
public enum ControlReply {
    /// A success reply line (no newline).
    public static func success(id: JSONValue, _ result: JSONValue) -> String {
        JSONValue.object(["v": .int(ControlProtocol.version), "id": id, "ok": .bool(true), "result": result]).compact
    }

    /// A success reply line (no newline) around a result already written as compact JSON text (`JSONWritable`):
    /// the same bytes as `success(id:_:)` of that result's `JSONValue`.
    public static func success(id: JSONValue, resultText: [UInt8]) -> [UInt8] {
        var line: [UInt8] = []
        line.reserveCapacity(resultText.count + 64)
        line.append(contentsOf: #"{"id":"#.utf8)
        id.write(into: &line, indent: nil, depth: 0)
        line.append(contentsOf: #","ok":true,"result":"#.utf8)
        line.append(contentsOf: resultText)
        line.append(contentsOf: #","v":"#.utf8)
        JSONValue.writeInteger(ControlProtocol.version, into: &line)
        line.append(UInt8(ascii: "}"))
        return line
    }

    /// An error reply line (no newline).
    public static func failure(id: JSONValue, _ failure: ControlFailure) -> String {
        JSONValue.object(["v": .int(ControlProtocol.version), "id": id, "ok": .bool(false), "error": failure.json])
            .compact
    }

    /// A `watch` event line (no newline).
    public static func event(_ event: JSONValue) -> String {
        JSONValue.object(["v": .int(ControlProtocol.version), "event": event]).compact
    }
}
