/// The one-off items of an agenda due in a range, in time order, each built from its plan when read.
public struct FixedWindow: RandomAccessCollection, Sendable {
    /// The agenda whose time line this is a slice of.
    let agenda: Agenda
    /// Positions on the agenda's time line.
    let range: Range<Int>

    /// The first position.
    public var startIndex: Int { range.lowerBound }
    /// Past the last position.
    public var endIndex: Int { range.upperBound }

    /// The item at a position, built.
    public subscript(position: Int) -> AgendaItem { agenda.fixedItem(at: position) }

    /// The due time of the item at a position (nothing is built).
    public func due(at position: Int) -> Int64 { agenda.fixedDue(at: position) }
}
