/// An inline SVG stacked bar chart: one bar per label, the series stacked bottom up in order, with a y axis of
/// round ticks and some x labels. Each series is one `<path>`, so 52 weeks of four series cost a few kilobytes.
/// Without axes it is a sparkline.
public struct StackedBarChart: Sendable {
    /// One label per bar (the x axis shows some of them).
    public var labels: [String]
    /// The layers, bottom first.
    public var series: [ChartSeries]
    /// Width in CSS pixels (the chart scales down with its container).
    public var width: Int
    /// Height in CSS pixels.
    public var height: Int
    /// The chart's text for assistive technology and the DOM (`<title>`); escaped here.
    public var title: String
    /// Draw the y axis ticks and the x labels.
    public var axes: Bool

    /// Creates a chart.
    public init(
        labels: [String], series: [ChartSeries], width: Int = 520, height: Int = 160, title: String,
        axes: Bool = true
    ) {
        self.labels = labels
        self.series = series
        self.width = width
        self.height = height
        self.title = title
        self.axes = axes
    }

    /// The smallest of 1, 2, 5, 10, 20, 50, … that is at least `value` (at least 1).
    public static func roundCeiling(_ value: Int) -> Int {
        var step = 1
        while true {
            for m in [1, 2, 5] where m * step >= value { return m * step }
            step *= 10
        }
    }

    /// The `<svg>` element.
    public func svg() -> String {
        let n = labels.count
        let left: Double = axes ? 30 : 0
        let bottom: Double = axes ? 16 : 0
        let top: Double = axes ? 6 : 1
        let plotWidth = Double(width) - left - (axes ? 4 : 0)
        let plotHeight = Double(height) - top - bottom
        var totals = Array(repeating: 0, count: n)
        for s in series {
            for (i, v) in s.values.prefix(n).enumerated() { totals[i] += max(0, v) }
        }
        let scale = Self.roundCeiling(totals.max() ?? 0)
        let unit = plotHeight / Double(scale)
        let slot = n == 0 ? plotWidth : plotWidth / Double(n)
        let bar = max(1, slot * (n > 26 ? 0.8 : 0.66))
        let f = ReportFormat.number
        let text = HTMLText.escape(title)
        var out =
            "<svg class=\"\(axes ? "chart" : "spark")\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" "
            + "height=\"\(height)\" role=\"img\" aria-label=\"\(text)\"><title>\(text)</title>"
        if axes {
            // Round ticks only: the half of 10, 20, 50, … and none between 0 and 1 or 5.
            let ticks = scale % 2 == 0 ? [0, scale / 2, scale] : [0, scale]
            for t in ticks {
                let y = top + plotHeight - Double(t) * unit
                out += "<path class=\"ax\" d=\"M\(f(left)) \(f(y))h\(f(plotWidth))\"/>"
                out += "<text x=\"\(f(left - 4))\" y=\"\(f(y + 3.5))\" text-anchor=\"end\">\(t)</text>"
            }
            let every = max(1, (n + 7) / 8)
            for i in stride(from: 0, to: n, by: every) {
                let x = left + slot * (Double(i) + 0.5)
                out +=
                    "<text x=\"\(f(x))\" y=\"\(f(Double(height) - 3))\" text-anchor=\"middle\">"
                    + "\(HTMLText.escape(labels[i]))</text>"
            }
        }
        var base = Array(repeating: 0.0, count: n)
        for s in series {
            var d = ""
            for (i, v) in s.values.prefix(n).enumerated() where v > 0 {
                let h = Double(v) * unit
                let x = left + slot * Double(i) + (slot - bar) / 2
                let y = top + plotHeight - base[i] - h
                d += "M\(f(x)) \(f(y))h\(f(bar))v\(f(h))h\(f(-bar))z"
                base[i] += h
            }
            if !d.isEmpty { out += "<path class=\"\(HTMLText.escape(s.cssClass))\" d=\"\(d)\"/>" }
        }
        return out + "</svg>"
    }
}
