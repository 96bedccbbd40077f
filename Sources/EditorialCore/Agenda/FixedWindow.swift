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

    /// The id of the item at a position (the item is not built).
    public func id(at position: Int) -> String { agenda.fixedItems.id(agenda.fixedRef(at: position)) }

    /// The progress the plan file records for the item at a position.
    func progress(at position: Int) -> Progress? { agenda.fixedItems.progress(agenda.fixedRef(at: position)) }

    /// Whether the item at a position needs others done first.
    func hasNeeds(at position: Int) -> Bool { agenda.fixedItems.hasNeeds(agenda.fixedRef(at: position)) }

    /// The position of the item with that id, if it is in the window.
    func position(of id: String) -> Int? {
        guard let ref = agenda.fixedItems.ref(id), let t = agenda.fixedItems.item(ref).due else { return nil }
        // The items due at the same second are next to each other: found by due time, then by place.
        var low = range.lowerBound
        var high = range.upperBound
        while low < high {
            let mid = (low + high) / 2
            if due(at: mid) < t { low = mid + 1 } else { high = mid }
        }
        var position = low
        while position < range.upperBound && due(at: position) == t {
            if agenda.fixedRef(at: position) == ref { return position }
            position += 1
        }
        return nil
    }
}
