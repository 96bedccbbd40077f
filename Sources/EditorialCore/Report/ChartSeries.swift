/// One layer of a stacked bar chart: its name (for the legend and the chart's text) and CSS class (its colour),
/// and one value per bar.
public struct ChartSeries: Hashable, Sendable {
    /// What it counts (`on time`).
    public var name: String
    /// The class its bars get (`s-on`); the page's style gives it a fill.
    public var cssClass: String
    /// One value per bar, oldest first.
    public var values: [Int]

    /// Creates a series.
    public init(name: String, cssClass: String, values: [Int]) {
        self.name = name
        self.cssClass = cssClass
        self.values = values
    }
}
