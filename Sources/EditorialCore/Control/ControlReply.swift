/// Builds reply lines: `{"v":1,"id":…,"ok":true,"result":{…}}` or `{"v":1,"id":…,"ok":false,"error":{…}}`.
/// Event lines of `watch` are `{"v":1,"event":{…}}`.
public enum ControlReply {
    /// A success reply line (no newline).
    public static func success(id: JSONValue, _ result: JSONValue) -> String {
        JSONValue.object(["v": .int(ControlProtocol.version), "id": id, "ok": .bool(true), "result": result]).compact
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
