import EditorialCore
import Logging
import Synchronization

/// A swift-log handler that writes every record to an event sink (a ``Journal``) as a structured entry.
///
/// The level becomes `PRIORITY`, the message `MESSAGE`, each metadata key a field (named by
/// ``JournalEntry/fieldName(_:)``, in key order), and the call site `CODE_FILE`, `CODE_LINE` and
/// `CODE_FUNC`. A `message_id` metadata value that is a ``MessageID`` raw value becomes `MESSAGE_ID`;
/// an error attached to the record becomes `ERROR`.
public struct JournalLogHandler: LogHandler {
    /// The metadata key whose value (a ``MessageID`` raw value) becomes the entry's `MESSAGE_ID`.
    public static let messageIDKey = "message_id"

    /// The sink.
    public let journal: any EventSink
    /// The logger's label (not written; loggers are told apart by their metadata and `CODE_FILE`).
    public let label: String
    /// Records below this level are dropped (by `Logger`, before they reach the handler).
    public var logLevel: Logger.Level
    /// Metadata added to every record of this handler.
    public var metadata: Logger.Metadata = [:]
    /// Metadata added to every record at the time it is logged.
    public var metadataProvider: Logger.MetadataProvider?

    /// A handler for the logger `label` writing to `journal`.
    public init(
        label: String, journal: any EventSink, logLevel: Logger.Level = .info,
        metadataProvider: Logger.MetadataProvider? = nil
    ) {
        self.label = label
        self.journal = journal
        self.logLevel = logLevel
        self.metadataProvider = metadataProvider
    }

    /// The metadata value for `key`.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes the record to the journal.
    public func log(event: LogEvent) {
        journal.send(entry(for: event))
    }

    /// The journal entry for a record: this handler's metadata, then the provider's, then the record's own
    /// (later ones win for the same key).
    public func entry(for event: LogEvent) -> JournalEntry {
        var merged = metadata
        if let provided = metadataProvider?.get() {
            merged.merge(provided) { _, new in new }
        }
        if let own = event.metadata {
            merged.merge(own) { _, new in new }
        }
        var messageID: MessageID?
        if let value = merged[Self.messageIDKey], let id = MessageID(rawValue: Self.text(value)) {
            messageID = id
            merged[Self.messageIDKey] = nil
        }
        var fields = merged.sorted { $0.key < $1.key }.map { JournalField($0.key, Self.text($0.value)) }
        if let error = event.error {
            fields.append(JournalField("ERROR", String(describing: error)))
        }
        fields.append(JournalField("CODE_FILE", event.file))
        fields.append(JournalField("CODE_LINE", String(event.line)))
        fields.append(JournalField("CODE_FUNC", event.function))
        return JournalEntry(
            event.message.description, priority: JournalPriority(event.level), messageID: messageID, fields: fields)
    }

    /// The text of a metadata value: strings as they are, everything else as swift-log prints it.
    static func text(_ value: Logger.Metadata.Value) -> String {
        if case .string(let string) = value { return string }
        return value.description
    }

    private static let bootstrapped = Mutex(false)

    /// Makes every `Logger` write to `journal` at `logLevel` or above; later calls do nothing.
    ///
    /// `LoggingSystem.bootstrap` may run only once per process; this returns whether this call installed
    /// the handler.
    @discardableResult
    public static func bootstrap(journal: any EventSink, logLevel: Logger.Level = .info) -> Bool {
        let first = bootstrapped.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return false }
        LoggingSystem.bootstrap(
            { label, provider in
                JournalLogHandler(label: label, journal: journal, logLevel: logLevel, metadataProvider: provider)
            }, metadataProvider: nil)
        return true
    }
}
