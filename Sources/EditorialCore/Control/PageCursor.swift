/// The `cursor` of a list page, as the daemon gives it: a position `due|id` after the last item of an agenda or
/// overdue page (items that come and go between pages do not shift the next one), or `b:N`, an offset into the
/// blocked list (whose order changes with time, so an offset is the honest cursor).
public enum PageCursor: Hashable, Sendable {
    /// After the item due at `due` with id `id`.
    case after(due: Int64, id: String)
    /// The `n`th item on.
    case offset(Int)

    /// The text sent as `next_cursor`.
    public var text: String {
        switch self {
        case .after(let due, let id): "\(due)|\(id)"
        case .offset(let n): "b:\(n)"
        }
    }

    /// Reads a cursor of the expected form (`offset` for the blocked list, positions otherwise); a text the
    /// daemon did not give is `bad-argument`. `nil` when no cursor was sent.
    public static func read(_ text: String?, offset: Bool) throws(ControlFailure) -> PageCursor? {
        guard let text else { return nil }
        if offset, text.hasPrefix("b:"), let n = Int(text.dropFirst(2)), n >= 0 { return .offset(n) }
        if !offset, let bar = text.firstIndex(of: "|"), let due = Int64(text[..<bar]) {
            return .after(due: due, id: String(text[text.index(after: bar)...]))
        }
        throw ControlFailure(.badArgument, "a cursor that this daemon did not give")
    }
}
