/// A list request answered page by page (`agenda`, `overdue`, `blocked`): send it again with the previous page's
/// `next_cursor` until that is `null`.
public protocol PagedCall: ControlCall where Reply: ItemPage {
    /// Items per page.
    var limit: Int? { get set }
    /// The previous page's `next_cursor`.
    var cursor: String? { get set }
}

/// One page of items with the cursor of the next.
public protocol ItemPage: Codable, Sendable {
    /// The page's entries.
    var items: [ItemEntry] { get }
    /// The cursor of the next page; `nil` on the last.
    var nextCursor: String? { get }
}

extension AgendaCall: PagedCall {}
extension ListCall: PagedCall {}
extension AgendaPage: ItemPage {}
extension ListPage: ItemPage {}
