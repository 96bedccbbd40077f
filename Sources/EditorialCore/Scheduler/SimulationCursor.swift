/// Where a page of a dry run ended: the instant of its last entry and how many entries at that instant it held.
/// Written `SECONDS+COUNT` (`1806393600+2`): the next page starts with the entry after those.
public struct SimulationCursor: Hashable, Sendable, CustomStringConvertible {
    /// The instant of the last entry returned (epoch seconds).
    public var at: Int64
    /// How many entries at `at` were returned so far.
    public var count: Int

    /// A cursor.
    public init(at: Int64, count: Int) {
        self.at = at
        self.count = count
    }

    /// Reads `SECONDS+COUNT`; `nil` for anything else.
    public init?(text: String) {
        let parts = text.split(separator: "+", omittingEmptySubsequences: false)
        guard parts.count == 2, let at = Int64(parts[0]), let count = Int(parts[1]), count > 0 else { return nil }
        self.init(at: at, count: count)
    }

    /// `SECONDS+COUNT`.
    public var description: String { "\(at)+\(count)" }

    /// Whether the entry that is the `index`-th (from 1) at instant `instant` was on a page up to this cursor.
    public func covers(_ instant: Int64, index: Int) -> Bool { instant < at || (instant == at && index <= count) }
}
