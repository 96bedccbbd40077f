/// Order statistics of a sample (latencies in microseconds, timings in seconds).
struct Distribution {
    /// The values, sorted ascending.
    let sorted: [Double]

    /// The distribution of `values`.
    init(_ values: [Double]) {
        sorted = values.sorted()
    }

    /// The number of values.
    var count: Int { sorted.count }

    /// The `p`-th percentile (0…100), nearest rank; NaN when empty.
    func percentile(_ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[Swift.min(Swift.max(rank, 1), sorted.count) - 1]
    }

    /// The smallest value.
    var min: Double { sorted.first ?? .nan }
    /// The largest value.
    var max: Double { sorted.last ?? .nan }

    /// `p50 X, p99 Y, max Z` with `digits` decimals and `unit`.
    func summary(_ digits: Int, _ unit: String) -> String {
        "p50 \(Measure.format(percentile(50), digits)) \(unit), p99 \(Measure.format(percentile(99), digits)) \(unit), "
            + "max \(Measure.format(max, digits)) \(unit)"
    }

    /// `min–max` of a few repeated figures, e.g. `0.21–0.25`.
    static func spread(_ values: [Double], _ digits: Int) -> String {
        guard let lo = values.min(), let hi = values.max() else { return "-" }
        return "\(Measure.format(lo, digits))–\(Measure.format(hi, digits))"
    }
}
