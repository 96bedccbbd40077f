/// What one delivery attempt came to: delivered, worth another try (perhaps after a wait the receiver asked for),
/// or failed for good (another try cannot help: a 404, a command that says its input is wrong).
public enum DeliveryOutcome: Hashable, Sendable {
    /// The receiver took it; the text says how ("HTTP 200", "exit status 0").
    case delivered(String)
    /// A transient failure ("HTTP 503", "timed out after 10 s", "connection refused"); `after` is how many
    /// seconds the receiver asked to wait (`Retry-After`), when it did.
    case retry(String, after: Int64?)
    /// A permanent failure: the delivery is dead at once.
    case failed(String)
}
