/// One channel's day in the report's calendar, aggregated: how many items by status, and only the first few of
/// them by name, so that a day with hundreds of items costs the page what a day with three does.
public struct ReportCell: Hashable, Sendable {
    /// Items by status, indexed as `ItemStatus.allCases`.
    public private(set) var counts: [Int]
    /// The earliest items, at most `keep`.
    public private(set) var first: [ReportCellItem]
    /// How many items it holds.
    public private(set) var total: Int
    /// How many items it names.
    public let keep: Int

    /// An empty cell naming at most `keep` items.
    public init(keep: Int) {
        counts = Array(repeating: 0, count: ItemStatus.allCases.count)
        first = []
        total = 0
        self.keep = keep
    }

    /// A cell as a `grid` reply gives it: counts in `ItemStatus.allCases` order, its first items and total.
    public init(counts: [Int], first: [ReportCellItem], total: Int, keep: Int) {
        self.counts = counts
        self.first = first
        self.total = total
        self.keep = keep
    }

    /// Counts an item and names it when it is among the earliest `keep`.
    public mutating func add(_ item: ReportCellItem) {
        counts[Self.index(item.status)] += 1
        total += 1
        if first.count < keep {
            first.append(item)
            // The agenda comes in due order, so this is almost always already sorted.
            if first.count > 1, ReportCellItem.earlier(item, first[first.count - 2]) {
                first.sort(by: ReportCellItem.earlier)
            }
        } else if let last = first.last, ReportCellItem.earlier(item, last) {
            first[first.count - 1] = item
            first.sort(by: ReportCellItem.earlier)
        }
    }

    /// Adds everything `other` holds (a page's row joins the cells of its channels).
    public mutating func merge(_ other: ReportCell) {
        for i in counts.indices { counts[i] += other.counts[i] }
        total += other.total
        first = Array((first + other.first).sorted(by: ReportCellItem.earlier).prefix(keep))
    }

    /// Items of `status`.
    public func count(_ status: ItemStatus) -> Int { counts[Self.index(status)] }

    /// The status that colours the cell: the most urgent one present (blocked, overdue, due, planned, then the
    /// finished ones); `nil` when empty.
    public var worst: ItemStatus? { Self.urgency.first { count($0) > 0 } }

    /// Statuses from the most urgent to the least: the order of a cell's counts and colours.
    public static let urgency: [ItemStatus] = [.blocked, .overdue, .due, .planned, .published, .done, .skipped]

    /// The position of `status` in `ItemStatus.allCases`.
    private static func index(_ status: ItemStatus) -> Int {
        switch status {
        case .planned: 0
        case .due: 1
        case .overdue: 2
        case .blocked: 3
        case .done: 4
        case .published: 5
        case .skipped: 6
        }
    }
}
