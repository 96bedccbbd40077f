import EditorialCore

/// A journal field as either end has it: a name and a value.
protocol NamedValue {
    /// The field name.
    var name: String { get }
    /// Its value.
    var value: String { get }
}

extension JournalField: NamedValue {}
extension SimulatedEntry.Field: NamedValue {}
