/// What to do with a local time that falls in a spring-forward gap (it never happens on the wall clock).
public enum DSTGapPolicy: String, Sendable, Hashable {
    /// Move the time forward by the length of the gap (02:30 in a one-hour gap becomes 03:30).
    case shiftForward = "shift-forward"
    /// Drop the occurrence (it is still reported, with no UTC instant, so callers can warn).
    case skip
}
