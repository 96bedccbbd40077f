/// A failure that ends a benchmark with a message (exit status 1).
struct BenchError: Error, CustomStringConvertible {
    /// What went wrong.
    let description: String

    /// The exit status of a run whose figures miss a timing target (an error is 1, a bad command line 2): a smoke
    /// run on a busy machine can tell the harness working from the machine being slow.
    static let targetMissed: Int32 = 3

    /// An error with the given message.
    init(_ description: String) {
        self.description = description
    }
}
