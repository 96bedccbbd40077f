import ArgumentParser

/// The options `overdue` and `blocked` share.
struct ListOptions: ParsableArguments {
    /// At most this many items.
    @Option(name: .long, help: "Show at most this many items (default: all).")
    var limit: Int?

    /// The display zone.
    @Option(name: .long, help: "Display time zone (IANA name); default TZ or the system zone.")
    var tz: String?

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
    }
}
