/// Local times `lower..<upper` (seconds since the epoch read as UTC) all resolve normally with `offset`.
struct LocalSpan: Sendable {
    /// Inclusive lower bound.
    var lower: Int64
    /// Exclusive upper bound.
    var upper: Int64
    /// Offset in force for every local time in the span.
    var offset: Int
}
