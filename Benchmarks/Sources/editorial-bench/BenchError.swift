/// A failure that ends a benchmark with a message (exit status 1).
struct BenchError: Error, CustomStringConvertible {
    /// What went wrong.
    let description: String

    /// An error with the given message.
    init(_ description: String) {
        self.description = description
    }
}
