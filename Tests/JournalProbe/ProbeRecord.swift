/// One JSON line on the probe's standard input: an entry for `send`, or a log record for `log`.
struct ProbeRecord: Decodable {
    /// The message.
    var message: String
    /// `send`: the numeric priority (default 6, info).
    var priority: Int32?
    /// `send`: a ``MessageID`` case name, such as `reminder`.
    var messageID: String?
    /// `send`: fields as `[name, value]` pairs, in order.
    var fields: [[String]]?
    /// `send`: a path to wait for (at most 10 s) before sending this record.
    var waitFor: String?
    /// `log`: the swift-log level name (default `info`).
    var level: String?
    /// `log`: string metadata.
    var metadata: [String: String]?
}
