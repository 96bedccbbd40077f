/// One row of the report's calendar: a page (its channels' cells joined), a channel no page names, the items
/// without a channel, or the channels beyond the row limit joined.
struct ReportRow {
    /// The row's name (a page's title, a channel id).
    var label: String
    /// A second line: the channels it joins.
    var detail: String
    /// The page's verdict, when the row is a page with one.
    var verdict: PaceVerdict?
    /// Whether the row is a page of the pace reply (it has a verdict dot even without a verdict).
    var isPage: Bool
    /// One cell per day of the window.
    var cells: [ReportCell]

    /// Joins another row's cells into this one.
    mutating func merge(_ cells: [ReportCell]) {
        for i in self.cells.indices where i < cells.count { self.cells[i].merge(cells[i]) }
    }
}
