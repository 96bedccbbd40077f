/// How a coder's value is reached from its parent's (`JSONValueEncoder`, `JSONValueDecoder`); `root` adds nothing
/// to the coding path.
enum CodingPathComponent {
    /// The top-level value.
    case root
    /// A member, by its key's string and int values.
    case key(String, Int?)
    /// An array element.
    case index(Int)

    /// A coding-path key rebuilt from a component (only when a path is asked for, which is rare).
    struct Key: CodingKey {
        /// The member name, or `Index N`.
        let stringValue: String
        /// The element index, if any.
        let intValue: Int?

        /// A key named `stringValue`.
        init(stringValue: String) {
            self.stringValue = stringValue
            intValue = nil
        }

        /// A key for index `intValue`.
        init(intValue: Int) {
            stringValue = String(intValue)
            self.intValue = intValue
        }

        /// A key with both values, as a `CodingKey` gave them.
        init(_ stringValue: String, _ intValue: Int?) {
            self.stringValue = stringValue
            self.intValue = intValue
        }

        /// The key of array element `index`, as Foundation's coders name it.
        init(index: Int) {
            stringValue = "Index \(index)"
            intValue = index
        }
    }
}
